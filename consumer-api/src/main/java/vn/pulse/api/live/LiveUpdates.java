package vn.pulse.api.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>The feed keeps the latest event of every item. A new client receives all of them (the current
 * state); a client reconnecting with {@code Last-Event-ID} receives every item that changed after
 * that id, or everything if the id comes from another instance or an earlier run. Either way it
 * never shows stale totals after a network blip. Idle connections get a comment every
 * {@link #HEARTBEAT_INTERVAL}.
 */
public final class LiveUpdates implements AutoCloseable {

    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(250);
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);

    private final ObjectMapper json = Json.newMapper();
    private final String instance = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, Supplier<Object>> dirty = new ConcurrentHashMap<>();
    private final Map<String, Sent> latest = new LinkedHashMap<>();
    private final Set<SseClient> clients = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService scheduler;
    private long sequence;

    /** One item's last event. */
    private record Sent(long sequence, String type, String payload) {
    }

    public LiveUpdates() {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pulse-api-live");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::flushSafely, FLUSH_INTERVAL.toMillis(), FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_INTERVAL.toMillis(), HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
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

    /** Registers an SSE client and sends it what it missed (everything, for a new client). */
    public void connect(SseClient client) {
        client.keepAlive();
        String lastEventId = client.ctx().header("Last-Event-ID");
        long since = sequenceOf(lastEventId);
        synchronized (this) {
            for (Sent sent : latest.values()) {
                if (sent.sequence() > since) {
                    send(client, sent);
                }
            }
            clients.add(client);
        }
        client.onClose(() -> clients.remove(client));
    }

    public int clientCount() {
        return clients.size();
    }

    /** Computes and sends pending changes now (tests call it instead of waiting for the timer). */
    public synchronized void flush() {
        List<String> keys = new ArrayList<>(dirty.keySet());
        for (String key : keys) {
            Supplier<Object> current = dirty.remove(key);
            if (current == null) {
                continue;
            }
            String type = key.substring(0, key.indexOf('\u0000'));
            String itemKey = key.substring(key.indexOf('\u0000') + 1);
            String payload = payload(type, itemKey, current.get());
            Sent previous = latest.get(key);
            if (previous != null && previous.payload().equals(payload)) {
                continue;
            }
            Sent sent = new Sent(++sequence, type, payload);
            latest.put(key, sent);
            clients.forEach(c -> send(c, sent));
        }
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

    private void send(SseClient client, Sent sent) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        client.sendEvent(sent.type(), sent.payload(), instance + "-" + sent.sequence());
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Live update flush failed; retrying at the next tick", e);
        }
    }

    private void heartbeat() {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendComment("heartbeat");
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
