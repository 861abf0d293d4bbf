package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.config.Settings;
import vn.pulse.core.topics.TopicProvisioner;
import vn.pulse.core.topics.Topics;
import vn.pulse.platform.LocalKafka;
import vn.pulse.platform.LocalKafkaConfig;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.ingest.ApiKeys;
import vn.pulse.producer.ingest.IngestConfig;
import vn.pulse.producer.ingest.IngestServer;
import vn.pulse.registry.client.RegistryClientConfig;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.testing.LogCapture;
import vn.pulse.testing.TestTls;

/**
 * A secured deployment in one JVM (docs/security.md, "Deployment"): the broker's clients may connect
 * only through a SASL_SSL listener (PLAIN over TLS, certificate made at test time), and the registry,
 * the Streams app, the API and the ingest gateway are configured through the documented keys only
 * ({@code kafka.client.*}, {@code registry.client.*}, {@code *.tls.*}): every HTTP server speaks HTTPS,
 * every registry client trusts the test certificate. A dose posted to the gateway shows up in the API's
 * totals; a Kafka client with a wrong password is refused; no password reaches a log line.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("integration")
class SecureTransportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "pulse-services";
    private static final String PASSWORD = "kafka-pw-" + Long.toHexString(System.nanoTime());
    private static final String SITE_KEY = "secure-it-site-key";

    @TempDir
    Path dir;

    @Test
    void theServicesWorkOverSaslSslAndHttpsAndAWrongPasswordIsRefused() throws Exception {
        TestTls tls = TestTls.get();
        int[] ports = LocalKafka.freePorts("127.0.0.1", 3);
        LocalKafkaConfig.Listener secure = new LocalKafkaConfig.Listener("SECURE", ports[2], "SASL_SSL", Map.of(
                "sasl.enabled.mechanisms", "PLAIN",
                "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + USER
                        + "=\"" + PASSWORD + "\";",
                "ssl.keystore.location", tls.keystore().toString(),
                "ssl.keystore.password", tls.password(),
                "ssl.keystore.type", "PKCS12"));
        try (LogCapture logs = LogCapture.start();
             LocalKafka kafka = LocalKafka.start(new LocalKafkaConfig(dir.resolve("kafka"), "127.0.0.1", ports[0], ports[1], 3)
                .withListener(secure))) {
            Map<String, String> common = new HashMap<>(Map.of(
                    "kafka.bootstrap-servers", kafka.config().bootstrapServers("SECURE"),
                    "kafka.client.security.protocol", "SASL_SSL",
                    "kafka.client.sasl.mechanism", "PLAIN",
                    "kafka.client.sasl.jaas.config", jaas(USER, PASSWORD),
                    "kafka.client.ssl.truststore.location", tls.truststore().toString(),
                    "kafka.client.ssl.truststore.password", tls.password(),
                    "kafka.client.ssl.truststore.type", "PKCS12",
                    "registry.client.schema.registry.ssl.truststore.location", tls.truststore().toString(),
                    "registry.client.schema.registry.ssl.truststore.password", tls.password()));
            ClientProperties clients = ClientProperties.from(Settings.of(ApiConfig.DEFAULTS, common));
            try (Admin admin = Admin.create(clients.kafkaConfig(kafka.config().bootstrapServers("SECURE")))) {
                TopicProvisioner.ensure(admin, Topics.all(), (short) 1);
            }

            try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.fromSettings(
                    settings(SchemaRegistryServerConfig.SETTINGS_DEFAULTS, common, tls, "registry", Map.of("registry.port", "0"))))) {
                assertThat(registry.url()).startsWith("https://");
                common.put("registry.url", registry.url());
                Feeds.publishReferenceData(new FeedContext(kafka.config().bootstrapServers("SECURE"), registry.url(), Clock.systemUTC(), 0,
                        clients));
                try (StreamsApp streams = StreamsApp.start(StreamsAppConfig.from(settings(StreamsAppConfig.DEFAULTS, common, tls,
                             "streams.http", Map.of("streams.http.port", "0", "streams.state-dir", dir.resolve("streams").toString()))));
                     ApiServer api = ApiServer.start(ApiConfig.from(settings(ApiConfig.DEFAULTS, common, tls, "api.http",
                             Map.of("api.http.port", "0"))));
                     IngestServer ingest = IngestServer.start(IngestConfig.from(settings(IngestConfig.DEFAULTS, common, tls, "ingest.http",
                             Map.of("ingest.http.port", "0", "ingest.keys", "site-178=site|178|" + ApiKeys.hash(SITE_KEY)))))) {
                    HttpClient https = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                            .sslContext(new RegistryClientConfig.TrustStore(tls.truststore(), tls.password(), "PKCS12").sslContext()).build();

                    String ingestReady = "https://127.0.0.1:" + ingest.port() + "/health/ready";
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                            .until(() -> get(https, ingestReady).statusCode() == 200);
                    HttpResponse<String> posted = https.send(HttpRequest.newBuilder(
                                    URI.create("https://127.0.0.1:" + ingest.port() + "/ingest/v1/vaccination-doses"))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + SITE_KEY)
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(dose())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

                    String summary = "https://127.0.0.1:" + api.port() + "/api/v1/vaccination/summary";
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                            assertThat(JSON.readTree(get(https, summary).body()).path("dosesAdministered").asLong()).isEqualTo(1));
                    // Ready is a state the app reaches, not one it holds from its first record: a stream thread that
                    // failed and was replaced (a slow TLS handshake on a loaded machine) keeps it not ready for a while.
                    String ready = "https://127.0.0.1:" + streams.httpPort() + "/health/ready";
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        HttpResponse<String> answer = get(https, ready);
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    });
                    assertThat(get(https, registry.url() + "/subjects").body()).contains(Topics.VACCINATION_DOSES.name() + "-value");
                    // No plain-HTTP port: an http:// request to the API's port gets no answer from the API.
                    assertNoPlainHttp(summary.replace("https://", "http://"));
                }
            }

            Map<String, Object> wrong = clients.kafkaConfig(kafka.config().bootstrapServers("SECURE"));
            wrong.put("sasl.jaas.config", jaas(USER, "not-the-password"));
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
            }
            // Kafka logs client and broker configurations: the JAAS password, the keystore password and the
            // ingest key never appear (Kafka prints [hidden], Pulse's toString prints ***).
            logs.assertNoneContains(List.of(PASSWORD, "not-the-password", tls.password(), SITE_KEY));
        }
    }

    private static Settings settings(Map<String, String> defaults, Map<String, String> common, TestTls tls, String tlsPrefix,
                                     Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(common);
        overrides.put(tlsPrefix + ".tls.keystore", tls.keystore().toString());
        overrides.put(tlsPrefix + ".tls.keystore-password", tls.password());
        overrides.putAll(more);
        return Settings.of(defaults, overrides);
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static String dose() {
        return """
                {"eventId":"secure-d1","administeredAt":"2021-12-24T09:15:00+07:00","siteId":"TTYT-178","districtCode":"178",\
                "ageGroup":"18+","doseKind":"FIRST","vaccineProduct":"AstraZeneca"}""";
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoPlainHttp(String url) {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> answer = get(plain, url);
            assertThat(answer.statusCode()).as("plain HTTP answer %s", answer.body()).isGreaterThanOrEqualTo(400);
            assertThat(answer.body()).doesNotContain("dosesAdministered");
        } catch (IOException e) {
            // The TLS connector closed the connection: nothing was served in plain text.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
