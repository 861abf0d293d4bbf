package vn.pulse.streams.border;

import java.math.BigDecimal;
import java.time.Instant;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.TradePeriod;

/**
 * A gate's trade in one day, month or year, as the aggregator keeps it in memory: money in whole
 * cents and weight in kilograms (the scales of {@link GateTrade}'s decimals), counts as longs.
 * Converted to and from {@link GateTrade} only when it is stored or written out. Mutable; one
 * processor's.
 */
final class TradeTally {

    /** Money: {@code decimal(18,2)}, weight: {@code decimal(18,3)}; both at most 18 digits. */
    static final int USD_SCALE = 2;
    static final int TONS_SCALE = 3;
    private static final long MAX_UNSCALED = 999_999_999_999_999_999L;

    final String gate;
    final TradePeriod granularity;
    final String period;
    /** {@link vn.pulse.core.contract.AggregateKeys#gateTrade}, and the mark of a pending emission of it. */
    final String key;
    final String mark;
    long exportCents;
    long importCents;
    long exportKilograms;
    long importKilograms;
    long exportVehicles;
    long importVehicles;
    long greenLaneVehicles;
    long asOf;

    TradeTally(String gate, TradePeriod granularity, String period, long asOf) {
        this.gate = gate;
        this.granularity = granularity;
        this.period = period;
        this.key = AggregateKeys.gateTrade(gate, granularity, period);
        this.mark = GateAggregator.TRADE_MARK + key;
        this.asOf = asOf;
    }

    static TradeTally of(GateTrade t) {
        TradeTally tally = new TradeTally(t.getGateCode(), t.getGranularity(), t.getPeriod(), t.getAsOf().toEpochMilli());
        tally.exportCents = unscaled("exportValueUsd", t.getExportValueUsd(), USD_SCALE);
        tally.importCents = unscaled("importValueUsd", t.getImportValueUsd(), USD_SCALE);
        tally.exportKilograms = unscaled("exportTons", t.getExportTons(), TONS_SCALE);
        tally.importKilograms = unscaled("importTons", t.getImportTons(), TONS_SCALE);
        tally.exportVehicles = t.getExportVehicles();
        tally.importVehicles = t.getImportVehicles();
        tally.greenLaneVehicles = t.getGreenLaneVehicles();
        return tally;
    }

    GateTrade toAvro() {
        return GateTrade.newBuilder()
                .setGateCode(gate).setGranularity(granularity).setPeriod(period)
                .setExportValueUsd(BigDecimal.valueOf(exportCents, USD_SCALE))
                .setImportValueUsd(BigDecimal.valueOf(importCents, USD_SCALE))
                .setExportTons(BigDecimal.valueOf(exportKilograms, TONS_SCALE))
                .setImportTons(BigDecimal.valueOf(importKilograms, TONS_SCALE))
                .setExportVehicles(exportVehicles).setImportVehicles(importVehicles).setGreenLaneVehicles(greenLaneVehicles)
                .setAsOf(Instant.ofEpochMilli(asOf))
                .build();
    }

    /**
     * Checks that one crossing of {@code cents} and {@code kilograms} fits this total; throws an
     * {@link ArithmeticException} naming the field and the total otherwise, before anything changed.
     */
    void checkAdd(TradeDirection direction, long cents, long kilograms) {
        String total = "the gate's " + granularity + " " + period + " total";
        boolean export = direction == TradeDirection.EXPORT;
        checkSum(export ? "exportValueUsd" : "importValueUsd", total, export ? exportCents : importCents, cents, USD_SCALE);
        checkSum(export ? "exportTons" : "importTons", total, export ? exportKilograms : importKilograms, kilograms, TONS_SCALE);
        Math.incrementExact(export ? exportVehicles : importVehicles);
        Math.incrementExact(greenLaneVehicles);
    }

    /** Adds one crossing (checked with {@link #checkAdd} first). */
    void add(GateEvent event, long cents, long kilograms) {
        if (event.getDirection() == TradeDirection.EXPORT) {
            exportCents += cents;
            exportKilograms += kilograms;
            exportVehicles++;
        } else {
            importCents += cents;
            importKilograms += kilograms;
            importVehicles++;
        }
        if (event.getGreenLane()) {
            greenLaneVehicles++;
        }
        long at = event.getOccurredAt().toEpochMilli();
        if (at > asOf) {
            asOf = at;
        }
    }

    /**
     * {@code value} in units of {@code 10^-scale} (whole cents, kilograms), or an {@link ArithmeticException}
     * naming {@code field} when it has more decimals or digits than its decimal holds.
     */
    static long unscaled(String field, BigDecimal value, int scale) {
        if (value.signum() == 0) {
            return 0;
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(scale);
        } catch (ArithmeticException e) {
            throw new ArithmeticException(field + ": " + value.toPlainString() + " has more than " + scale + " decimals");
        }
        if (scaled.precision() > 18) {
            throw new ArithmeticException(field + ": " + value.toPlainString() + " is more than decimal(18," + scale + ") holds");
        }
        return scaled.unscaledValue().longValue();
    }

    private static void checkSum(String field, String totalName, long total, long amount, int scale) {
        long sum = Math.addExact(total, amount);
        if (sum > MAX_UNSCALED || sum < -MAX_UNSCALED) {
            throw new ArithmeticException(field + ": " + totalName + " would be " + BigDecimal.valueOf(total, scale)
                    .add(BigDecimal.valueOf(amount, scale)).toPlainString() + ", more than decimal(18," + scale
                    + ") holds (largest " + BigDecimal.valueOf(MAX_UNSCALED, scale).toPlainString() + ")");
        }
    }
}
