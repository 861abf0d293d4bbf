package vn.pulse.api.projections;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.api.ApiModule;
import vn.pulse.api.border.BorderApi;
import vn.pulse.api.border.BorderView;
import vn.pulse.api.http.AsOfParameter;
import vn.pulse.api.http.DataHandler;
import vn.pulse.api.http.Request;
import vn.pulse.api.readmodel.AggregateReader;
import vn.pulse.api.vaccination.VaccinationApi;
import vn.pulse.api.vaccination.VaccinationView;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.reference.CoverageTarget;

/**
 * Where the figures are heading (docs/api.md, "Projections"):
 * <ul>
 *   <li>{@code GET /api/v1/vaccination/projections[?asOf=YYYY-MM-DD]}: for the province and each district,
 *       every coverage target of {@code reference.coverage-targets.v1} and the date it is reached at the
 *       rate of the 7 days ending on {@code asOf} ({@link CoverageProjection});</li>
 *   <li>{@code GET /api/v1/border/run-rate[?asOf=YYYY-MM-DD]}: the year's trade to date and its run-rate to
 *       the year's end against the plan and the previous year ({@link TradeRunRate}).</li>
 * </ul>
 * {@code asOf} defaults to today in the province. It reads the targets topic itself and the figures
 * the vaccination and border modules read.
 */
public final class ProjectionsApi implements ApiModule {

    private final VaccinationView vaccination;
    private final BorderView border;
    private final CoverageTargets targets;
    private final Map<String, Object> kafkaConfig;
    private final String targetsTopic;
    private final Deserializer<CoverageTarget> deserializer;
    private final Clock clock;

    private ProjectionsApi(VaccinationView vaccination, BorderView border, CoverageTargets targets, Map<String, Object> kafkaConfig,
                           String targetsTopic, Deserializer<CoverageTarget> deserializer, Clock clock) {
        this.vaccination = vaccination;
        this.border = border;
        this.targets = targets;
        this.kafkaConfig = kafkaConfig;
        this.targetsTopic = targetsTopic;
        this.deserializer = deserializer;
        this.clock = clock;
    }

    /**
     * Projections over the figures of the vaccination and border modules among {@code modules}, with the
     * targets read from {@code targetsTopic}.
     *
     * @param kafkaConfig {@code bootstrap.servers} and the {@code kafka.client.*} properties
     */
    public static ProjectionsApi over(List<ApiModule> modules, Map<String, Object> kafkaConfig, String targetsTopic,
                                      Deserializer<CoverageTarget> deserializer) {
        return new ProjectionsApi(only(modules, VaccinationApi.class).view(), only(modules, BorderApi.class).view(),
                new CoverageTargets(), Map.copyOf(kafkaConfig), targetsTopic, deserializer, Clock.systemUTC());
    }

    /** Serves the views given as they are, reading no topic (HTTP tests fill them themselves). */
    public static ProjectionsApi over(VaccinationView vaccination, BorderView border, CoverageTargets targets, Clock clock) {
        return new ProjectionsApi(vaccination, border, targets, Map.of(), null, null, clock);
    }

    private static <T> T only(List<ApiModule> modules, Class<T> type) {
        List<T> found = modules.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException("projections need exactly one " + type.getSimpleName() + " module, found " + found.size());
        }
        return found.get(0);
    }

    @Override
    public void install(Wiring wiring) {
        if (targetsTopic != null) {
            wiring.read(new AggregateReader<>(kafkaConfig, targetsTopic, deserializer, targets::apply, Clock.systemUTC()));
        }
        wiring.get("/api/v1/vaccination/projections", this::projections);
        wiring.get("/api/v1/border/run-rate", this::runRate);
    }

    private DataHandler.Answer projections(Request request) {
        LocalDate asOf = orToday(AsOfParameter.parse(request, DomainRules.localDate(DomainRules.CAMPAIGN_START),
                "the start of the vaccination campaign", clock));
        return () -> VaccinationProjections.of(vaccination, targets.all(), asOf, province(Geography.selected(), asOf),
                vaccination.unitsOn(asOf));
    }

    private DataHandler.Answer runRate(Request request) {
        LocalDate asOf = orToday(AsOfParameter.parse(request, DomainRules.localDate(DomainRules.EARLIEST_BORDER_EVENT),
                "the earliest border event time", clock));
        return () -> {
            int year = asOf.getYear();
            BigDecimal toDate = border.provinceTradeBetween(LocalDate.of(year, 1, 1), asOf, Integer.toString(year)).trade().tradeValueUsd();
            ProvinceTrade reference = border.year(year).orElse(null);
            return TradeRunRate.of(asOf, toDate, reference == null ? null : reference.getPlanValueUsd(),
                    reference == null ? null : reference.getPreviousYearValueUsd());
        };
    }

    private LocalDate orToday(LocalDate asOf) {
        return asOf != null ? asOf : LocalDate.now(clock.withZone(DomainRules.ZONE));
    }

    /**
     * The data set's province valid on {@code day} (its only one), else the unit at its top; what the
     * province's projections are of.
     */
    static VaccinationProjections.Unit province(GeoDataSet dataSet, LocalDate day) {
        List<AdminUnit> provinces = dataSet.unitsAt(AdminUnit.Level.PROVINCE).stream().filter(p -> p.validOn(day)).toList();
        AdminUnit unit = provinces.size() == 1 ? provinces.get(0)
                : dataSet.unitsAt(AdminUnit.Level.COUNTRY).stream().findFirst().orElse(null);
        return unit == null ? new VaccinationProjections.Unit(null, dataSet.name(), AdminUnit.Level.COUNTRY.key())
                : new VaccinationProjections.Unit(unit.code(), unit.name(), unit.level().key());
    }
}
