package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.pulse.producer.ingest.IngestFixtures.SITE_178;
import static vn.pulse.producer.ingest.IngestFixtures.dose;
import static vn.pulse.producer.ingest.IngestFixtures.keys;
import static vn.pulse.producer.ingest.IngestFixtures.postJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.TopicProvisioner;
import vn.pulse.platform.LocalKafka;
import vn.pulse.platform.LocalKafkaConfig;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;

/**
 * Kafka goes down under the gateway: it answers 503 with {@code Retry-After} within a bounded time,
 * never 202; after the broker is back every event it acknowledged is in the topic, and writes
 * succeed again. Runs its own broker (the shared one must not stop).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@Tag("integration")
class IngestOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void answers503WhileKafkaIsDownAndAcknowledgesOnlyWhatIsInKafka() throws Exception {
        int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
        LocalKafkaConfig brokerConfig = new LocalKafkaConfig(dataDir, "127.0.0.1", ports[0], ports[1], 3);
        LocalKafka kafka = LocalKafka.start(brokerConfig);
        Map<IngestKind, String> names = new EnumMap<>(IngestKind.class);
        for (IngestKind kind : IngestKind.values()) {
            names.put(kind, kind.topic().name());
        }
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, List.of(IngestKind.VACCINATION_DOSES.topic(), IngestKind.GATE_EVENTS.topic(),
                    IngestKind.CHECKPOINT_SCREENINGS.topic(), IngestKind.DOSE_CORRECTIONS.topic(),
                    IngestKind.VACCINE_ALLOCATIONS.topic()), (short) 1);
        }
        String dosesTopic = names.get(IngestKind.VACCINATION_DOSES);
        List<String> acknowledged = new ArrayList<>();
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
             IngestServer gateway = IngestServer.start(IngestFixtures.config(kafka.bootstrapServers(), registry.url(),
                     Map.of("ingest.kafka.timeout", "4s")), TopicNames.defaults(), Clock.fixed(IngestFixtures.NOW, ZoneOffset.UTC))) {
            awaitReady(gateway.port());
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> ok = postJson(gateway.port(), IngestKind.VACCINATION_DOSES, SITE_178, dose("before-" + i, "178"));
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
                acknowledged.add("before-" + i);
            }

            kafka.close();
            for (int i = 0; i < 2; i++) {
                long started = System.nanoTime();
                HttpResponse<String> down = postJson(gateway.port(), IngestKind.VACCINATION_DOSES, SITE_178,
                        "[" + dose("during-" + i + "a", "178") + "," + dose("during-" + i + "b", "178") + "]");
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                if (down.statusCode() == 202) {
                    acknowledged.add("during-" + i + "a");
                    acknowledged.add("during-" + i + "b");
                }
                assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                assertThat(seconds).as("503 within the bounded wait").isLessThanOrEqualTo(8);
                assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
                JsonNode problem = JSON.readTree(down.body());
                assertThat(problem.get("count").asInt()).isZero();
                problem.get("events").forEach(e -> assertThat(e.get("written").asBoolean()).isFalse());
            }

            kafka = LocalKafka.start(brokerConfig);
            // The gateway's producer reconnects and renews its idempotent session on its own schedule: until it
            // has, a dose is refused with 503 and nothing written, as during the outage; then it is taken.
            awaitReady(gateway.port());
            int refusedAfter = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            HttpResponse<String> again = postJson(gateway.port(), IngestKind.VACCINATION_DOSES, SITE_178, dose("after", "178"));
            while (again.statusCode() != 202 && System.nanoTime() < deadline) {
                assertThat(again.statusCode()).as(again.body()).isEqualTo(503);
                assertThat(JSON.readTree(again.body()).get("count").asInt()).isZero();
                refusedAfter++;
                Thread.sleep(500);
                again = postJson(gateway.port(), IngestKind.VACCINATION_DOSES, SITE_178, dose("after", "178"));
            }
            assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            acknowledged.add("after");
            assertThat(keys(kafka.bootstrapServers(), dosesTopic)).containsAll(acknowledged);
            // Every refusal counted once: the two batches of the outage and any refusal while reconnecting.
            assertThat(gateway.meterRegistry().get("pulse.ingest.rejections")
                    .tag("kind", IngestKind.VACCINATION_DOSES.path()).tag("reason", "unavailable").counter().count())
                    .isEqualTo(2.0 + refusedAfter);
        } finally {
            kafka.close();
        }
    }

    private static void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> IngestFixtures.get(port, "/health/ready").statusCode() == 200);
    }
}
