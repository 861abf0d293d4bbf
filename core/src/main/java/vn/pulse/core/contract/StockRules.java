package vn.pulse.core.contract;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How vaccine stock is judged, in one place for the Streams app (which raises and clears the
 * stock-out alerts) and the API (which shows the figures): the 7-day average of daily doses, the days
 * of stock left at that rate, and the alert's marks with their hysteresis.
 *
 * <p>The days of stock are {@code onHand / (dosesInWindow / 7)}; the marks are compared exactly
 * ({@code onHand * 7 < raiseBelowDays * dosesInWindow}), the figures shown are rounded.
 */
public final class StockRules {

    /** Days in the window of the average: the window's last day and the six before it. */
    public static final int WINDOW_DAYS = 7;
    /** Default mark below which a stock-out alert is raised, in days of stock. */
    public static final int DEFAULT_RAISE_BELOW_DAYS = 7;
    /** Default mark an open stock-out alert must reach to clear, in days of stock. */
    public static final int DEFAULT_CLEAR_AT_DAYS = 14;

    private StockRules() {
    }

    /** The average doses per day over the window, rounded half-up to 2 decimals (days without doses count as 0). */
    public static BigDecimal averageDailyDoses(long dosesInWindow) {
        return BigDecimal.valueOf(dosesInWindow).divide(BigDecimal.valueOf(WINDOW_DAYS), 2, RoundingMode.HALF_UP);
    }

    /**
     * Days the stock on hand lasts at the window's average, rounded down to 1 decimal; 0 when nothing is
     * on hand; {@code null} when no dose was given in the window (the stock is not being used).
     */
    public static BigDecimal daysOfStock(long onHand, long dosesInWindow) {
        if (dosesInWindow <= 0) {
            return null;
        }
        if (onHand <= 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return BigDecimal.valueOf(Math.multiplyExact(onHand, WINDOW_DAYS))
                .divide(BigDecimal.valueOf(dosesInWindow), 1, RoundingMode.DOWN);
    }

    /**
     * Whether a stock not under alert must raise one: doses are being given (some in the window) and the
     * days of stock are below {@code raiseBelowDays}; this includes a stock used up (nothing on hand).
     */
    public static boolean raises(long onHand, long dosesInWindow, int raiseBelowDays) {
        return dosesInWindow > 0
                && (onHand <= 0 || Math.multiplyExact(onHand, WINDOW_DAYS) < Math.multiplyExact((long) raiseBelowDays, dosesInWindow));
    }

    /**
     * Whether an open alert clears: there is stock on hand and it lasts {@code clearAtDays} or more at the
     * average (or no dose was given in the window). A stock used up stays under alert until a delivery.
     */
    public static boolean clears(long onHand, long dosesInWindow, int clearAtDays) {
        return onHand > 0 && (dosesInWindow <= 0
                || Math.multiplyExact(onHand, WINDOW_DAYS) >= Math.multiplyExact((long) clearAtDays, dosesInWindow));
    }

    /** Why {@code raiseBelowDays} and {@code clearAtDays} cannot be the alert's marks, or null. */
    public static String marks(int raiseBelowDays, int clearAtDays) {
        if (raiseBelowDays < 1) {
            return "the raise mark must be at least 1 day, was " + raiseBelowDays;
        }
        if (clearAtDays <= raiseBelowDays) {
            return "the clear mark (" + clearAtDays + " days) must be above the raise mark (" + raiseBelowDays + " days)";
        }
        return null;
    }
}
