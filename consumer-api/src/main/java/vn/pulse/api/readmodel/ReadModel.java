package vn.pulse.api.readmodel;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.pulse.api.http.Problems;
import vn.pulse.core.ops.OpsRoutes;
import vn.pulse.core.ops.Readiness;

/**
 * All aggregate readers of one API instance: whether it is ready, and how fresh its answers are.
 */
public final class ReadModel implements AutoCloseable {

    /** How long ago a reader may last have been at the end of its topic and still count as ready. */
    public static final long MAX_STALENESS_MILLIS = 5_000;

    private final List<AggregateReader<?>> readers = new ArrayList<>();

    public void add(AggregateReader<?> reader) {
        readers.add(reader);
    }

    /** Reports every reader's lag, throughput, freshness and Kafka consumer metrics to {@code registry}. */
    public void bindMetrics(MeterRegistry registry) {
        readers.forEach(reader -> reader.bindMetrics(registry));
    }

    public void start() {
        readers.forEach(AggregateReader::start);
    }

    /** Ready once every reader has reached the end of its topic at least once. */
    public boolean loaded() {
        return readers.stream().allMatch(AggregateReader::caughtUpOnce);
    }

    /**
     * Ready when every reader has loaded its topic and is at its end now, or was within the last
     * {@link #MAX_STALENESS_MILLIS} (a live pipeline is always a few records behind for a moment;
     * readiness must not flap with every commit of the Streams app).
     */
    public Readiness readiness() {
        for (AggregateReader<?> reader : readers) {
            long lagMillis = reader.lagMillis();
            if (!reader.caughtUpOnce() || lagMillis < 0 || lagMillis > MAX_STALENESS_MILLIS) {
                return Readiness.notReady("read model " + reader.lagRecords() + " records behind " + reader.topic()
                        + (lagMillis > 0 ? ", last at its end " + lagMillis + " ms ago" : ""));
            }
        }
        return Readiness.ready("read model caught up with " + readers.size() + " aggregate topics");
    }

    /** How far behind the aggregate topics this instance is: {@code {"records": n, "millis": m}}. */
    public Map<String, Object> lag() {
        long records = 0;
        long millis = 0;
        for (AggregateReader<?> reader : readers) {
            records += Math.max(0, reader.lagRecords());
            millis = Math.max(millis, Math.max(0, reader.lagMillis()));
        }
        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("records", records);
        lag.put("millis", millis);
        return lag;
    }

    /**
     * Answers 503 with {@code Retry-After} (RFC 9457 body) and returns false while the read model is
     * still loading; data handlers call it first.
     */
    public boolean requireLoaded(Context ctx) {
        if (loaded()) {
            return true;
        }
        Problems.unavailable(ctx, OpsRoutes.RETRY_AFTER_SECONDS, "The read model is still loading the aggregate topics.");
        return false;
    }

    @Override
    public void close() {
        // Every reader closes its consumer (up to 2 s each): let them all do it at once.
        readers.forEach(AggregateReader::requestStop);
        readers.forEach(AggregateReader::close);
    }
}
