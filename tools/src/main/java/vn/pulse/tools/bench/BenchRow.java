package vn.pulse.tools.bench;

/**
 * One line of the bench table.
 *
 * @param id       the row's number in docs/benchmarks.md plus a letter, e.g. {@code 1a}
 * @param what     what was measured, e.g. "raw producer (acks=all, idempotent)"
 * @param metric   the figure's name, e.g. "records/s" or "p99 at half rate"
 * @param value    the figure; {@code NaN} when not measured
 * @param unit     its unit
 * @param ratio    value against the row's baseline in the same run; {@code NaN} when there is none
 * @param baseline which row the ratio is against (e.g. {@code 2}); empty when there is none
 * @param target   the target in words, empty when the row has none
 * @param met      whether the target is met; {@code null} when there is no target or no figure
 */
public record BenchRow(String id, String what, String metric, double value, String unit, double ratio, String baseline,
                       String target, Boolean met) {

    /** A row with a figure and no target. */
    public static BenchRow figure(String id, String what, String metric, double value, String unit) {
        return new BenchRow(id, what, metric, value, unit, Double.NaN, "", "", null);
    }

    /** A row the bench does not measure yet (the issue keeps it open). */
    public static BenchRow notMeasured(String id, String what, String target) {
        return new BenchRow(id, what, "not measured yet", Double.NaN, "", Double.NaN, "", target, null);
    }

    /** A row that could not run here because an external program is missing ({@code reason} says which and how to get it). */
    public static BenchRow skipped(String id, String what, String reason) {
        return new BenchRow(id, what, "skipped: " + reason, Double.NaN, "", Double.NaN, "", "", null);
    }

    /** A row whose figure is compared with {@code baselineValue} of row {@code baseline}. */
    public BenchRow against(String baselineId, double baselineValue) {
        double r = baselineValue > 0 ? value / baselineValue : Double.NaN;
        return new BenchRow(id, what, metric, value, unit, r, baselineId, target, met);
    }

    /** The same row with a target and whether it is met. */
    public BenchRow target(String words, boolean isMet) {
        return new BenchRow(id, what, metric, value, unit, ratio, baseline, words, Double.isNaN(value) ? null : isMet);
    }

    public boolean measured() {
        return !Double.isNaN(value);
    }
}
