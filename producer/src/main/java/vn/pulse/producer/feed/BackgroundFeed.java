package vn.pulse.producer.feed;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A feed that writes from a background thread of its own: the scenario replays and the live feeds.
 * A subclass says what to write ({@link #write()}) and how to report a record Kafka did not take
 * ({@link #sendFailed(long, Exception)}); this class owns the rest: one named daemon thread,
 * started once, the count of acknowledged records, the finished state, the capture of a failure that
 * stops the writer, and a close that stops the writer and waits for it within a bound.
 *
 * <p>{@link #finished()} becomes true when {@link #write()} returns on its own (not because the
 * feed was closed) and Kafka acknowledged every record; an endless feed's {@code write()} returns
 * only once it is asked to stop, so it never finishes.
 */
public abstract class BackgroundFeed implements Feed {

    /** What {@link #close()} does to a writer that is still writing. */
    public enum OnClose {
        /**
         * Only asks it to stop ({@link #running()} turns false) and waits: a replay stops after the
         * record in hand and flushes what it has sent, never cut off inside a send.
         */
        ASK,
        /** Asks it to stop and interrupts it: a live feed wakes from its wait between ticks at once. */
        INTERRUPT
    }

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundFeed.class);

    private final String name;
    private final Thread thread;
    private final Duration closeBound;
    private final OnClose onClose;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final Callback acknowledgements = this::acknowledged;
    private volatile boolean finished;
    private volatile RuntimeException failure;

    /**
     * @param name       the feed's {@link #name()}
     * @param threadName the writer thread's name (it shows in logs and thread dumps)
     * @param closeBound how long {@link #close()} waits at most for the writer to end
     * @param onClose    whether {@link #close()} interrupts the writer
     */
    protected BackgroundFeed(String name, String threadName, Duration closeBound, OnClose onClose) {
        this.name = Objects.requireNonNull(name, "name");
        this.closeBound = Objects.requireNonNull(closeBound, "closeBound");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
        if (closeBound.isNegative() || closeBound.isZero()) {
            throw new IllegalArgumentException("closeBound must be positive, was " + closeBound);
        }
        this.thread = new Thread(this::run, Objects.requireNonNull(threadName, "threadName"));
        this.thread.setDaemon(true);
    }

    /**
     * Writes the feed's records, sending each with {@link #acknowledgements()} as its callback; a
     * loop checks {@link #running()} between records. Runs on the feed's thread.
     *
     * @throws InterruptedException when {@link OnClose#INTERRUPT} woke it to stop
     */
    protected abstract void write() throws InterruptedException;

    /** Reports a record Kafka did not take; {@code failures} counts them so far (1 for the first). */
    protected abstract void sendFailed(long failures, Exception exception);

    /** Runs once, on the closing thread, after {@link #close()} has waited for the writer: release what {@link #start()} made. */
    protected void stopped() {
    }

    @Override
    public final String name() {
        return name;
    }

    /** Starts the writer thread; a feed starts once. */
    @Override
    public void start() {
        thread.start();
    }

    @Override
    public final boolean finished() {
        return finished;
    }

    @Override
    public final long eventsWritten() {
        return written.get();
    }

    /** The exception that stopped the writer before its end, if one did. */
    public final Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    /** True until {@link #close()} is called: the writer's loop condition. */
    protected final boolean running() {
        return running.get();
    }

    /**
     * True while the feed has not been closed and Kafka has refused no record: what {@link #finished()}
     * becomes when {@link #write()} returns.
     */
    protected final boolean complete() {
        return running.get() && sendFailures.get() == 0;
    }

    /** Records Kafka refused so far. */
    protected final long sendFailures() {
        return sendFailures.get();
    }

    /** Sleeps until {@link System#nanoTime()} reaches {@code deadline}: how a live feed keeps its pace. */
    protected static void sleepUntil(long deadline) throws InterruptedException {
        long wait = deadline - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** The callback for every send: counts what Kafka acknowledged and reports what it did not. */
    protected final Callback acknowledgements() {
        return acknowledgements;
    }

    private void acknowledged(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            written.incrementAndGet();
        } else {
            sendFailed(sendFailures.incrementAndGet(), exception);
        }
    }

    private void run() {
        try {
            write();
            finished = complete();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("Feed {} stopped by a failure after {} records written", name, written.get(), e);
        }
    }

    /**
     * Stops the writer ({@link OnClose}), waits for it at most the close bound, then calls
     * {@link #stopped()}. A second call does nothing.
     */
    @Override
    public final void close() {
        if (!running.getAndSet(false)) {
            return;
        }
        if (onClose == OnClose.INTERRUPT) {
            thread.interrupt();
        }
        try {
            thread.join(Math.max(1, closeBound.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped();
    }
}
