package vn.pulse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    private static final Map<String, String> DEFAULTS = Map.of(
            "api.http.port", "8080",
            "kafka.bootstrap-servers", "127.0.0.1:9092",
            "streams.commit-interval", "100ms",
            "auth.enabled", "false");

    @TempDir
    Path dir;

    @Test
    void laterLayersWinOverEarlierOnes() throws IOException {
        Path file = dir.resolve("pulse.properties");
        Files.writeString(file, "api.http.port=9000\nkafka.bootstrap-servers=file:9092\n");
        Settings s = Settings.load(DEFAULTS, file,
                Map.of("PULSE_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "PULSE_AUTH_ENABLED", "true"),
                Map.of("api.http.port", "9100"));

        assertThat(s.port("api.http.port")).isEqualTo(9100);
        assertThat(s.source("api.http.port")).isEqualTo("command line");
        assertThat(s.string("kafka.bootstrap-servers")).isEqualTo("env:9092");
        assertThat(s.source("kafka.bootstrap-servers")).isEqualTo("environment variable PULSE_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(s.bool("auth.enabled")).isTrue();
        assertThat(s.duration("streams.commit-interval")).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void mapsKeysToEnvironmentVariableNames() {
        assertThat(Settings.envName("kafka.bootstrap-servers")).isEqualTo("PULSE_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(Settings.of(DEFAULTS, Map.of()).environmentVariables())
                .containsExactly("PULSE_API_HTTP_PORT", "PULSE_AUTH_ENABLED", "PULSE_KAFKA_BOOTSTRAP_SERVERS",
                        "PULSE_STREAMS_COMMIT_INTERVAL");
    }

    @Test
    void anInvalidValueNamesTheKeyTheValueAndItsSource() {
        Settings s = Settings.load(DEFAULTS, null, Map.of("PULSE_API_HTTP_PORT", "eighty"), Map.of());

        assertThatThrownBy(() -> s.port("api.http.port"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration api.http.port='eighty' (from environment variable PULSE_API_HTTP_PORT): "
                        + "must be an integer between 0 and 65535");
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        Settings s = Settings.of(DEFAULTS, Map.of("api.http.port", "70000"));

        assertThatThrownBy(() -> s.port("api.http.port")).hasMessageContaining("must be between 0 and 65535");
    }

    @Test
    void anUnknownKeyInAFileIsRefusedSoTyposDoNotPassSilently() throws IOException {
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "api.htp.port=9000\n");

        assertThatThrownBy(() -> Settings.load(DEFAULTS, file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'api.htp.port'")
                .hasMessageContaining("api.http.port");
    }

    @Test
    void durationsAcceptShortFormsAndIso8601() {
        assertThat(Settings.of(DEFAULTS, Map.of("streams.commit-interval", "30d")).duration("streams.commit-interval"))
                .isEqualTo(Duration.ofDays(30));
        assertThat(Settings.of(DEFAULTS, Map.of("streams.commit-interval", "PT5M")).duration("streams.commit-interval"))
                .isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> Settings.of(DEFAULTS, Map.of("streams.commit-interval", "soon")).duration("streams.commit-interval"))
                .hasMessageContaining("must be a duration");
    }

    @Test
    void booleansAreStrict() {
        assertThatThrownBy(() -> Settings.of(DEFAULTS, Map.of("auth.enabled", "maybe")).bool("auth.enabled"))
                .hasMessageContaining("must be true or false");
    }
}
