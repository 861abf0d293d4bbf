package vn.pulse.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API's shared HTTP behaviour against the real server on a random port, with a module that needs no Kafka. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A module serving one counter, which the test changes. */
    static final class CounterModule implements ApiModule {
        volatile long count;
        private Changes live;

        @Override
        public void install(Wiring wiring) {
            this.live = wiring.changes();
            wiring.get("/api/v1/counter", request -> this::body);
        }

        void set(long value) {
            count = value;
            live.changed("counter", "c", this::body);
        }

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("count", count);
            return body;
        }
    }

    private final CounterModule counter = new CounterModule();
    private ApiServer server;

    private ApiServer start(ApiConfig config) {
        server = ApiServer.start(config, List.of(counter));
        return server;
    }

    private static ApiConfig config(List<String> tokens, List<String> origins) {
        return new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0, tokens, origins);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersWithFreshnessAndAWeakEtagAndNotModifiedUntilTheDataChanges() throws Exception {
        start(config(List.of(), List.of()));
        counter.count = 7;

        HttpResponse<String> first = get("/api/v1/counter");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"count\":7,\"lag\":{\"records\":0,\"millis\":0}}");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("W/\"");

        assertThat(get("/api/v1/counter", "If-None-Match", etag).statusCode()).isEqualTo(304);
        counter.count = 8;
        HttpResponse<String> changed = get("/api/v1/counter", "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    }

    private HttpResponse<String> head(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The headers a HEAD must repeat from its GET (Date and the like aside). */
    private static Map<String, List<String>> representationHeaders(HttpResponse<String> response) {
        Map<String, List<String>> headers = new java.util.TreeMap<>();
        for (String name : List.of("content-type", "content-length", "etag", "cache-control", "retry-after", "www-authenticate")) {
            response.headers().allValues(name).forEach(value -> headers.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(value));
        }
        return headers;
    }

    @Test
    void headAnswersWhatGetWouldWithoutTheBody() throws Exception {
        start(config(List.of("s3cret"), List.of()));
        counter.count = 7;

        for (String path : List.of("/api/v1/counter", ApiServer.OPENAPI_PATH, "/health/live", "/health/ready")) {
            HttpResponse<String> get = get(path, "Authorization", "Bearer s3cret");
            HttpResponse<String> head = head(path, "Authorization", "Bearer s3cret");
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode()).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(representationHeaders(head)).as(path).isEqualTo(representationHeaders(get));
            assertThat(head.headers().firstValue("Content-Type").orElseThrow()).as(path).startsWith("application/json");
            // Jetty chunks a large answer (the OpenAPI document): then neither carries Content-Length.
            get.headers().firstValueAsLong("Content-Length").ifPresent(length -> assertThat(length).as(path)
                    .isEqualTo(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
        assertThat(head("/api/v1/counter", "Authorization", "Bearer s3cret").headers().firstValueAsLong("Content-Length"))
                .hasValue(get("/api/v1/counter", "Authorization", "Bearer s3cret").body().length());

        HttpResponse<String> head = head("/api/v1/counter", "Authorization", "Bearer s3cret");
        String etag = head.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("W/\"");
        HttpResponse<String> notModified = head("/api/v1/counter", "Authorization", "Bearer s3cret", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
        counter.count = 8;
        assertThat(head("/api/v1/counter", "Authorization", "Bearer s3cret", "If-None-Match", etag).statusCode()).isEqualTo(200);

        // Errors too: a HEAD without the token is refused as its GET is, headers and all.
        HttpResponse<String> anonymousGet = get("/api/v1/counter");
        HttpResponse<String> anonymousHead = head("/api/v1/counter");
        assertThat(anonymousHead.statusCode()).isEqualTo(anonymousGet.statusCode()).isEqualTo(401);
        assertThat(anonymousHead.body()).isEmpty();
        assertThat(representationHeaders(anonymousHead)).isEqualTo(representationHeaders(anonymousGet));
    }

    @Test
    void readsNeedABearerTokenWhenTokensAreConfiguredButProbesDoNot() throws Exception {
        start(config(List.of("s3cret"), List.of()));

        HttpResponse<String> anonymous = get("/api/v1/counter");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        assertThat(get("/api/v1/counter", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/counter", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void allowsConfiguredCorsOrigins() throws Exception {
        start(config(List.of(), List.of("https://dash.example")));

        HttpResponse<String> response = get("/api/v1/counter", "Origin", "https://dash.example");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dash.example");
        assertThat(get("/api/v1/counter", "Origin", "https://evil.example").headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void streamsChangesAndCatchesUpAReconnectingClientFromLastEventId() throws Exception {
        start(config(List.of(), List.of()));
        counter.set(1);
        server.live().flush();

        SseReader first = SseReader.open(server.port(), null);
        SseEvent initial = first.next();
        assertThat(initial.name()).isEqualTo("counter");
        assertThat(initial.data()).isEqualTo("{\"type\":\"counter\",\"key\":\"c\",\"data\":{\"count\":1}}");

        counter.set(2);
        server.live().flush();
        SseEvent update = first.next();
        assertThat(update.data()).contains("\"count\":2");
        first.close();

        // While the client is away the value changes twice; on reconnect it gets the current state once.
        counter.set(3);
        server.live().flush();
        counter.set(4);
        server.live().flush();
        SseReader again = SseReader.open(server.port(), update.id());
        SseEvent missed = again.next();
        assertThat(missed.data()).contains("\"count\":4");
        assertThat(again.poll(Duration.ofMillis(300))).isNull();
        again.close();

        // Up to date: reconnecting with the latest id sends nothing old.
        SseReader current = SseReader.open(server.port(), missed.id());
        assertThat(current.poll(Duration.ofMillis(300))).isNull();
        current.close();
    }

    @Test
    void anIdFromAnotherInstanceGetsTheWholeCurrentState() throws Exception {
        start(config(List.of(), List.of()));
        counter.set(5);
        server.live().flush();

        SseReader reader = SseReader.open(server.port(), "otherinstance-99");
        assertThat(reader.next().data()).contains("\"count\":5");
        reader.close();
    }

    record SseEvent(String id, String name, String data) {
    }

    /** A minimal SSE client over java.net.http: events as they arrive. */
    static final class SseReader implements AutoCloseable {
        private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
        private final CompletableFuture<HttpResponse<Stream<String>>> response;

        private SseReader(CompletableFuture<HttpResponse<Stream<String>>> response) {
            this.response = response;
        }

        static SseReader open(int port, String lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stream"))
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            SseReader reader = new SseReader(HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()));
            reader.response.thenAccept(r -> {
                String[] current = new String[3];
                r.body().forEach(line -> {
                    if (line.isEmpty()) {
                        if (current[2] != null) {
                            reader.events.add(new SseEvent(current[0], current[1], current[2]));
                        }
                        current[0] = null;
                        current[1] = null;
                        current[2] = null;
                    } else if (line.startsWith("id:")) {
                        current[0] = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        current[1] = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        current[2] = line.substring(5).trim();
                    }
                });
            });
            return reader;
        }

        SseEvent next() throws InterruptedException {
            SseEvent event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an SSE event within 10 s").isNotNull();
            return event;
        }

        SseEvent poll(Duration wait) throws InterruptedException {
            return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
        }
    }
}
