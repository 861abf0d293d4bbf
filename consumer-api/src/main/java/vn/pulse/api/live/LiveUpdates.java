package vn.pulse.api.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.api.http.Problems;
import vn.pulse.core.http.Json;

/**
 * The live feed behind {@code GET /api/v1/stream} (Server-Sent Events).
 *
 * <p>Modules mark what changed ({@link #changed}); every {@link #FLUSH_INTERVAL} the feed computes
 * the current value of each changed item and, if it differs from what was last sent, sends it to
 * every client as one event: name = the item's type, data = {@code {"type","key","data"}}, id =
 * {@code <instance>-<sequence>}. Coalescing keeps a replay of a million records from becoming a
 * million events, and a command-center screen sees at most a few updates a second.
 *
 * <p>The feed keeps the latest event of every item, except alerts (one item per congestion episode
 * ever raised), of which it keeps the {@link StreamLimits#replayAlerts} most recently changed. A new
 * client receives all of them (the current state); a client reconnecting with {@code Last-Event-ID}
 * receives every kept item that changed after that id, or everything if the id comes from another
 * instance or an earlier run. Either way it never shows stale totals after a network blip. Idle
 * connections get a comment every {@link #HEARTBEAT_INTERVAL}.
 *
 * <p>No client can slow another or the feed. Publishing only appends to each client's own bounded
 * buffer ({@link StreamLimits#clientBuffer} events); a writer per busy client empties it, so a
 * blocking write holds up that client alone. A client whose buffer is full, or whose write has
 * blocked longer than {@link StreamLimits#writeTimeout}, is dropped: its connection is closed (a
 * browser's {@code EventSource} reconnects with {@code Last-Event-ID} and catches up). At most
 * {@link StreamLimits#maxClients} streams are open; one more is answered {@code 503} with
 * {@code Retry-After}.
 */
public final class LiveUpdates implements AutoCloseable {

    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(250);
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    /** The event type with one item per congestion episode: only the most recent are kept and replayed. */
    public static final String ALERT_TYPE = "alert";

    /** Why a client was dropped (the {@code reason} tag of {@code pulse.api.stream.clients.dropped}). */
    public enum DropReason {
        BUFFER_FULL("buffer-full"), WRITE_TIMEOUT("write-timeout");

        private final String tag;

        DropReason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);
    private static final String EVENT_STREAM = "text/event-stream";

    private final ObjectMapper json = Json.newMapper();
    private final String instance = Long.toString(System.currentTimeMillis(), 36);
    private final StreamLimits limits;
    private final Map<String, Supplier<Object>> dirty = new ConcurrentHashMap<>();
    /** The last event of every item but alerts; guarded by {@code this}. */
    private final Map<String, Sent> latest = new HashMap<>();
    /** The last event of the most recently changed alerts, least recent first; guarded by {@code this}. */
    private final LinkedHashMap<String, Sent> recentAlerts = new LinkedHashMap<>();
    private final Set<Subscriber> clients = ConcurrentHashMap.newKeySet();
    /** Streams admitted (counted from the request until the stream closes), never above {@code maxClients}. */
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();
    private final Map<DropReason, AtomicLong> dropped = new HashMap<>();
    private final SseHandler sse = new SseHandler(this::connect);
    private final ScheduledExecutorService scheduler;
    /** Runs each busy client's writer and every close; threads are bounded by the client cap. */
    private final ExecutorService writers;
    private volatile boolean closed;
    private long sequence;

    /** One item's last event. */
    private record Sent(long sequence, String type, String payload) {
    }

    /** What waits in a client's buffer: an event, or a heartbeat comment ({@code sent == null}). */
    private record Frame(Sent sent, boolean replay) {
    }

    public LiveUpdates() {
        this(StreamLimits.DEFAULTS);
    }

    public LiveUpdates(StreamLimits limits) {
        this.limits = limits;
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new AtomicLong());
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("pulse-api-live"));
        this.writers = Executors.newCachedThreadPool(daemon("pulse-api-live-writer"));
        scheduler.scheduleWithFixedDelay(this::flushSafely, FLUSH_INTERVAL.toMillis(), FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_INTERVAL.toMillis(), HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        long check = Math.max(20, Math.min(1_000, limits.writeTimeout().toMillis() / 4));
        scheduler.scheduleWithFixedDelay(this::dropStalledWriters, check, check, TimeUnit.MILLISECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public StreamLimits limits() {
        return limits;
    }

    /**
     * Notes that an item changed; its value is computed at the next flush.
     *
     * @param type    event name, e.g. {@code vaccination.summary}, {@code vaccination.district}, {@code border.gate}, {@code alert}
     * @param key     the item within its type (district code, gate code; {@code province} for totals)
     * @param current computes the item's current value (the same body its GET endpoint returns)
     */
    public void changed(String type, String key, Supplier<Object> current) {
        dirty.put(type + "\u0000" + key, current);
    }

    /**
     * The route handler of {@code GET /api/v1/stream}: admits the request if fewer than
     * {@link StreamLimits#maxClients} streams are open, else answers {@code 503} with
     * {@code Retry-After}. A request that does not accept {@code text/event-stream} gets no stream (as
     * with Javalin's SSE route) and is not counted.
     */
    public void handle(Context ctx) throws Exception {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains(EVENT_STREAM)) {
            sse.handle(ctx);
            return;
        }
        if (admitted.incrementAndGet() > limits.maxClients()) {
            admitted.decrementAndGet();
            rejected.incrementAndGet();
            Problems.tooManyStreams(ctx, (int) limits.retryAfter().toSeconds(),
                    "this instance already serves its maximum of " + limits.maxClients() + " live streams; try again later");
            return;
        }
        boolean handedOver = false;
        try {
            sse.handle(ctx);
            handedOver = true;
        } finally {
            if (!handedOver) {
                admitted.decrementAndGet();
            }
        }
    }

    /** Registers an admitted SSE client and queues what it missed (the current state, for a new client). */
    private void connect(SseClient client) {
        Subscriber subscriber = new Subscriber(client);
        client.onClose(subscriber::closed);
        client.keepAlive();
        if (closed) {
            client.close();
            return;
        }
        long since = sequenceOf(client.ctx().header("Last-Event-ID"));
        synchronized (this) {
            subscriber.replay(replay(since));
            clients.add(subscriber);
        }
        subscriber.schedule();
    }

    /** Open streams. */
    public int clientCount() {
        return clients.size();
    }

    /** Clients dropped so far for {@code reason}. */
    public long droppedCount(DropReason reason) {
        return dropped.get(reason).get();
    }

    /** Requests answered {@code 503} because {@link StreamLimits#maxClients} streams were open. */
    public long rejectedCount() {
        return rejected.get();
    }

    /**
     * {@code pulse.api.stream.clients} (open streams), {@code pulse.api.stream.clients.rejected}
     * (503s beyond the cap) and {@code pulse.api.stream.clients.dropped{reason}} (clients that did
     * not keep up).
     */
    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder("pulse.api.stream.clients", this, LiveUpdates::clientCount)
                .description("Open live streams (GET /api/v1/stream)").strongReference(true).register(registry);
        FunctionCounter.builder("pulse.api.stream.clients.rejected", this, LiveUpdates::rejectedCount)
                .description("Live stream requests refused with 503 because the cap was reached").register(registry);
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("pulse.api.stream.clients.dropped", this, l -> l.droppedCount(reason))
                    .description("Live stream clients dropped because they did not keep up").tag("reason", reason.tag())
                    .register(registry);
        }
    }

    /** Computes and sends pending changes now (tests call it instead of waiting for the timer). */
    public void flush() {
        List<String> keys = new ArrayList<>(dirty.keySet());
        synchronized (this) {
            for (String key : keys) {
                Supplier<Object> current = dirty.remove(key);
                if (current == null) {
                    continue;
                }
                String type = key.substring(0, key.indexOf('\u0000'));
                String itemKey = key.substring(key.indexOf('\u0000') + 1);
                String payload = payload(type, itemKey, current.get());
                Map<String, Sent> kept = type.equals(ALERT_TYPE) ? recentAlerts : latest;
                Sent previous = kept.get(key);
                if (previous != null && previous.payload().equals(payload)) {
                    continue;
                }
                Sent sent = new Sent(++sequence, type, payload);
                kept.remove(key);
                kept.put(key, sent);
                trimAlerts();
                Frame frame = new Frame(sent, false);
                clients.forEach(c -> offer(c, frame));
            }
        }
    }

    /** Keeps the {@code replayAlerts} most recently changed alerts. */
    private void trimAlerts() {
        Iterator<Sent> oldestFirst = recentAlerts.values().iterator();
        for (int excess = recentAlerts.size() - limits.replayAlerts(); excess > 0; excess--) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    /** The kept events after {@code since}, in the order they were sent. */
    private List<Sent> replay(long since) {
        List<Sent> replay = new ArrayList<>();
        for (Sent sent : latest.values()) {
            if (sent.sequence() > since) {
                replay.add(sent);
            }
        }
        for (Sent sent : recentAlerts.values()) {
            if (sent.sequence() > since) {
                replay.add(sent);
            }
        }
        replay.sort(Comparator.comparingLong(Sent::sequence));
        return replay;
    }

    /** Interprets a {@code Last-Event-ID}: a sequence of this instance, or 0 (send everything). */
    long sequenceOf(String lastEventId) {
        if (lastEventId == null) {
            return 0;
        }
        int dash = lastEventId.lastIndexOf('-');
        if (dash < 0 || !lastEventId.substring(0, dash).equals(instance)) {
            return 0;
        }
        try {
            long seen = Long.parseLong(lastEventId.substring(dash + 1));
            synchronized (this) {
                return seen <= sequence ? seen : 0;
            }
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String payload(String type, String key, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("key", key);
        body.put("data", data);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize live update " + type + "/" + key, e);
        }
    }

    /** Appends to the client's buffer, or drops the client if it is full. Never blocks. */
    private void offer(Subscriber subscriber, Frame frame) {
        if (!subscriber.offer(frame)) {
            drop(subscriber, DropReason.BUFFER_FULL);
        }
    }

    private void drop(Subscriber subscriber, DropReason reason) {
        if (!subscriber.markDropped()) {
            return;
        }
        dropped.get(reason).incrementAndGet();
        clients.remove(subscriber);
        // Logging and closing are I/O: never on the publishing thread.
        execute(() -> {
            LOG.info("Dropping live stream client {}: {}", subscriber.remote(), reason == DropReason.BUFFER_FULL
                    ? "its buffer of " + limits.clientBuffer() + " events is full"
                    : "a write blocked for more than " + limits.writeTimeout().toMillis() + " ms");
            subscriber.abort();
        });
    }

    private void execute(Runnable task) {
        try {
            writers.execute(task);
        } catch (RejectedExecutionException e) {
            // Closing down: close() closes every client.
        }
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Live update flush failed; retrying at the next tick", e);
        }
    }

    private void heartbeat() {
        Frame heartbeat = new Frame(null, false);
        clients.forEach(c -> offer(c, heartbeat));
    }

    private void dropStalledWriters() {
        long now = System.nanoTime();
        long timeout = limits.writeTimeout().toNanos();
        for (Subscriber subscriber : clients) {
            long started = subscriber.writeStarted;
            if (started != 0 && now - started > timeout) {
                drop(subscriber, DropReason.WRITE_TIMEOUT);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        for (Subscriber subscriber : clients) {
            subscriber.markDropped();
            subscriber.abort();
        }
        clients.clear();
        writers.shutdownNow();
    }

    /** One open stream: its buffer and, while it has something to write, its writer. */
    private final class Subscriber {
        private final SseClient client;
        private final ArrayDeque<Frame> buffer = new ArrayDeque<>();
        private final AtomicBoolean writing = new AtomicBoolean();
        private final AtomicBoolean dropped = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();
        /** Replayed events still in the buffer; they do not count against {@code clientBuffer}. */
        private int replayQueued;
        /** {@link System#nanoTime()} when the current write began, 0 when not writing. */
        private volatile long writeStarted;

        Subscriber(SseClient client) {
            this.client = client;
        }

        String remote() {
            try {
                return client.ctx().req().getRemoteAddr() + ":" + client.ctx().req().getRemotePort();
            } catch (RuntimeException e) {
                return "(gone)";
            }
        }

        synchronized void replay(List<Sent> events) {
            events.forEach(e -> buffer.add(new Frame(e, true)));
            replayQueued += events.size();
        }

        /** False if the buffer is full. */
        boolean offer(Frame frame) {
            synchronized (this) {
                if (dropped.get()) {
                    return true;
                }
                if (buffer.size() - replayQueued >= limits.clientBuffer()) {
                    return false;
                }
                buffer.add(frame);
            }
            schedule();
            return true;
        }

        private synchronized Frame poll() {
            Frame frame = buffer.poll();
            if (frame != null && frame.replay()) {
                replayQueued--;
            }
            return frame;
        }

        private synchronized boolean isEmpty() {
            return buffer.isEmpty();
        }

        /** Starts this client's writer unless it is running. */
        void schedule() {
            if (writing.compareAndSet(false, true)) {
                execute(this::write);
            }
        }

        private void write() {
            while (true) {
                Frame frame;
                while ((frame = poll()) != null) {
                    if (dropped.get() || client.terminated()) {
                        return;
                    }
                    writeStarted = System.nanoTime();
                    try {
                        if (frame.sent() == null) {
                            client.sendComment("heartbeat");
                        } else {
                            client.sendEvent(frame.sent().type(), frame.sent().payload(), instance + "-" + frame.sent().sequence());
                        }
                    } catch (RuntimeException e) {
                        LOG.debug("Live stream write to {} failed; closing it", remote(), e);
                        client.close();
                        return;
                    } finally {
                        writeStarted = 0;
                    }
                }
                writing.set(false);
                if (isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
            }
        }

        boolean markDropped() {
            return dropped.compareAndSet(false, true);
        }

        /** Cuts the connection (failing a write blocked on it) and ends the stream. */
        void abort() {
            try {
                ServletContextRequest request = ServletContextRequest.getServletContextRequest(client.ctx().req());
                if (request != null) {
                    request.getConnectionMetaData().getConnection().getEndPoint().close();
                }
            } catch (RuntimeException e) {
                LOG.debug("Cannot cut the connection of {}", remote(), e);
            }
            client.close();
        }

        /** The client's close callback: frees its place. */
        void closed() {
            dropped.set(true);
            if (released.compareAndSet(false, true)) {
                clients.remove(this);
                admitted.decrementAndGet();
            }
        }
    }
}
