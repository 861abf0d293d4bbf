package vn.pulse.tools.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The small statistics the bench reports: medians of repeated runs, percentiles with their sample count, random phases. */
final class BenchStats {

    private BenchStats() {
    }

    /** The median of {@code values} (the mean of the middle two for an even count); {@code NaN} when there are none. */
    static double median(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * Nearest-rank percentiles of a set of durations, with how many there were: a p99 of fewer than
     * 100 samples is the maximum, and the count says so.
     */
    record Percentiles(int count, double p50Millis, double p90Millis, double p99Millis, double maxMillis) {

        static Percentiles of(List<Duration> samples) {
            long[] nanos = samples.stream().mapToLong(Duration::toNanos).sorted().toArray();
            return new Percentiles(nanos.length, rank(nanos, 0.50), rank(nanos, 0.90), rank(nanos, 0.99), rank(nanos, 1.0));
        }

        /** Whether the p99 is a real 99th percentile (at least 100 samples), not the maximum. */
        boolean p99Resolved() {
            return count >= 100;
        }

        String summary() {
            return String.format(Locale.ROOT, "n=%d p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms",
                    count, p50Millis, p90Millis, p99Millis, maxMillis);
        }

        private static double rank(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
        }
    }

    /**
     * A delay uniform in [0, {@code period}): waiting it before a sample puts the sample at a random
     * phase of any cycle whose length divides {@code period} (the Streams commits, the border's
     * emission punctuation), instead of right after the commit that ended the previous sample.
     */
    static Duration randomPhase(Random random, Duration period) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        return Duration.ofNanos((long) (random.nextDouble() * period.toNanos()));
    }
}
