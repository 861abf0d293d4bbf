package vn.pulse.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.SchemaRegistryException;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;

/** The HTTP client against the real server, and against a scripted server for retries, failover and auth. */
class CachedSchemaRegistryClientTest {

    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"ClientTest\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    private static SchemaRegistryServer server;
    private HttpServer scripted;

    @BeforeAll
    static void start() {
        server = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void stopScripted() {
        if (scripted != null) {
            scripted.stop(0);
        }
    }

    @Test
    void talksToTheServerAndCaches() {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(server.url())) {
            int id = client.register("client-a", SCHEMA);
            assertThat(client.register("client-a", SCHEMA)).isEqualTo(id);
            assertThat(client.getById(id)).isEqualTo(SCHEMA);
            RegisteredSchema latest = client.getLatest("client-a");
            assertThat(latest).isEqualTo(new RegisteredSchema("client-a", 1, id, SCHEMA));
            assertThat(client.getVersion("client-a", 1)).isEqualTo(latest);
            assertThat(client.lookup("client-a", SCHEMA).version()).isEqualTo(1);
            assertThat(client.subjects()).contains("client-a");
            assertThat(client.versions("client-a")).containsExactly(1);
            assertThat(client.testCompatibility("client-a", Schema.create(Schema.Type.STRING)).compatible()).isFalse();
            assertThat(client.setCompatibility("client-a", CompatibilityLevel.NONE)).isEqualTo(CompatibilityLevel.NONE);
            assertThat(client.getCompatibility("client-a")).isEqualTo(CompatibilityLevel.NONE);
            assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
            assertThat(client.testCompatibility("client-a", Schema.create(Schema.Type.STRING)).compatible()).isTrue();
            assertThatThrownBy(() -> client.getById(999_999)).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(40403));
            assertThat(client.deleteSubject("client-a", false)).containsExactly(1);
            assertThat(client.getById(id)).as("cached").isEqualTo(SCHEMA);
        }
    }

    @Test
    void subjectsAreUrlEncoded() {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(server.url())) {
            int id = client.register("odd subject:ü+x", SCHEMA);
            assertThat(client.getLatest("odd subject:ü+x").id()).isEqualTo(id);
            assertThat(client.subjects()).contains("odd subject:ü+x");
        }
    }

    /** A server that answers from a script and records the requests it got. */
    private record Script(List<String> authorizations, AtomicInteger calls) {
    }

    private Script scripted(int failuresFirst) throws IOException {
        Script script = new Script(new CopyOnWriteArrayList<>(), new AtomicInteger());
        scripted = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        scripted.createContext("/", exchange -> {
            script.authorizations().add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (script.calls().incrementAndGet() <= failuresFirst) {
                respond(exchange, 503, "{\"error_code\":50002,\"message\":\"Kafka is slow\"}");
            } else {
                respond(exchange, 200, "{\"schema\":\"\\\"string\\\"\"}");
            }
        });
        scripted.start();
        return script;
    }

    private String scriptedUrl() {
        return "http://127.0.0.1:" + scripted.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static RegistryClientConfig fastRetries(String urls) {
        return RegistryClientConfig.of(urls).withRetry(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50));
    }

    @Test
    void retriesServerErrorsWithBackoff() throws IOException {
        Script script = scripted(2);
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(fastRetries(scriptedUrl()))) {
            assertThat(client.getById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
            assertThat(script.calls().get()).isEqualTo(3);
        }
    }

    @Test
    void failsOverToTheNextUrl() throws IOException {
        Script script = scripted(0);
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(fastRetries("http://127.0.0.1:1/," + scriptedUrl()))) {
            assertThat(client.getById(1).getType()).isEqualTo(Schema.Type.STRING);
            assertThat(client.getById(1).getType()).isEqualTo(Schema.Type.STRING);
            assertThat(script.calls().get()).as("cached after the first answer").isEqualTo(1);
        }
    }

    @Test
    void givesUpWithARetriableErrorOnceTheRetryTimeIsSpent() throws IOException {
        Script script = scripted(Integer.MAX_VALUE);
        RegistryClientConfig config = RegistryClientConfig.of(scriptedUrl()).withRetry(Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofMillis(20));
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config)) {
            assertThatThrownBy(() -> client.getById(1)).isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("50002").hasMessageContaining("Kafka is slow");
            assertThat(script.calls().get()).isGreaterThan(2);
        }
    }

    @Test
    void sendsBasicAndBearerCredentials() throws IOException {
        Script script = scripted(0);
        Map<String, Object> userInfo = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, scriptedUrl(),
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO", AvroSerdeConfig.BASIC_AUTH_USER_INFO, "alice:s3cret");
        Map<String, Object> fromUrl = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, scriptedUrl().replace("http://", "http://bob:pw@"),
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL");
        Map<String, Object> bearer = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, scriptedUrl(),
                AvroSerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN", AvroSerdeConfig.BEARER_AUTH_TOKEN, "tok3n");
        for (Map<String, Object> config : List.of(userInfo, fromUrl, bearer)) {
            try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(AvroSerdeConfig.parse(config).clientConfig())) {
                client.getById(1);
            }
        }
        assertThat(script.authorizations()).containsExactly("Basic YWxpY2U6czNjcmV0", "Basic Ym9iOnB3", "Bearer tok3n");
    }
}
