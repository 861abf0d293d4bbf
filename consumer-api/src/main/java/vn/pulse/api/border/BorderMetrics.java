package vn.pulse.api.border;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.function.Function;
import vn.pulse.core.reference.Gate;
import vn.pulse.core.reference.Gates;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.ProvinceTrade;

/**
 * The command center's border figures as gauges, read from the API's read model at each scrape:
 * <ul>
 *   <li>{@code pulse_border_trade_year_to_date_usd{direction}}: the province's export and import
 *       value in the latest year with figures (the replay's year during a replay);</li>
 *   <li>{@code pulse_border_trade_plan_ratio}: that year's trade against the year's plan, 0..1;</li>
 *   <li>{@code pulse_border_yard_backlog_vehicles{gate}}: vehicles waiting in each gate's yard.</li>
 * </ul>
 * NaN where nothing is known yet.
 */
final class BorderMetrics {

    private BorderMetrics() {
    }

    static void bind(BorderView view, MeterRegistry registry) {
        trade(view, registry, "export", ProvinceTrade::getExportValueUsd);
        trade(view, registry, "import", ProvinceTrade::getImportValueUsd);
        Gauge.builder("pulse.border.trade.plan.ratio", view, v -> latestYear(v, t -> percentOf(t.getPlanPct())))
                .description("The province's trade this year against its plan (0..1)").strongReference(true).register(registry);
        for (Gate gate : Gates.ALL) {
            Gauge.builder("pulse.border.yard.backlog.vehicles", view,
                            v -> v.yard(gate.code()).map(GateYard::getBacklog).map(Number::doubleValue).orElse(Double.NaN))
                    .description("Vehicles waiting in the gate's yard").tag("gate", gate.code()).strongReference(true).register(registry);
        }
    }

    private static void trade(BorderView view, MeterRegistry registry, String direction,
                              Function<ProvinceTrade, BigDecimal> value) {
        Gauge.builder("pulse.border.trade.year.to.date.usd", view, v -> latestYear(v, t -> value.apply(t).doubleValue()))
                .description("The province's trade value in the latest year with figures, USD")
                .tag("direction", direction).strongReference(true).register(registry);
    }

    private static double latestYear(BorderView view, Function<ProvinceTrade, Double> figure) {
        return view.latestYear().flatMap(view::year).map(figure).orElse(Double.NaN);
    }

    private static double percentOf(BigDecimal percent) {
        return percent == null ? Double.NaN : percent.doubleValue() / 100;
    }
}
