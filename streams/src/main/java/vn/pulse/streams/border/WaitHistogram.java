package vn.pulse.streams.border;

import java.util.Collections;
import java.util.List;

/**
 * Waiting times of one gate-hour as a sparse histogram of whole minutes: {@code minutes} ascending
 * and distinct, {@code counts} the crossings at each. Percentiles are exact to the minute (nearest
 * rank). Operates on the lists of a {@code GateHour}.
 */
final class WaitHistogram {

    private WaitHistogram() {
    }

    /** Adds one wait of {@code minute} minutes (already capped), in place. */
    static void add(List<Integer> minutes, List<Long> counts, int minute) {
        int i = Collections.binarySearch(minutes, minute);
        if (i >= 0) {
            counts.set(i, Math.incrementExact(counts.get(i)));
        } else {
            int at = -i - 1;
            minutes.add(at, minute);
            counts.add(at, 1L);
        }
    }

    /**
     * The {@code percent}-th percentile by nearest rank: the smallest wait such that at least
     * {@code percent}% of the samples are at or below it; {@code null} without samples.
     */
    static Integer percentile(List<Integer> minutes, List<Long> counts, int percent) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (total * percent + 99) / 100);
        long seen = 0;
        for (int i = 0; i < minutes.size(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return minutes.get(i);
            }
        }
        return minutes.get(minutes.size() - 1);
    }
}
