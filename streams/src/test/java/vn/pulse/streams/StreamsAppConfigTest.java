package vn.pulse.streams;

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
import vn.pulse.core.config.Settings;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.streams.vaccination.VaccinationTopology;

class StreamsAppConfigTest {

    @Test
    void theBorderTopologysKeysComeFromTheAppsFileAndEnvironmentLikeEveryOtherKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("streams.properties"),
                "border.grace=2h\nborder.gate.CHI_MA.alert.backlog.raise=321\n");

        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.DEFAULTS, file,
                Map.of("PULSE_BORDER_EMIT_INTERVAL", "1s"), Map.of()));

        assertThat(config.border().grace()).isEqualTo(Duration.ofHours(2));
        assertThat(config.border().emitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.border().thresholds().get("CHI_MA").backlogRaise()).isEqualTo(321);
        assertThat(config.border().dedupRetention()).isEqualTo(BorderConfig.defaults().dedupRetention());
    }

    @Test
    void aBadBorderValueStopsTheAppNamingTheKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("streams.properties"), "border.wait-cap=0m\n");

        assertThatThrownBy(() -> StreamsAppConfig.from(Settings.load(StreamsAppConfig.DEFAULTS, file, Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("border.wait-cap");
    }

    @Test
    void aTimeZoneSettingIsRefusedSoNoServiceReadsOtherDays(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("streams.properties"), "border.time-zone=Asia/Bangkok\n");

        assertThatThrownBy(() -> StreamsAppConfig.from(Settings.load(StreamsAppConfig.DEFAULTS, file, Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("border.time-zone")
                .hasMessageContaining("time zone is fixed");
    }

    @Test
    void withoutBorderSettingsTheDefaultsApply() {
        StreamsAppConfig config = StreamsAppConfig.from(Settings.of(StreamsAppConfig.DEFAULTS, Map.of()));
        assertThat(config.border()).isEqualTo(BorderConfig.defaults());
        assertThat(config.vaccination()).isEqualTo(VaccinationTopology.Options.defaults());
        assertThat(config.vaccination().pendingCorrectionTtl()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void thePendingCorrectionsTimeToLiveIsConfigurableAndMustBePositive(@TempDir Path dir) throws IOException {
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.DEFAULTS, null,
                Map.of("PULSE_VACCINATION_PENDING_CORRECTION_TTL", "7d"), Map.of()));
        assertThat(config.vaccination().pendingCorrectionTtl()).isEqualTo(Duration.ofDays(7));

        Path file = Files.writeString(dir.resolve("streams.properties"), "vaccination.pending-correction-ttl=0s\n");
        assertThatThrownBy(() -> StreamsAppConfig.from(Settings.load(StreamsAppConfig.DEFAULTS, file, Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vaccination.pending-correction-ttl")
                .hasMessageContaining("must be positive");
    }

    @Test
    void theStockAlertMarksAreConfigurableAndTheClearMarkMustBeAboveTheRaiseMark(@TempDir Path dir) throws IOException {
        StreamsAppConfig defaults = StreamsAppConfig.from(Settings.of(StreamsAppConfig.DEFAULTS, Map.of()));
        assertThat(defaults.vaccination().stockAlertRaiseBelowDays()).isEqualTo(7);
        assertThat(defaults.vaccination().stockAlertClearAtDays()).isEqualTo(14);

        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.DEFAULTS, null,
                Map.of("PULSE_VACCINATION_STOCK_ALERT_RAISE_BELOW_DAYS", "10", "PULSE_VACCINATION_STOCK_ALERT_CLEAR_AT_DAYS", "21"), Map.of()));
        assertThat(config.vaccination().stockAlertRaiseBelowDays()).isEqualTo(10);
        assertThat(config.vaccination().stockAlertClearAtDays()).isEqualTo(21);

        Path file = Files.writeString(dir.resolve("streams.properties"),
                "vaccination.stock-alert.raise-below-days=10\nvaccination.stock-alert.clear-at-days=10\n");
        assertThatThrownBy(() -> StreamsAppConfig.from(Settings.load(StreamsAppConfig.DEFAULTS, file, Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vaccination.stock-alert.clear-at-days='10'")
                .hasMessageContaining("must be above the raise mark (10 days)");
    }
}
