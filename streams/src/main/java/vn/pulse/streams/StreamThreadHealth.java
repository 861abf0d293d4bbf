package vn.pulse.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import vn.pulse.core.ops.Readiness;

/**
 * The Streams app's readiness: RUNNING, and no stream thread failed recently. A thread that dies is
 * replaced, and the app may be RUNNING again within seconds; if the same record (or the same missing
 * dependency) kills the new thread too, the app loops between dying and RUNNING while counting
 * nothing. So after each thread failure the app stays not ready until no thread has failed for
 * {@code settle}: a loop that fails more often than that keeps it not ready for as long as it lasts.
 */
final class StreamThreadHealth {

    private final Clock clock;
    private final Duration settle;
    private final AtomicReference<Instant> lastFailure = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();

    StreamThreadHealth(Clock clock, Duration settle) {
        this.clock = clock;
        this.settle = settle;
    }

    /** A stream thread died (called from the uncaught exception handler, before it is replaced). */
    void threadFailed() {
        failures.incrementAndGet();
        lastFailure.set(clock.instant());
    }

    /** How many stream threads died since the start. */
    long failures() {
        return failures.get();
    }

    Readiness readiness(KafkaStreams.State state) {
        if (state != KafkaStreams.State.RUNNING) {
            return Readiness.notReady("streams " + state);
        }
        Instant last = lastFailure.get();
        if (last != null && clock.instant().isBefore(last.plus(settle))) {
            return Readiness.notReady("streams " + state + ", but a stream thread failed at " + last + " and was replaced ("
                    + failures.get() + " failures since start); ready once none fails for " + settle.toSeconds() + " s");
        }
        return Readiness.ready("streams " + state);
    }
}
