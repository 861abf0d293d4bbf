package vn.pulse.api.readmodel;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import vn.pulse.core.ops.Readiness;

/**
 * All aggregate readers of one API instance: whether it is ready, and how fresh its answers are.
 */
public final class ReadModel implements AutoCloseable {

    /** How long ago a reader may last have been at the end of its topic and still count as ready. */
    public static final long MAX_STALENESS_MILLIS = 5_000;

    private final List<TopicReader> readers = new ArrayList<>();

    public void add(TopicReader reader) {
        readers.add(reader);
    }

    /** Reports every reader's lag, throughput, freshness and Kafka consumer metrics to {@code registry}. */
    public void bindMetrics(MeterRegistry registry) {
        readers.forEach(reader -> reader.bindMetrics(registry));
    }

    public void start() {
        readers.forEach(TopicReader::start);
    }

    /** Ready once every reader has reached the end of its topic at least once. */
    public boolean loaded() {
        return readers.stream().allMatch(TopicReader::caughtUpOnce);
    }

    /**
     * Ready when every reader has loaded its topic and is at its end now, or was within the last
     * {@link #MAX_STALENESS_MILLIS} (a live pipeline is always a few records behind for a moment;
     * readiness must not flap with every commit of the Streams app).
     */
    public Readiness readiness() {
        for (TopicReader reader : readers) {
            long lagMillis = reader.lagMillis();
            if (!reader.caughtUpOnce() || lagMillis < 0 || lagMillis > MAX_STALENESS_MILLIS) {
                return Readiness.notReady("read model " + reader.lagRecords() + " records behind " + reader.topic()
                        + (lagMillis > 0 ? ", last at its end " + lagMillis + " ms ago" : ""));
            }
        }
        return Readiness.ready("read model caught up with " + readers.size() + " aggregate topics");
    }

    /** How far behind the aggregate topics this instance is, as every data answer's {@code lag} reports it. */
    public Lag lag() {
        long records = 0;
        long millis = 0;
        for (TopicReader reader : readers) {
            records += Math.max(0, reader.lagRecords());
            millis = Math.max(millis, Math.max(0, reader.lagMillis()));
        }
        return new Lag(records, millis);
    }

    /**
     * @param records committed records not yet read, summed over the topics
     * @param millis  the longest time since a reader was last at the end of its topic (0: all are now)
     */
    public record Lag(long records, long millis) {
    }

    @Override
    public void close() {
        // Every reader closes its consumer (up to 2 s each): let them all do it at once.
        readers.forEach(TopicReader::requestStop);
        readers.forEach(TopicReader::close);
    }
}
