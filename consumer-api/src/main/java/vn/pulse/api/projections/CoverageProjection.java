package vn.pulse.api.projections;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * When a coverage target is reached at the current rate (docs/reports.md, "How each figure is derived").
 *
 * <p>With {@code P} the age group's population, {@code C} the people counted by the measure up to the
 * end of {@code asOf} (first doses for {@code atLeastOneDose}, second doses for {@code twoDoses}),
 * {@code T} the target percentage and {@code W} the measure's doses of the {@value #RATE_WINDOW_DAYS}
 * days ending on {@code asOf}:
 * <ul>
 *   <li>the target is {@code N = ceil(T × P / 100)} people; {@code REACHED} when {@code C ≥ N};</li>
 *   <li>the rate is {@code W / 7} people per day; at that rate the {@code N − C} people still missing take
 *       {@code d = ceil((N − C) × 7 / W)} days, and the target is reached at the end of {@code asOf + d}:
 *       {@code ON_TRACK} with that date;</li>
 *   <li>{@code NOT_AT_THIS_RATE} when the rate is 0, or {@code d} is more than {@value #HORIZON_DAYS} days
 *       (a week's pace says nothing about a date further out), or the population is not known.</li>
 * </ul>
 */
public final class CoverageProjection {

    /** The days whose doses make the rate: {@code asOf} and the six before it. */
    public static final int RATE_WINDOW_DAYS = 7;
    /** The furthest date projected, in days after {@code asOf}; beyond it a target is "not at this rate". */
    public static final int HORIZON_DAYS = 365;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Where a target stands. */
    public enum Status {
        /** The coverage is at or above the target. */
        REACHED,
        /** Not yet, but at the current rate by {@code projectedDate}, within the horizon. */
        ON_TRACK,
        /** No doses in the window, the date beyond the horizon, or no population to measure against. */
        NOT_AT_THIS_RATE
    }

    /**
     * One target of one unit: the coverage as of the day, the target, the rate ({@code peoplePerDay}: the
     * measure's doses of the window divided by 7, half-up to 2 decimals), the status and the projected
     * date ({@code null} unless {@code ON_TRACK}). {@code currentPct} is truncated to 2 decimals like every
     * coverage percentage; {@code null} when the population is not known.
     */
    public record Projection(String ageGroup, String measure, BigDecimal currentPct, BigDecimal targetPct, BigDecimal peoplePerDay,
                             Status status, LocalDate projectedDate) {
    }

    private CoverageProjection() {
    }

    /**
     * @param population    the age group's population (0 or less: not known)
     * @param people        the people counted by the measure up to the end of {@code asOf}
     * @param windowDoses   the measure's doses of the {@value #RATE_WINDOW_DAYS} days ending on {@code asOf}
     */
    public static Projection project(String ageGroup, String measure, BigDecimal targetPct, long population, long people,
                                     long windowDoses, LocalDate asOf) {
        BigDecimal perDay = BigDecimal.valueOf(windowDoses).divide(BigDecimal.valueOf(RATE_WINDOW_DAYS), 2, RoundingMode.HALF_UP);
        if (population <= 0) {
            return new Projection(ageGroup, measure, null, targetPct, perDay, Status.NOT_AT_THIS_RATE, null);
        }
        BigDecimal currentPct = BigDecimal.valueOf(people).multiply(HUNDRED).divide(BigDecimal.valueOf(population), 2, RoundingMode.DOWN);
        long needed = targetPct.multiply(BigDecimal.valueOf(population)).divide(HUNDRED, 0, RoundingMode.CEILING).longValueExact();
        if (people >= needed) {
            return new Projection(ageGroup, measure, currentPct, targetPct, perDay, Status.REACHED, null);
        }
        if (windowDoses <= 0) {
            return new Projection(ageGroup, measure, currentPct, targetPct, perDay, Status.NOT_AT_THIS_RATE, null);
        }
        long missing = needed - people;
        long days = (Math.multiplyExact(missing, RATE_WINDOW_DAYS) + windowDoses - 1) / windowDoses;
        if (days > HORIZON_DAYS) {
            return new Projection(ageGroup, measure, currentPct, targetPct, perDay, Status.NOT_AT_THIS_RATE, null);
        }
        return new Projection(ageGroup, measure, currentPct, targetPct, perDay, Status.ON_TRACK, asOf.plusDays(days));
    }
}
