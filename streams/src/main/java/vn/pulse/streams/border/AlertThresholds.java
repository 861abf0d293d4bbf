package vn.pulse.streams.border;

/**
 * When a gate's congestion alerts are raised and cleared. Each alert has a raise mark and a lower
 * clear mark (hysteresis): it is raised when its metric reaches the raise mark and cleared only when
 * the metric falls below the clear mark, so a value hovering around one mark does not flap.
 *
 * @param backlogRaise        raise when the yard backlog reaches this many vehicles
 * @param backlogClear        clear when the backlog falls below this
 * @param waitP90RaiseMinutes raise when a complete hour's 90th percentile wait outside the green lane
 *                            reaches this (minutes)
 * @param waitP90ClearMinutes clear when it falls below this
 * @param minWaitSamples      an hour counts for the wait alert only with at least this many crossings
 *                            outside the green lane
 */
public record AlertThresholds(long backlogRaise, long backlogClear, long waitP90RaiseMinutes, long waitP90ClearMinutes,
                              int minWaitSamples) {

    public AlertThresholds {
        if (backlogClear < 0 || backlogClear >= backlogRaise) {
            throw new IllegalArgumentException("backlog alert: clear mark " + backlogClear
                    + " must be at least 0 and below the raise mark " + backlogRaise);
        }
        if (waitP90ClearMinutes < 0 || waitP90ClearMinutes >= waitP90RaiseMinutes) {
            throw new IllegalArgumentException("wait alert: clear mark " + waitP90ClearMinutes
                    + " min must be at least 0 and below the raise mark " + waitP90RaiseMinutes + " min");
        }
        if (minWaitSamples < 1) {
            throw new IllegalArgumentException("wait alert: minimum samples must be at least 1, was " + minWaitSamples);
        }
    }
}
