package vn.pulse.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.ops.Readiness;

/**
 * The Streams app's readiness: RUNNING, and no stream thread failed recently. A thread that dies is
 * replaced, and the app may be RUNNING again within seconds; if the same record (or the same missing
 * dependency) kills the new thread too, the app loops between dying and RUNNING while counting
 * nothing. So after each thread failure the app stays not ready until no thread has failed for
 * {@code settle}: a loop that fails more often than that keeps it not ready for as long as it lasts.
 * <p>
 * It also knows since when the app has not been RUNNING (start, rebalance, restore, thread
 * replacement): readiness says for how long, and once that exceeds {@code longRebalance} the app
 * warns (at most once per {@code longRebalance}) so an operator sees an instance stuck outside
 * RUNNING in its log, not only as a 503.
 */
final class StreamThreadHealth implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadHealth.class);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration settle;
    private final Duration longRebalance;
    private final AtomicReference<Instant> lastFailure = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();
    /** When the app last left RUNNING (or was created); null while it is RUNNING. */
    private final AtomicReference<Instant> notRunningSince;
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pulse-streams-watch");
        t.setDaemon(true);
        return t;
    });

    StreamThreadHealth(Clock clock, Duration settle, Duration longRebalance) {
        this.clock = clock;
        this.settle = settle;
        this.longRebalance = longRebalance;
        this.notRunningSince = new AtomicReference<>(clock.instant());
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

    /** The app changed state (called from its state listener). */
    void stateChanged(KafkaStreams.State next) {
        if (next == KafkaStreams.State.RUNNING) {
            notRunningSince.set(null);
            lastWarning.set(null);
        } else {
            notRunningSince.compareAndSet(null, clock.instant());
        }
    }

    /** How long the app has not been RUNNING; zero while it is. */
    Duration notRunningFor() {
        Instant since = notRunningSince.get();
        return since == null ? Duration.ZERO : Duration.between(since, clock.instant());
    }

    /**
     * Whether the app has been outside RUNNING for longer than {@code longRebalance} and has not
     * said so for as long: the caller then logs a warning (polled every few seconds).
     */
    boolean shouldWarnNotRunning() {
        Duration notRunning = notRunningFor();
        if (notRunning.compareTo(longRebalance) < 0) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = lastWarning.get();
        return (last == null || !now.isBefore(last.plus(longRebalance))) && lastWarning.compareAndSet(last, now);
    }

    Readiness readiness(KafkaStreams.State state) {
        if (state != KafkaStreams.State.RUNNING) {
            Instant since = notRunningSince.get();
            return Readiness.notReady(since == null ? "streams " + state
                    : "streams " + state + ", not RUNNING for " + notRunningFor().toSeconds() + " s (since " + since + ")");
        }
        Instant last = lastFailure.get();
        if (last != null && clock.instant().isBefore(last.plus(settle))) {
            return Readiness.notReady("streams " + state + ", but a stream thread failed at " + last + " and was replaced ("
                    + failures.get() + " failures since start); ready once none fails for " + settle.toSeconds() + " s");
        }
        return Readiness.ready("streams " + state);
    }

    /**
     * Checks {@code streams} every few seconds and logs a warning, with each stream thread's state and
     * tasks, while it stays outside RUNNING for longer than {@code longRebalance}.
     */
    void watch(KafkaStreams streams) {
        watch(() -> streams);
    }

    /** As {@link #watch(KafkaStreams)}, for an app whose instance may be replaced (a profile switch); none while it is. */
    void watch(java.util.function.Supplier<KafkaStreams> current) {
        long every = WATCH_INTERVAL.toMillis();
        watcher.scheduleWithFixedDelay(() -> {
            try {
                KafkaStreams streams = current.get();
                if (streams != null && shouldWarnNotRunning()) {
                    LOG.warn("Streams {} for {} s, longer than {} s; not ready meanwhile. Stream threads: {}", streams.state(),
                            notRunningFor().toSeconds(), longRebalance.toSeconds(), threads(streams));
                }
            } catch (RuntimeException e) {
                LOG.warn("Cannot check the Streams state", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Each stream thread's current state (Kafka Streams' thread metric {@code state}: the thread metadata's own
     * state is only refreshed at assignments) and the tasks of its last assignment.
     */
    static String threads(KafkaStreams streams) {
        Map<String, String> tasks = new HashMap<>();
        try {
            streams.metadataForLocalThreads().forEach(t -> tasks.put(t.threadName(),
                    " (active tasks " + tasks(t.activeTasks()) + ", standby " + tasks(t.standbyTasks()) + ")"));
        } catch (RuntimeException e) {
            // not started, or closing: the states alone
        }
        Map<String, Object> states = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.name().equals("state") && name.group().equals("stream-thread-metrics")) {
                states.put(name.tags().get("thread-id"), metric.metricValue());
            }
        });
        return states.isEmpty() ? "none" : states.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue() + tasks.getOrDefault(e.getKey(), ""))
                .collect(Collectors.joining("; "));
    }

    private static String tasks(Set<TaskMetadata> tasks) {
        return tasks.stream().map(t -> t.taskId().toString()).sorted().collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
