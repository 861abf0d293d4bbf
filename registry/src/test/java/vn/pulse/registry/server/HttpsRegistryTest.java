package vn.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import vn.pulse.core.config.Settings;
import vn.pulse.core.http.HttpTls;
import vn.pulse.registry.client.CachedSchemaRegistryClient;
import vn.pulse.registry.client.RegistryClientConfig;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.testing.TestTls;

/**
 * HTTPS for the registry server ({@code registry.tls.*}, core {@link HttpTls}) and for the registry client
 * (Confluent's {@code schema.registry.ssl.truststore.*} and basic-auth keys), as a service reaches a
 * secured Confluent Schema Registry.
 */
class HttpsRegistryTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","namespace":"vn.pulse.test","fields":[{"name":"id","type":"string"}]}""");

    private final TestTls tls = TestTls.get();

    @Test
    void servesHttpsWithTheConfiguredCertificateOnlyAndClientsTrustItThroughTheSerdeKeys() throws Exception {
        try (SchemaRegistryServer server = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0)
                .withTls(HttpTls.from(settings(tls.password()), SchemaRegistryServerConfig.TLS_PREFIX)))) {
            assertThat(server.url()).startsWith("https://127.0.0.1:");

            Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url(),
                    AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, tls.truststore().toString(),
                    AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD, tls.password());
            try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(AvroSerdeConfig.parse(serde).clientConfig())) {
                int id = client.register("probe-value", SCHEMA);
                assertThat(client.getById(id)).isEqualTo(SCHEMA);
                assertThat(client.subjects()).containsExactly("probe-value");
            }

            HttpResponse<String> answer = trusting().send(HttpRequest.newBuilder(URI.create(server.url() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            X509Certificate certificate = (X509Certificate) answer.sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");

            // A client that does not trust the certificate is refused by its own TLS check.
            HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(server.url() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
            // No plain HTTP on the port.
            assertNotServedInPlainText(server.url().replace("https://", "http://") + "/subjects");
        }
    }

    @Test
    void sendsConfluentStyleBasicAuthOverHttps() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpTls httpTls = HttpTls.from(settings(tls.password()), SchemaRegistryServerConfig.TLS_PREFIX);
        Javalin stub = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/subjects", ctx -> {
                authorizations.add(ctx.header("Authorization"));
                ctx.contentType("application/vnd.schemaregistry.v1+json").result("[\"probe-value\"]");
            });
            httpTls.apply(cfg, "127.0.0.1", 0);
        }).start("127.0.0.1", 0);
        try {
            Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "https://localhost:" + stub.port(),
                    AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO", AvroSerdeConfig.BASIC_AUTH_USER_INFO, "pulse:r3gistry",
                    AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, tls.truststore().toString(),
                    AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD, tls.password(), AvroSerdeConfig.SSL_TRUSTSTORE_TYPE, "PKCS12");
            RegistryClientConfig config = AvroSerdeConfig.parse(serde).clientConfig();
            try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config)) {
                assertThat(client.subjects()).containsExactly("probe-value");
            }
            assertThat(authorizations).containsExactly("Basic cHVsc2U6cjNnaXN0cnk=");
            assertThat(config.toString()).doesNotContain("r3gistry").doesNotContain(tls.password());
        } finally {
            stub.stop();
        }
    }

    @Test
    void aWrongKeystorePasswordOrTruststoreFailsAtStartNamingTheKey() {
        assertThatThrownBy(() -> HttpTls.from(settings("wrong"), "registry"))
                .isInstanceOf(vn.pulse.core.config.ConfigException.class)
                .hasMessageContaining("registry.tls.keystore").hasMessageContaining("registry.tls.keystore-password")
                .hasMessageNotContaining("wrong");
        Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "https://localhost:1",
                AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, tls.truststore().resolveSibling("missing.p12").toString());
        assertThatThrownBy(() -> AvroSerdeConfig.parse(serde).clientConfig())
                .isInstanceOf(ConfigException.class).hasMessageContaining(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION);
    }

    private Settings settings(String password) {
        return Settings.of(HttpTls.defaults("registry"), Map.of("registry.tls.keystore", tls.keystore().toString(),
                "registry.tls.keystore-password", password));
    }

    private HttpClient trusting() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(new RegistryClientConfig.TrustStore(tls.truststore(), tls.password(), "PKCS12").sslContext()).build();
    }

    private static void assertNotServedInPlainText(String url) throws InterruptedException {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> answer = plain.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("plain HTTP answer %s", answer.body()).isGreaterThanOrEqualTo(400);
            assertThat(answer.body()).doesNotContain("probe-value");
        } catch (IOException e) {
            // The TLS connector closed the connection: nothing served in plain text.
        }
    }
}
