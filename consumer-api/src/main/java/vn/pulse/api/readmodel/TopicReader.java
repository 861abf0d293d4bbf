package vn.pulse.api.readmodel;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * One topic the read model follows ({@link AggregateReader} in production): whether it has loaded
 * the topic, and how far behind the topic's end it is.
 */
public interface TopicReader extends AutoCloseable {

    String topic();

    /** Starts reading (on the reader's own thread). */
    void start();

    /** True once the reader has reached the end of its topic at least once. */
    boolean caughtUpOnce();

    /** Records between the reader's position and the end of the topic; -1 before it first got there. */
    long lagRecords();

    /** Milliseconds since the reader was last at the end of its topic; 0 when it is now, -1 before it first was. */
    long lagMillis();

    /** Reports the reader's metrics to {@code registry}. */
    default void bindMetrics(MeterRegistry registry) {
    }

    /** Asks the reader to stop without waiting for it ({@link #close()} waits); several readers stop in parallel. */
    default void requestStop() {
    }

    @Override
    default void close() {
    }
}
