package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.config.ConfigException;

class ToolsConfigTest {

    @Test
    void readsTheEnvironmentAndLetsOptionsWin() {
        Map<String, String> env = Map.of("PULSE_KAFKA_BOOTSTRAP_SERVERS", "kafka:29092",
                "PULSE_REGISTRY_URL", "http://schema-registry:8081", "PULSE_TOPICS_REPLICATION_FACTOR", "3");

        assertThat(ToolsConfig.load(env, null, null, null))
                .isEqualTo(new ToolsConfig("kafka:29092", "http://schema-registry:8081", (short) 3, ClientProperties.NONE));
        assertThat(ToolsConfig.load(env, "other:9092", null, 1))
                .isEqualTo(new ToolsConfig("other:9092", "http://schema-registry:8081", (short) 1, ClientProperties.NONE));
    }

    @Test
    void readsKafkaAndRegistryClientPropertiesFromTheEnvironment() {
        Map<String, String> env = Map.of("PULSE_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "PULSE_KAFKA_CLIENT_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "PULSE_REGISTRY_CLIENT_BASIC_AUTH_USER_INFO", "pulse:secret");

        ToolsConfig config = ToolsConfig.load(env, "kafka:9093", null, null);

        assertThat(config.clients().kafkaConfig(config.bootstrapServers())).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;")
                .containsEntry("bootstrap.servers", "kafka:9093");
        assertThat(config.clients().serdeConfig(config.registryUrl())).containsEntry("basic.auth.user.info", "pulse:secret");
    }

    @Test
    void refusesAReplicationFactorBelowOneNamingTheVariable() {
        assertThatThrownBy(() -> ToolsConfig.load(Map.of("PULSE_TOPICS_REPLICATION_FACTOR", "0"), null, null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.replication-factor")
                .hasMessageContaining("PULSE_TOPICS_REPLICATION_FACTOR");
    }
}
