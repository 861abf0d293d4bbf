package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * The gateway's keys over HTTP: an expired key is refused with 401 saying so, and a key added to or
 * removed from the key file is accepted or refused within seconds, without a restart. A request that
 * passes authentication is answered 400 here (an empty batch), so nothing needs writing.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("integration")
class IngestKeysIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLD = "test-old-site-key";
    private static final String CURRENT = "test-current-site-key";
    private static final String NEW = "test-new-site-key";

    @TempDir
    Path dir;

    private static String entry(String name, String key, String expiry) {
        return name + "=site|178|" + ApiKeys.hash(key) + (expiry == null ? "" : "|" + expiry) + "\n";
    }

    private void replace(Path file, String text) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** 400 when the key passed authentication, 401 when it did not. */
    private static HttpResponse<String> post(IngestServer server, String key) throws Exception {
        return IngestFixtures.postJson(server.port(), IngestKind.VACCINATION_DOSES, key, "[]");
    }

    @Test
    void refusesAnExpiredKeyAndFollowsTheKeyFileWithoutRestart(KafkaBroker broker) throws Exception {
        Path file = dir.resolve("ingest-keys.properties");
        // The gateway's clock reads 2021-12-24T10:00:00Z.
        replace(file, entry("site-old", OLD, "2021-12-24T17:00:00+07:00") + entry("site-current", CURRENT, "2021-12-24T17:00:01+07:00"));
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
             IngestServer server = IngestServer.start(IngestFixtures.config(broker.bootstrapServers(), registry.url(),
                     Map.of("ingest.keys", "", "ingest.keys.file", file.toString())),
                     IngestFixtures.uniqueTopics(broker), Clock.fixed(IngestFixtures.NOW, ZoneOffset.UTC))) {
            HttpResponse<String> expired = post(server, OLD);
            assertThat(expired.statusCode()).as(expired.body()).isEqualTo(401);
            assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pulse-ingest\"");
            JsonNode problem = JSON.readTree(expired.body());
            assertThat(problem.get("type").asText()).endsWith("/ingest/unauthorized");
            assertThat(problem.get("detail").asText()).isEqualTo("key 'site-old' expired at 2021-12-24T10:00:00Z; ask the operator for a new key");
            assertThat(post(server, CURRENT).statusCode()).as("a second before its expiry").isEqualTo(400);
            assertThat(post(server, NEW).statusCode()).isEqualTo(401);

            replace(file, entry("site-new", NEW, null));
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(post(server, NEW).statusCode()).as("added").isEqualTo(400));
            assertThat(post(server, CURRENT).statusCode()).as("removed").isEqualTo(401);

            replace(file, "site-new=site|178|not-a-hash\n");
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(IngestFixtures.get(server.port(), "/metrics").body())
                            .contains("pulse_ingest_keys_reloads_total{outcome=\"failed\",service=\"ingest\"} 1.0"));
            assertThat(post(server, NEW).statusCode()).as("a bad file changes nothing").isEqualTo(400);
            assertThat(IngestFixtures.get(server.port(), "/metrics").body())
                    .contains("pulse_ingest_keys_reloads_total{outcome=\"reloaded\",service=\"ingest\"} 1.0")
                    .contains("pulse_ingest_keys_loaded{service=\"ingest\"} 1.0");
        }
    }
}
