package vn.pulse.producer.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import vn.pulse.core.config.Settings;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.testing.KafkaBroker;

/** Keys, requests and topic reads shared by the gateway's tests. */
final class IngestFixtures {

    /** The tests' "now": events must not lie after it (plus the skew). */
    static final Instant NOW = Instant.parse("2021-12-24T10:00:00Z");

    static final String CUSTOMS_HUU_NGHI = "test-customs-huu-nghi-key";
    static final String SITE_178 = "test-site-178-key";
    static final String HEALTH = "test-health-key";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private IngestFixtures() {
    }

    /** {@code ingest.keys} with a customs key for HUU_NGHI, a site key for district 178 and a health key. */
    static String inlineKeys() {
        return "customs-huu-nghi=customs|HUU_NGHI|" + ApiKeys.hash(CUSTOMS_HUU_NGHI)
                + ";site-178=site|178|" + ApiKeys.hash(SITE_178)
                + ";health=health|*|" + ApiKeys.hash(HEALTH);
    }

    static IngestConfig config(String bootstrap, String registryUrl, Map<String, String> more) {
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("kafka.bootstrap-servers", bootstrap, "registry.url", registryUrl,
                "ingest.http.port", "0", "ingest.keys", inlineKeys()));
        overrides.putAll(more);
        return IngestConfig.from(Settings.of(IngestConfig.DEFAULTS, overrides));
    }

    /** Every topic under a unique name on the broker. */
    static TopicNames uniqueTopics(KafkaBroker broker) {
        return broker.createUniqueTopics();
    }

    static HttpResponse<String> post(int port, IngestKind kind, String key, String contentType, String body)
            throws IOException, InterruptedException {
        return post(port, kind, key, contentType, HttpRequest.BodyPublishers.ofString(body));
    }

    /** A JSON body as raw bytes (which need not be well-formed UTF-8). */
    static HttpResponse<String> postBytes(int port, IngestKind kind, String key, byte[] body) throws IOException, InterruptedException {
        return post(port, kind, key, "application/json", HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static HttpResponse<String> post(int port, IngestKind kind, String key, String contentType,
            HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + IngestServer.PATH_PREFIX + kind.path()))
                .timeout(Duration.ofSeconds(30))
                .POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postJson(int port, IngestKind kind, String key, String body) throws IOException, InterruptedException {
        return post(port, kind, key, "application/json", body);
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String screening(String id, String gate, int people, int tested, int positive) {
        return """
                {"eventId":"%s","gateCode":"%s","occurredAt":"2021-12-24T08:00:00+07:00","peopleScreened":%d,"tested":%d,"positive":%d}"""
                .formatted(id, gate, people, tested, positive);
    }

    static String dose(String id, String district) {
        return """
                {"eventId":"%s","administeredAt":"2021-12-24T09:15:00+07:00","siteId":"TTYT-%s-01","districtCode":"%s",\
                "ageGroup":"18+","doseKind":"FIRST","vaccineProduct":"AstraZeneca"}""".formatted(id, district, district);
    }

    static String gateEvent(String id, String gate, String tons, String value) {
        return """
                {"eventId":"%s","gateCode":"%s","occurredAt":"2021-12-24T08:30:00+07:00","kind":"CROSSED","direction":"EXPORT",\
                "vehicleRef":"v-1","vehicleType":"TRUCK","cargoCategory":"AGRICULTURAL_PRODUCE","tons":%s,"declaredValueUsd":%s}"""
                .formatted(id, gate, tons, value);
    }

    /** Every record key of {@code topic} (read from the start until the end offsets at the call). */
    static List<String> keys(String bootstrap, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }
}
