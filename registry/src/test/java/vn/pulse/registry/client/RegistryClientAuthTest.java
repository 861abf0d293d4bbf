package vn.pulse.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.KafkaAvroDeserializer;
import vn.pulse.registry.serde.KafkaAvroSerializer;
import vn.pulse.registry.server.RegistryUsersFile;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;

/**
 * The client against a registry with basic authentication: it sends Confluent's credential properties, and a
 * 401 or 403 is retried with backoff and counted, then reported as a retriable error, never as a problem of
 * the record being serialized.
 */
class RegistryClientAuthTest {

    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"AuthClientTest\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");

    @TempDir
    Path dir;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Path users;
    private SchemaRegistryServer server;

    @BeforeEach
    void start() {
        Metrics.globalRegistry.add(meters);
        users = RegistryUsersFile.write(dir.resolve("registry-users.properties"),
                Map.of("svc", "right-pw:write", "viewer", "viewer-pw:read"));
        server = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0).withCredentialsFile(users));
    }

    @AfterEach
    void stop() {
        server.close();
        Metrics.globalRegistry.remove(meters);
        meters.close();
    }

    private double authFailures(String status) {
        var counter = meters.find("pulse.registry.client.auth.failures").tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    private Map<String, Object> serdeConfig(String userInfoKey, String userInfo, long maxRetryMs) {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url(),
                "schema.registry.basic.auth.credentials.source", "USER_INFO", userInfoKey, userInfo,
                AvroSerdeConfig.MAX_RETRY_TIME_MS, Long.toString(maxRetryMs),
                AvroSerdeConfig.RETRY_BACKOFF_MS, "20", AvroSerdeConfig.RETRY_BACKOFF_MAX_MS, "200");
    }

    @Test
    void sendsConfluentsCredentialPropertiesInBothSpellings() {
        for (String key : new String[] {AvroSerdeConfig.BASIC_AUTH_USER_INFO, "schema.registry.basic.auth.user.info"}) {
            try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(
                    AvroSerdeConfig.parse(serdeConfig(key, "svc:right-pw", 5_000)).clientConfig())) {
                int id = client.register("auth-client-value", SCHEMA);
                assertThat(client.getById(id)).isEqualTo(SCHEMA);
            }
        }
        assertThat(authFailures("401")).isZero();
    }

    @Test
    void retriesRefusedCredentialsUntilTheRegistryAcceptsThem() throws Exception {
        RegistryClientConfig config = AvroSerdeConfig.parse(serdeConfig(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "svc:new-pw", 30_000))
                .clientConfig();
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config)) {
            CompletableFuture<Integer> registered = CompletableFuture.supplyAsync(() -> client.register("auth-retry-value", SCHEMA));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (authFailures("401") < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(authFailures("401")).as("refusals counted while retrying").isGreaterThanOrEqualTo(2);
            assertThat(registered).isNotDone();

            // The operator fixes the registry's credentials file; the registry reads it again, the client gets in.
            RegistryUsersFile.write(users, Map.of("svc", "new-pw:write"));
            assertThat(registered.get(20, TimeUnit.SECONDS)).isPositive();
        }
    }

    @Test
    void aRoleThatIsNotEnoughIsRetriedThenReportedAsRetriableNotAsABadRecord() {
        Map<String, Object> config = serdeConfig(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "viewer:viewer-pw", 300);
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(config, false);
            assertThatThrownBy(() -> serializer.serialize("auth-topic", new org.apache.avro.generic.GenericData.Record(SCHEMA)))
                    .isInstanceOfSatisfying(SchemaRegistryAuthenticationException.class, e -> assertThat(e.status()).isEqualTo(403))
                    .isInstanceOf(RetriableException.class).isNotInstanceOf(SerializationException.class)
                    .hasMessageContaining("40301");
        }
        assertThat(authFailures("403")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aDeserializerWithWrongCredentialsFailsRetriably() {
        int id;
        try (CachedSchemaRegistryClient writer = new CachedSchemaRegistryClient(
                AvroSerdeConfig.parse(serdeConfig(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "svc:right-pw", 5_000)).clientConfig())) {
            id = writer.register("auth-read-value", SCHEMA);
        }
        byte[] payload = {0, 0, 0, 0, (byte) id, 2};
        try (KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            deserializer.configure(serdeConfig(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "svc:wrong", 300), false);
            assertThatThrownBy(() -> deserializer.deserialize("auth-read", payload))
                    .isInstanceOfSatisfying(SchemaRegistryAuthenticationException.class, e -> assertThat(e.status()).isEqualTo(401))
                    .isInstanceOf(RetriableException.class).isNotInstanceOf(SerializationException.class);
        }
        try (KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            deserializer.configure(serdeConfig(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "viewer:viewer-pw", 5_000), false);
            assertThat(deserializer.deserialize("auth-read", payload).toString()).isEqualTo("{\"a\": 1}");
        }
    }

    @Test
    void anAuthFailureIsNotReportedForARegistryThatWasMerelyDown() {
        RegistryClientConfig config = RegistryClientConfig.of("http://127.0.0.1:1").withBasicAuth("svc:right-pw")
                .withRetry(Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(20));
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config)) {
            assertThatThrownBy(() -> client.getById(1)).isInstanceOf(SchemaRegistryUnavailableException.class)
                    .isNotInstanceOf(SchemaRegistryAuthenticationException.class);
        }
    }
}
