package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.topics.Topics;
import vn.pulse.platform.LocalKafka;
import vn.pulse.producer.SimulatedDoses;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.schemas.health.DoseAdministered;

/**
 * The thin slice end to end, as {@code ./pulse run} wires it: Avro dose events through the registry
 * into the real broker, counted by the exactly-once Streams app into the compacted aggregate topic,
 * served by the consumer API; then the whole run restarts from its data directory.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@Tag("integration")
class LocalRunIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void dosesProducedAsAvroAreCountedOnceAndServedAndSurviveARestart() throws Exception {
        int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
        LocalRunOptions options = new LocalRunOptions(dataDir, false, "127.0.0.1", ports[0], ports[1], 0, 0, 0, "none", 1);
        Instant administered = Instant.parse("2021-09-01T03:00:00Z");
        int doses = 250;

        try (LocalRun run = LocalRun.start(options)) {
            SimulatedDoses generator = new SimulatedDoses(42);
            try (KafkaProducer<String, DoseAdministered> producer =
                         ProducerFactory.avroProducer(run.registryClients(), run.kafkaBootstrapServers(), run.registryUrl(), "local-run-it")) {
                for (int i = 0; i < doses; i++) {
                    DoseAdministered dose = generator.next(administered);
                    producer.send(new ProducerRecord<>(Topics.VACCINATION_DOSES.name(), dose.getEventId(), dose)).get();
                }
            }
            JsonNode summary = awaitDoses(run.apiUrl(), doses);
            assertThat(summary.get("dosesAdministered").isIntegralNumber()).isTrue();
            assertThat(Instant.parse(summary.get("asOf").asText())).isBeforeOrEqualTo(administered);
            // A replaced stream thread keeps the app not ready for 30 s: wait longer than that.
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                HttpResponse<String> apiReady = get(run.apiUrl() + "/health/ready");
                assertThat(apiReady.statusCode()).as(apiReady.body()).isEqualTo(200);
                HttpResponse<String> streamsReady = get(run.streamsUrl() + "/health/ready");
                assertThat(streamsReady.statusCode()).as(streamsReady.body()).isEqualTo(200);
            });
            assertThat(get(run.apiUrl() + "/metrics").body()).contains("jvm_memory_used_bytes");
            assertRegistryIsLockedDown(run);
        }
        String credentials = Files.readString(dataDir.resolve("registry-credentials.properties"));

        // Same data directory: the broker keeps its topics, the API rebuilds its state from them; same registry users.
        try (LocalRun again = LocalRun.start(options)) {
            JsonNode summary = awaitDoses(again.apiUrl(), doses);
            assertThat(summary.get("dosesAdministered").asLong()).isEqualTo(doses);
            assertThat(Files.readString(again.registryCredentialsFile())).isEqualTo(credentials);
        }
    }

    /**
     * The registry of a local run: private credential files, no anonymous access, the services' user may register
     * but not delete, and not even the admin may change modes.
     */
    private void assertRegistryIsLockedDown(LocalRun run) throws IOException, InterruptedException {
        for (String file : List.of("registry-credentials.properties", "registry-users.properties")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(file)))).as(file).isEqualTo("rw-------");
        }
        assertThat(Files.readString(dataDir.resolve("registry-users.properties"))).doesNotContain(
                run.registryClients().registry().get("basic.auth.user.info").split(":", 2)[1]);
        Properties users = new Properties();
        try (var in = Files.newBufferedReader(run.registryCredentialsFile())) {
            users.load(in);
        }
        String service = users.getProperty("service.user-info");
        String admin = users.getProperty("admin.user-info");
        String subject = Topics.VACCINATION_DOSES.name() + "-value";
        assertThat(send(run.registryUrl() + "/subjects", "GET", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> subjects = send(run.registryUrl() + "/subjects", "GET", service, null);
        assertThat(subjects.body()).contains(subject);
        assertThat(send(run.registryUrl() + "/subjects/" + subject, "DELETE", service, null).statusCode()).isEqualTo(403);
        assertThat(send(run.registryUrl() + "/config", "PUT", service, "{\"compatibility\":\"NONE\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> mode = send(run.registryUrl() + "/mode", "PUT", admin, "{\"mode\":\"READONLY\"}");
        assertThat(mode.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(mode.body()).get("error_code").asInt()).isEqualTo(42205);
        assertThat(send(run.registryUrl() + "/config", "GET", admin, null).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> send(String url, String method, String userInfo, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        if (userInfo != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitDoses(String apiUrl, long expected) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            HttpResponse<String> response = get(apiUrl + "/api/v1/vaccination/summary");
            assertThat(response.statusCode()).isEqualTo(200);
            last[0] = JSON.readTree(response.body());
            assertThat(last[0].get("dosesAdministered").asLong()).isEqualTo(expected);
        });
        return last[0];
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
