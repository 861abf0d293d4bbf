package vn.pulse.testing.property;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How often each label (a class of samples, such as "accepts" and "refuses") came up in a property's
 * tries, with the least share each must have: a property that never (or hardly ever) meets a case
 * proves little about it.
 * <pre>{@code
 * Coverage verdicts = new Coverage("gateway").atLeast("accepts", 5).atLeast("refuses", 5);
 * Property.check("gateEvents", seed, 250, events, verdicts, event -> {
 *     verdicts.count(valid ? "accepts" : "refuses");
 *     ...
 * });
 * }</pre>
 * Shares are of all counts: count one label per try.
 */
public final class Coverage {

    private final String name;
    private final Map<String, Double> minimums = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private int total;

    /** Coverage called {@code name} in messages, with no minimums yet. */
    public Coverage(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Requires {@code label} to make up at least {@code percent} % of all counts; returns this. */
    public synchronized Coverage atLeast(String label, double percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent: must be from 0 to 100, is " + percent);
        }
        minimums.put(Objects.requireNonNull(label, "label"), percent);
        return this;
    }

    /** Counts one sample under {@code label}. */
    public synchronized void count(String label) {
        counts.merge(Objects.requireNonNull(label, "label"), 1, Integer::sum);
        total++;
    }

    /** How many samples were counted under {@code label}. */
    public synchronized int times(String label) {
        return counts.getOrDefault(label, 0);
    }

    /** The share of all counts that {@code label} has, in percent (0 when nothing was counted). */
    public synchronized double percentage(String label) {
        return total == 0 ? 0 : 100.0 * times(label) / total;
    }

    /**
     * Throws an {@link AssertionError} naming every label whose share is below its minimum, with all
     * the counts; does nothing when each minimum is met.
     */
    public synchronized void check() {
        String missed = minimums.entrySet().stream()
                .filter(m -> percentage(m.getKey()) < m.getValue())
                .map(m -> String.format("%s is %.1f %% (at least %s %% needed)", m.getKey(), percentage(m.getKey()), m.getValue()))
                .collect(Collectors.joining("; "));
        if (!missed.isEmpty()) {
            throw new AssertionError("coverage " + name + ": " + missed + "; counted " + this);
        }
    }

    /** The counts and shares, e.g. {@code accepts 40 (16.0 %), refuses 210 (84.0 %) of 250}. */
    @Override
    public synchronized String toString() {
        return counts.entrySet().stream()
                .map(c -> String.format("%s %d (%.1f %%)", c.getKey(), c.getValue(), percentage(c.getKey())))
                .collect(Collectors.joining(", ", "", " of " + total));
    }
}
