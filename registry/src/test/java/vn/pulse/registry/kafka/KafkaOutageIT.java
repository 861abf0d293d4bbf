package vn.pulse.registry.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.platform.LocalKafka;
import vn.pulse.platform.LocalKafkaConfig;
import vn.pulse.registry.server.Http;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;

/**
 * While Kafka is down the registry keeps serving reads, answers writes with a 500xx error within its
 * timeout instead of hanging, and writes again once Kafka is back. Uses its own broker, since it stops it.
 */
@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaOutageIT {

    private static Map<String, String> schema(String name) {
        return Map.of("schema", "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    }

    @Test
    void readsSurviveAndWritesFailFastWhileKafkaIsDown(@TempDir Path dataDir) throws Exception {
        int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
        LocalKafkaConfig kafkaConfig = new LocalKafkaConfig(Files.createDirectories(dataDir.resolve("kafka")), "127.0.0.1", ports[0], ports[1], 1);
        LocalKafka kafka = LocalKafka.start(kafkaConfig);
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.forKafka(kafka.bootstrapServers())
                .withPort(0).withKafkaTimeout(Duration.ofSeconds(3));
        try (SchemaRegistryServer server = SchemaRegistryServer.start(config)) {
            Http http = new Http(server.url());
            http.put("/config/outage-value", Map.of("compatibility", "NONE"));
            int id = http.post("/subjects/outage-value/versions", schema("Before")).json().get("id").asInt();

            kafka.close();
            assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
            assertThat(http.get("/subjects/outage-value/versions/latest").json().get("id").asInt()).isEqualTo(id);
            assertThat(http.get("/subjects").json().toString()).contains("outage-value");

            long started = System.nanoTime();
            Http.Response refused = http.post("/subjects/outage-value/versions", schema("During"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(refused.status()).as(refused.text()).isEqualTo(500);
            assertThat(refused.errorCode()).isIn(50001, 50002);
            assertThat(refused.json().get("message").asText()).contains("_schemas");
            assertThat(took).as("bounded by the Kafka timeout").isLessThan(Duration.ofSeconds(15));
            assertThat(http.post("/subjects/outage-value/versions", schema("Before")).json().get("id").asInt())
                    .as("re-registering a known schema needs no write")
                    .isEqualTo(id);

            kafka = LocalKafka.start(kafkaConfig);
            Http.Response after = http.post("/subjects/outage-value/versions", schema("After"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (after.status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                after = http.post("/subjects/outage-value/versions", schema("After"));
            }
            assertThat(after.status()).as(after.text()).isEqualTo(200);
            assertThat(after.json().get("id").asInt()).isGreaterThan(id);
        } finally {
            kafka.close();
        }
    }
}
