package vn.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.config.ConfigException;

class SchemaRegistryServerConfigTest {

    @Test
    void defaultsAndWithers() {
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.forKafka("broker:9092");
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.topic()).isEqualTo("_schemas");
        assertThat(config.inMemoryStore()).isFalse();
        assertThat(config.withPort(0).withHost("0.0.0.0").port()).isZero();
        assertThat(SchemaRegistryServerConfig.inMemory().inMemoryStore()).isTrue();
        assertThatThrownBy(() -> config.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandLineFileAndEnvironmentLayers(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("registry.properties"), "registry.port=9000\nregistry.topic=_schemas_file\n");
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.fromSettings(SchemaRegistryServer.settings(
                new String[] {"--config", file.toString(), "registry.host=0.0.0.0", "--registry.kafka-timeout=3s"},
                Map.of("PULSE_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "PULSE_REGISTRY_PORT", "9100")));
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.topic()).isEqualTo("_schemas_file");
        assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.kafkaTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> SchemaRegistryServer.settings(new String[] {"registry.prot=1"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registry.prot");
        assertThatThrownBy(() -> SchemaRegistryServer.settings(new String[] {"oops"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authenticationAndModeMutabilitySettings(@TempDir Path dir) {
        SchemaRegistryServerConfig open = SchemaRegistryServerConfig.fromSettings(SchemaRegistryServer.settings(new String[0], Map.of()));
        assertThat(open.credentialsFile()).isNull();
        assertThat(open.modeMutability()).isTrue();

        Path users = dir.resolve("users.properties");
        SchemaRegistryServerConfig locked = SchemaRegistryServerConfig.fromSettings(SchemaRegistryServer.settings(
                new String[] {"registry.mode.mutability=false"}, Map.of("PULSE_REGISTRY_AUTH_CREDENTIALS_FILE", users.toString())));
        assertThat(locked.credentialsFile()).isEqualTo(users);
        assertThat(locked.modeMutability()).isFalse();
        assertThat(locked.withPort(0).credentialsFile()).as("kept by the withers").isEqualTo(users);
        assertThat(locked.toString()).contains("credentialsFile=" + users, "modeMutability=false");
        assertThatThrownBy(() -> SchemaRegistryServerConfig.fromSettings(SchemaRegistryServer.settings(
                new String[] {"registry.mode.mutability=sometimes"}, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registry.mode.mutability");

        // A missing credentials file stops start-up with its name.
        assertThatThrownBy(() -> SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0).withCredentialsFile(users)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(users.toString());
    }
}
