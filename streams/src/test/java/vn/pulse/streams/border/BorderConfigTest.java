package vn.pulse.streams.border;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.pulse.core.config.ConfigException;

class BorderConfigTest {

    @Test
    void hasDocumentedDefaultsWithPerGateMarksForTheBusyGates() {
        BorderConfig config = BorderConfig.defaults();

        assertThat(config.grace()).isEqualTo(Duration.ofHours(1));
        assertThat(config.thresholdsFor("HUU_NGHI").backlogRaise()).isEqualTo(600);
        assertThat(config.thresholdsFor("HUU_NGHI").waitP90RaiseMinutes()).as("inherited").isEqualTo(24 * 60);
        assertThat(config.thresholdsFor("NA_HINH")).isEqualTo(config.defaultThresholds());
        assertThat(config.thresholdsFor("COC_NAM").waitP90RaiseMinutes()).as("a quiet gate waits for a train of vehicles").isEqualTo(36 * 60);
    }

    @Test
    void readsAGatesMarksFromTheEnvironment() {
        BorderConfig config = BorderConfig.fromEnvironment(Map.of(
                "PULSE_BORDER_GATE_TAN_THANH_ALERT_BACKLOG_RAISE", "900",
                "PULSE_BORDER_GATE_TAN_THANH_ALERT_BACKLOG_CLEAR", "400",
                "PULSE_BORDER_ALERT_WAIT_P90_RAISE", "30h",
                "PULSE_BORDER_GRACE", "90m"));

        assertThat(config.thresholdsFor("TAN_THANH").backlogRaise()).isEqualTo(900);
        assertThat(config.thresholdsFor("TAN_THANH").backlogClear()).isEqualTo(400);
        assertThat(config.thresholdsFor("TAN_THANH").waitP90RaiseMinutes()).isEqualTo(30 * 60);
        assertThat(config.grace()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void refusesAClearMarkThatIsNotBelowTheRaiseMarkNamingTheKeys() {
        assertThatThrownBy(() -> BorderConfig.fromEnvironment(Map.of("PULSE_BORDER_GATE_CHI_MA_ALERT_BACKLOG_CLEAR", "250")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("border.gate.CHI_MA.alert.*")
                .hasMessageContaining("clear mark 250");
    }

    @Test
    void refusesADeduplicationWindowShorterThanTheTimeAnEventIsStillAcceptedNamingTheKeys() {
        assertThatThrownBy(() -> BorderConfig.fromEnvironment(Map.of("PULSE_BORDER_GRACE", "6h", "PULSE_BORDER_DEDUP_RETENTION", "5h")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("border.dedup-retention='5h'")
                .hasMessageContaining("border.grace + 1h");
    }

    @Test
    void refusesATimeZoneOfItsOwnNamingTheKey() {
        // The zone is the contract's: the API, the gateway and the scenarios read local days in it too.
        assertThatThrownBy(() -> BorderConfig.fromEnvironment(Map.of("PULSE_BORDER_TIME_ZONE", "Asia/Bangkok")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PULSE_BORDER_TIME_ZONE")
                .hasMessageContaining("time zone is fixed (Asia/Ho_Chi_Minh");
    }
}
