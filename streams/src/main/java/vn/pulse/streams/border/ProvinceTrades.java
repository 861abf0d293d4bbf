package vn.pulse.streams.border;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.GateYearTrade;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.border.ProvinceTradeState;
import vn.pulse.schemas.reference.TradePlan;

/** The province's yearly trade: the sum of its gates' year totals, set against the year's plan. */
final class ProvinceTrades {

    private static final BigDecimal ZERO_USD = BigDecimal.ZERO.setScale(2);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private ProvinceTrades() {
    }

    static ProvinceTradeState empty() {
        return ProvinceTradeState.newBuilder().setYear(0).setGates(new ArrayList<>()).build();
    }

    /** The state with {@code gateYear} (a gate's latest total for the year) in place of its earlier total. */
    static ProvinceTradeState withGate(String year, GateTrade gateYear, ProvinceTradeState state) {
        List<GateYearTrade> gates = new ArrayList<>(state.getGates());
        gates.removeIf(g -> g.getGateCode().equals(gateYear.getGateCode()));
        gates.add(GateYearTrade.newBuilder()
                .setGateCode(gateYear.getGateCode())
                .setExportValueUsd(gateYear.getExportValueUsd())
                .setImportValueUsd(gateYear.getImportValueUsd())
                .setAsOf(gateYear.getAsOf())
                .build());
        return ProvinceTradeState.newBuilder().setYear(Integer.parseInt(year)).setGates(gates).build();
    }

    /**
     * The year's figures: totals from {@code state} (null when nothing crossed yet), plan and
     * previous year from {@code plan} (null when unknown); percentages rounded half-up to 2 decimals.
     * At least one of them is present (the outer join of the two tables never joins two absences).
     */
    static ProvinceTrade figures(ProvinceTradeState state, TradePlan plan) {
        int year = state != null ? state.getYear() : plan.getYear();
        BigDecimal exports = ZERO_USD;
        BigDecimal imports = ZERO_USD;
        Instant asOf = null;
        if (state != null) {
            for (GateYearTrade gate : state.getGates()) {
                exports = exports.add(gate.getExportValueUsd());
                imports = imports.add(gate.getImportValueUsd());
                if (asOf == null || gate.getAsOf().isAfter(asOf)) {
                    asOf = gate.getAsOf();
                }
            }
        }
        BigDecimal total = exports.add(imports);
        BigDecimal planValue = plan == null ? null : plan.getPlanValueUsd();
        BigDecimal previous = plan == null ? null : plan.getPreviousYearValueUsd();
        return ProvinceTrade.newBuilder()
                .setYear(year)
                .setExportValueUsd(exports)
                .setImportValueUsd(imports)
                .setTradeValueUsd(total)
                .setPlanValueUsd(planValue)
                .setPreviousYearValueUsd(previous)
                .setPlanPct(percentOf(total, planValue))
                .setGrowthPct(previous == null ? null : percentOf(total.subtract(previous), previous))
                .setAsOf(asOf)
                .build();
    }

    /** {@code part} as a percentage of {@code whole}, half-up to 2 decimals; null if whole is null or zero. */
    static BigDecimal percentOf(BigDecimal part, BigDecimal whole) {
        if (whole == null || whole.signum() == 0) {
            return null;
        }
        return part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP);
    }
}
