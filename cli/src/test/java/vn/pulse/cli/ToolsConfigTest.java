package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.pulse.core.config.ConfigException;

class ToolsConfigTest {

    @Test
    void readsTheEnvironmentAndLetsOptionsWin() {
        Map<String, String> env = Map.of("PULSE_KAFKA_BOOTSTRAP_SERVERS", "kafka:29092",
                "PULSE_REGISTRY_URL", "http://schema-registry:8081", "PULSE_TOPICS_REPLICATION_FACTOR", "3");

        assertThat(ToolsConfig.load(env, null, null, null))
                .isEqualTo(new ToolsConfig("kafka:29092", "http://schema-registry:8081", (short) 3));
        assertThat(ToolsConfig.load(env, "other:9092", null, 1))
                .isEqualTo(new ToolsConfig("other:9092", "http://schema-registry:8081", (short) 1));
    }

    @Test
    void refusesAReplicationFactorBelowOneNamingTheVariable() {
        assertThatThrownBy(() -> ToolsConfig.load(Map.of("PULSE_TOPICS_REPLICATION_FACTOR", "0"), null, null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.replication-factor")
                .hasMessageContaining("PULSE_TOPICS_REPLICATION_FACTOR");
    }
}
