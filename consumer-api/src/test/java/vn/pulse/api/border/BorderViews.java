package vn.pulse.api.border;

import java.time.Clock;
import java.time.LocalDate;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.schemas.border.GateScreenings;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.reference.Gate;

/** Fills a {@link BorderView} as its topic readers would, for tests of other packages (the situation report). */
public final class BorderViews {

    private BorderViews() {
    }

    /** The border module over {@code view}, reading no topic. */
    public static BorderApi api(BorderView view, AlertsView alerts, Clock clock) {
        return BorderApi.over(view, alerts, clock);
    }

    public static void gate(BorderView view, Gate gate) {
        view.applyGate(gate.getCode(), gate);
    }

    public static void yard(BorderView view, GateYard yard) {
        view.applyYard(yard.getGateCode(), yard);
    }

    public static void trade(BorderView view, GateTrade trade) {
        view.applyTrade(AggregateKeys.gateTrade(trade.getGateCode(), trade.getGranularity(), trade.getPeriod()), trade);
    }

    public static void screenings(BorderView view, GateScreenings day) {
        view.applyScreenings(AggregateKeys.gateScreeningDay(day.getGateCode(), LocalDate.parse(day.getDate())), day);
    }

    public static void year(BorderView view, ProvinceTrade year) {
        view.applyYear(Integer.toString(year.getYear()), year);
    }
}
