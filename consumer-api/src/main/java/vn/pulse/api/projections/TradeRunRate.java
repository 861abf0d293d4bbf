package vn.pulse.api.projections;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import vn.pulse.api.table.Table;
import vn.pulse.api.table.Tabular;

/**
 * {@code GET /api/v1/border/run-rate}: the province's trade of the year of {@code asOf} up to the end of
 * that day, and where the year ends if the rest of it goes at the same pace, against the year's plan and
 * the previous year.
 *
 * <p>{@code daysElapsed} is the day of the year of {@code asOf} (its own day counted whole);
 * {@code runRateUsd = tradeToDateUsd × daysInYear / daysElapsed}, half-up to 2 decimals;
 * {@code runRatePlanPct = runRateUsd × 100 / planValueUsd} and
 * {@code runRateGrowthPct = (runRateUsd − previousYearValueUsd) × 100 / previousYearValueUsd}, half-up to
 * 2 decimals, {@code null} without a plan or a previous year. On 31 December the run-rate is the year's trade.
 */
public record TradeRunRate(LocalDate asOf, int year, int daysElapsed, int daysInYear, BigDecimal tradeToDateUsd,
                           BigDecimal runRateUsd, BigDecimal planValueUsd, BigDecimal runRatePlanPct,
                           BigDecimal previousYearValueUsd, BigDecimal runRateGrowthPct) implements Tabular {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * @param tradeToDateUsd the province's trade from 1 January to the end of {@code asOf}
     * @param plan           the year's plan, or {@code null}
     * @param previous       the previous year's trade, or {@code null}
     */
    public static TradeRunRate of(LocalDate asOf, BigDecimal tradeToDateUsd, BigDecimal plan, BigDecimal previous) {
        int elapsed = asOf.getDayOfYear();
        int days = asOf.lengthOfYear();
        BigDecimal toDate = tradeToDateUsd.setScale(2, RoundingMode.HALF_UP);
        BigDecimal runRate = toDate.multiply(BigDecimal.valueOf(days)).divide(BigDecimal.valueOf(elapsed), 2, RoundingMode.HALF_UP);
        return new TradeRunRate(asOf, asOf.getYear(), elapsed, days, toDate, runRate, plan, percentOf(runRate, plan), previous,
                previous == null ? null : percentOf(runRate.subtract(previous), previous));
    }

    private static BigDecimal percentOf(BigDecimal part, BigDecimal whole) {
        return whole == null || whole.signum() == 0 ? null : part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP);
    }

    @Override
    public Table table() {
        return Table.of("border-run-rate", asOf.toString(), TradeRunRate.class, List.of(this));
    }
}
