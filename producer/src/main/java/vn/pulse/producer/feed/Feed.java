package vn.pulse.producer.feed;

/**
 * Something that writes events into Pulse's raw topics in the background: a scenario replay (finite)
 * or simulated live traffic (endless). {@code ./pulse run --feed=NAME} starts one or more feeds.
 */
public interface Feed extends AutoCloseable {

    /** Short name for logs and status lines, e.g. {@code langson-2021/vaccination}. */
    String name();

    /** Starts writing in the background; returns at once. */
    void start();

    /** True once a finite feed has written (and Kafka acknowledged) everything; never true for a live feed. */
    boolean finished();

    /** Events acknowledged by Kafka so far. */
    long eventsWritten();

    /** Stops writing and waits (boundedly) for what was sent to be acknowledged. */
    @Override
    void close();
}
