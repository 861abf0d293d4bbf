package vn.pulse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {

    private static final Map<String, String> DEFAULTS = Map.of("kafka.bootstrap-servers", "127.0.0.1:9092", "registry.url", "http://r:8081");
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"pulse\" password=\"s3cr3t-jaas\";";

    @TempDir
    Path dir;

    @Test
    void environmentVariablesBecomeKafkaAndRegistryPropertiesWithDots() {
        Settings s = Settings.load(DEFAULTS, null, Map.of(
                "PULSE_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "PULSE_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "PULSE_KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS,
                "PULSE_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "/etc/pulse/kafka-trust.p12",
                "PULSE_REGISTRY_CLIENT_BASIC_AUTH_USER_INFO", "pulse:registry-pw",
                "PULSE_REGISTRY_URL", "https://registry:8081",
                "PULSE_UNRELATED", "x"), Map.of());

        ClientProperties clients = ClientProperties.from(s);

        assertThat(clients.kafka()).containsOnly(Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", JAAS), Map.entry("ssl.truststore.location", "/etc/pulse/kafka-trust.p12"));
        assertThat(clients.registry()).containsOnly(Map.entry("basic.auth.user.info", "pulse:registry-pw"));
        assertThat(s.source("kafka.client.sasl.jaas.config")).isEqualTo("environment variable PULSE_KAFKA_CLIENT_SASL_JAAS_CONFIG");
        assertThat(s.environmentVariables()).contains("PULSE_KAFKA_CLIENT_SASL_JAAS_CONFIG");
        assertThat(clients.kafkaConfig("kafka:9093")).containsEntry("bootstrap.servers", "kafka:9093").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(clients.serdeConfig("https://registry:8081")).containsEntry("schema.registry.url", "https://registry:8081")
                .containsEntry("basic.auth.user.info", "pulse:registry-pw");
    }

    @Test
    void aFileMayNameClientPropertiesAndLaterLayersWin() throws IOException {
        Path file = dir.resolve("pulse.properties");
        Files.writeString(file, "kafka.client.security.protocol=SSL\nkafka.client.ssl.truststore.type=PKCS12\n");
        Settings s = Settings.load(DEFAULTS, file, Map.of("PULSE_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL"),
                Map.of("kafka.client.ssl.truststore.type", "JKS"));

        assertThat(ClientProperties.from(s).kafka()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("ssl.truststore.type", "JKS"));
    }

    @Test
    void otherUnknownKeysAreStillRefused() throws IOException {
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "kafka.clients.security.protocol=SSL\n");

        assertThatThrownBy(() -> Settings.load(DEFAULTS, file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.clients.security.protocol")
                .hasMessageContaining("kafka.client.");
    }

    @Test
    void theConnectionItselfIsNotAPassThroughProperty() {
        assertThatThrownBy(() -> ClientProperties.from(Settings.of(DEFAULTS, Map.of("kafka.client.bootstrap.servers", "x:9092"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.bootstrap-servers");
        assertThatThrownBy(() -> ClientProperties.from(Settings.of(DEFAULTS, Map.of("registry.client.schema.registry.url", "http://x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registry.url");
    }

    @Test
    void secretsAreMaskedWhenPrinted() {
        ClientProperties clients = new ClientProperties(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.password", "trust-pw",
                "ssl.keystore.password", "key-store-pw",
                "ssl.key.password", "key-pw",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----abc",
                "sasl.oauthbearer.client.credentials.client.secret", "oauth-secret"),
                Map.of("basic.auth.user.info", "pulse:registry-pw", "bearer.auth.token", "tok3n",
                        "schema.registry.ssl.truststore.password", "reg-trust-pw"));

        String printed = clients.toString();

        assertThat(printed).contains("security.protocol=SASL_SSL", "sasl.jaas.config=***", "basic.auth.user.info=***")
                .doesNotContain("s3cr3t-jaas", "trust-pw", "key-store-pw", "key-pw", "PRIVATE KEY", "oauth-secret", "registry-pw",
                        "tok3n", "reg-trust-pw");
    }
}
