package vn.pulse.api.vaccination;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.function.Function;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;

/**
 * The command center's vaccination figures as gauges, read from the API's read model at each scrape:
 * <ul>
 *   <li>{@code pulse_vaccination_doses_administered{district}}: doses given in each district (sum for the province);</li>
 *   <li>{@code pulse_vaccination_doses_allocated}: doses delivered to the province and its districts;</li>
 *   <li>{@code pulse_vaccination_coverage_ratio{age_group,dose}}: the province's share of an age
 *       group with at least one dose ({@code dose="at_least_one"}) or two ({@code dose="two"}),
 *       0..1; NaN while the population is unknown.</li>
 * </ul>
 */
final class VaccinationMetrics {

    private VaccinationMetrics() {
    }

    static void bind(VaccinationView view, MeterRegistry registry) {
        for (District district : Districts.ALL) {
            Gauge.builder("pulse.vaccination.doses.administered", view, v -> v.district(district.code()).dosesAdministered())
                    .description("Doses administered, by district").tag("district", district.code()).strongReference(true).register(registry);
        }
        Gauge.builder("pulse.vaccination.doses.allocated", view, v -> v.province().dosesAllocated())
                .description("Doses allocated to the province and its districts").strongReference(true).register(registry);
        for (String group : AgeGroups.ALL) {
            coverage(view, registry, group, "at_least_one", VaccinationView.Coverage::atLeastOneDosePct);
            coverage(view, registry, group, "two", VaccinationView.Coverage::twoDosesPct);
        }
    }

    private static void coverage(VaccinationView view, MeterRegistry registry, String group, String dose,
                                 Function<VaccinationView.Coverage, BigDecimal> pct) {
        Gauge.builder("pulse.vaccination.coverage.ratio", view, v -> {
                    VaccinationView.Coverage c = v.province().coverage().get(group);
                    BigDecimal percent = c == null ? null : pct.apply(c);
                    return percent == null ? Double.NaN : percent.doubleValue() / 100;
                })
                .description("Share of the province's age group vaccinated (0..1)")
                .tag("age_group", group).tag("dose", dose).strongReference(true).register(registry);
    }
}
