package vn.pulse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.api.ApiServerTest.SseEvent;
import vn.pulse.api.ApiServerTest.SseReader;
import vn.pulse.api.live.LiveUpdates;
import vn.pulse.api.live.LiveUpdates.DropReason;
import vn.pulse.api.live.StreamLimits;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;

/**
 * The live feed's limits against the real server on a random port: clients that never read cannot
 * delay a healthy one, the number of streams is capped, and a new client's replay is bounded.
 */
class LiveStreamLimitsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Raw connections that send the request and never read: how many this machine's descriptor limit allows, at most 300. */
    private static final int WANTED_SLOW_CLIENTS = 300;

    /** A counter with a padded body (so that unread connections fill up quickly) and alerts. */
    static final class FeedModule implements ApiModule {
        private final String padding;
        private Changes live;

        FeedModule(int paddingChars) {
            this.padding = "x".repeat(paddingChars);
        }

        @Override
        public void install(Wiring wiring) {
            this.live = wiring.changes();
        }

        void count(long value) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("count", value);
            body.put("padding", padding);
            live.changed("counter", "c", () -> body);
        }

        void alert(String id, String state) {
            live.changed(LiveUpdates.ALERT_TYPE, id, () -> Map.of("id", id, "state", state));
        }
    }

    private final List<Socket> slow = new ArrayList<>();
    private final List<SseReader> readers = new ArrayList<>();
    private ApiServer server;

    private FeedModule start(StreamLimits limits, int paddingChars) {
        FeedModule module = new FeedModule(paddingChars);
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0).withStream(limits),
                List.of(module));
        return module;
    }

    private SseReader reader() {
        SseReader reader = SseReader.open(server.port(), null);
        readers.add(reader);
        return reader;
    }

    @AfterEach
    void stop() {
        readers.forEach(SseReader::close);
        for (Socket socket : slow) {
            try {
                socket.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void connectionsThatNeverReadAreDroppedAndNeverDelayAHealthyClient() throws Exception {
        int slowClients = slowClientsThisMachineAllows();
        FeedModule feed = start(new StreamLimits(slowClients + 10, 16, Duration.ofSeconds(2), 100, Duration.ofSeconds(10)), 16_384);
        feed.count(0);
        server.live().flush();

        openUnreadConnections(slowClients);
        await().atMost(Duration.ofSeconds(30)).until(() -> server.live().clientCount() == slowClients);
        SseReader healthy = reader();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.live().clientCount() == slowClients + 1);
        assertThat(healthy.next().data()).contains("\"count\":0,");

        // Every change reaches the healthy client within a second, while the others fill up and are dropped.
        long slowest = 0;
        int changes = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (changes < 20 || server.live().clientCount() > 1) {
            assertThat(System.nanoTime()).as("every unread connection dropped within 45 s; still open: %d",
                    server.live().clientCount() - 1).isLessThan(deadline);
            changes++;
            feed.count(changes);
            long published = System.nanoTime();
            server.live().flush();
            expectWithinOneSecond(healthy, changes, published);
            slowest = Math.max(slowest, System.nanoTime() - published);
            Thread.sleep(50);
        }
        System.out.printf("%d unread connections, %d changes: slowest delivery to the healthy client %d ms; dropped %d (buffer full) + %d (write timeout)%n",
                slowClients, changes, slowest / 1_000_000, server.live().droppedCount(DropReason.BUFFER_FULL),
                server.live().droppedCount(DropReason.WRITE_TIMEOUT));
        assertThat(server.live().droppedCount(DropReason.BUFFER_FULL) + server.live().droppedCount(DropReason.WRITE_TIMEOUT))
                .isEqualTo(slowClients);

        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("pulse_api_stream_clients{service=\"api\"} 1.0")
                .contains("pulse_api_stream_clients_dropped_total{reason=\"buffer-full\",service=\"api\"}")
                .contains("pulse_api_stream_clients_dropped_total{reason=\"write-timeout\",service=\"api\"}");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aClientWhoseWriteBlocksLongerThanTheTimeoutIsDroppedAndItsWriterFreed() throws Exception {
        // A buffer too large to fill: only the write timeout can drop these clients.
        FeedModule feed = start(new StreamLimits(30, 10_000, Duration.ofMillis(500), 100, Duration.ofSeconds(10)), 65_536);
        openUnreadConnections(20);
        await().atMost(Duration.ofSeconds(30)).until(() -> server.live().clientCount() == 20);
        SseReader healthy = reader();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.live().clientCount() == 21);

        int changes = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.live().clientCount() > 1) {
            assertThat(System.nanoTime()).as("stalled clients dropped within 30 s").isLessThan(deadline);
            changes++;
            feed.count(changes);
            long published = System.nanoTime();
            server.live().flush();
            expectWithinOneSecond(healthy, changes, published);
        }
        assertThat(server.live().droppedCount(DropReason.WRITE_TIMEOUT)).isEqualTo(20);
        assertThat(server.live().droppedCount(DropReason.BUFFER_FULL)).isZero();
        // Cutting the connection ends the blocked writes: no writer stays stuck in one.
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().values().stream()
                .noneMatch(stack -> List.of(stack).stream().anyMatch(f -> f.getClassName().startsWith("io.javalin.http.sse.Emitter"))));
        feed.count(++changes);
        long published = System.nanoTime();
        server.live().flush();
        expectWithinOneSecond(healthy, changes, published);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aStreamBeyondTheCapIsRefusedWith503UntilAPlaceIsFree() throws Exception {
        FeedModule feed = start(new StreamLimits(3, 16, Duration.ofSeconds(2), 100, Duration.ofSeconds(7)), 0);
        feed.count(1);
        server.live().flush();
        SseReader first = reader();
        reader();
        reader();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.live().clientCount() == 3);

        HttpResponse<String> refused = openStream();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(refused.body()).contains("\"type\":\"https://pulse.example/problems/too-many-streams\"")
                .contains("\"status\":503").contains("maximum of 3 live streams");
        assertThat(server.live().rejectedCount()).isEqualTo(1);
        assertThat(server.live().clientCount()).isEqualTo(3);

        // A client leaves; its place is free once the feed notices (at its next writes).
        first.close();
        long[] value = {1};
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            feed.count(++value[0]);
            server.live().flush();
            return server.live().clientCount() == 2;
        });
        SseReader again = reader();
        assertThat(again.next().data()).contains("\"count\":");
        assertThat(server.live().clientCount()).isEqualTo(3);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aNewClientGetsTheCurrentStateAndOnlyTheMostRecentlyChangedAlerts() throws Exception {
        FeedModule feed = start(new StreamLimits(10, 16, Duration.ofSeconds(2), 5, Duration.ofSeconds(10)), 0);
        feed.count(42);
        server.live().flush();
        for (int i = 0; i < 50; i++) {
            feed.alert("a-" + i, "OPEN");
            server.live().flush();
        }
        // An old alert that changes (is cleared) counts as recent again.
        feed.alert("a-3", "CLEARED");
        server.live().flush();

        SseReader client = reader();
        List<String> received = new ArrayList<>();
        for (SseEvent event = client.next(); event != null; event = client.poll(Duration.ofMillis(500))) {
            received.add(event.name() + " " + event.data().replaceAll(".*\"key\":\"([^\"]+)\".*", "$1"));
        }
        assertThat(received).containsExactly("counter c", "alert a-46", "alert a-47", "alert a-48", "alert a-49", "alert a-3");
    }

    @Test
    void limitsAreReadFromTheConfigurationAndABadValueIsNamed() {
        ApiConfig defaults = ApiConfig.from(Settings.of(ApiConfig.DEFAULTS, Map.of()));
        assertThat(defaults.stream()).isEqualTo(StreamLimits.DEFAULTS);

        ApiConfig set = ApiConfig.from(Settings.of(ApiConfig.DEFAULTS, Map.of("api.stream.max-clients", "50",
                "api.stream.client-buffer", "64", "api.stream.write-timeout", "3s", "api.stream.replay-alerts", "20",
                "api.stream.retry-after", "30s")));
        assertThat(set.stream()).isEqualTo(new StreamLimits(50, 64, Duration.ofSeconds(3), 20, Duration.ofSeconds(30)));

        assertThatThrownBy(
                        () -> ApiConfig.from(Settings.of(ApiConfig.DEFAULTS, Map.of("api.stream.max-clients", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("api.stream.max-clients='0'");
        assertThatThrownBy(
                        () -> ApiConfig.from(Settings.of(ApiConfig.DEFAULTS, Map.of("api.stream.retry-after", "500ms"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("api.stream.retry-after='500ms'")
                .hasMessageContaining("at least 1s");
    }

    /** Connections with a small receive buffer that ask for the stream and never read. */
    private void openUnreadConnections(int count) throws IOException {
        byte[] request = ("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            slow.add(socket);
            socket.setReceiveBufferSize(1024);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
        }
    }

    /** Waits for the event carrying {@code count}, at most 1 s after it was published ({@link System#nanoTime()}). */
    private static void expectWithinOneSecond(SseReader reader, long count, long published) throws InterruptedException {
        long deadline = published + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            SseEvent event = reader.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertThat(event).as("change %d within 1 s of its publication", count).isNotNull();
            if (event.data().contains("\"count\":" + count + ",")) {
                return;
            }
        }
    }

    private HttpResponse<String> openStream() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/stream"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Each raw connection costs this JVM two descriptors (its end and the server's); leave room for
     * everything else. A machine that cannot hold 100 such connections fails with how to fix it.
     */
    private static int slowClientsThisMachineAllows() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return WANTED_SLOW_CLIENTS;
        }
        long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - 256;
        int allowed = (int) Math.min(WANTED_SLOW_CLIENTS, free / 2);
        assertThat(allowed).as("file descriptors for 100 unread connections (limit %d, open %d): raise `ulimit -n`",
                unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount()).isGreaterThanOrEqualTo(100);
        return allowed;
    }
}
