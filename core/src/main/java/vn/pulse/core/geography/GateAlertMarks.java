package vn.pulse.core.geography;

import java.time.Duration;
import java.util.Objects;

/**
 * A gate's own congestion alert marks, from a data set's {@code gate-alerts.csv}: the defaults of the
 * Streams app's {@code border.gate.<CODE>.alert.*} settings, which a deployment may still override
 * (docs/border.md). A {@code null} mark means the province-wide value ({@code border.alert.*}).
 *
 * @param gate              the gate's code
 * @param backlogRaise      raise the backlog alert at this many vehicles in the yard
 * @param backlogClear      clear it below this many
 * @param waitP90Raise      raise the wait alert when an hour's 90th percentile wait reaches this
 * @param waitP90Clear      clear it below this
 * @param waitP90MinSamples crossings outside the green lane an hour needs before its p90 counts
 */
public record GateAlertMarks(String gate, Long backlogRaise, Long backlogClear, Duration waitP90Raise, Duration waitP90Clear,
                             Integer waitP90MinSamples) {

    public GateAlertMarks {
        Objects.requireNonNull(gate, "gate");
    }
}
