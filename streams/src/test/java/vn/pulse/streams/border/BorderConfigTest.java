package vn.pulse.streams.border;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;

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
    void theShippedDataSetGivesTheBusyGatesTheirOwnMarks() {
        Map<String, String> perGate = new java.util.TreeMap<>();
        BorderConfig.defaultSettings(GeoDataSetLoader.loadShipped("langson-2021")).forEach((key, value) -> {
            if (key.startsWith("border.gate.") && !value.isEmpty()) {
                perGate.put(key, value);
            }
        });
        assertThat(perGate).containsExactlyInAnyOrderEntriesOf(Map.of(
                "border.gate.HUU_NGHI.alert.backlog.raise", "600", "border.gate.HUU_NGHI.alert.backlog.clear", "300",
                "border.gate.TAN_THANH.alert.backlog.raise", "450", "border.gate.TAN_THANH.alert.backlog.clear", "225",
                "border.gate.CHI_MA.alert.backlog.raise", "250", "border.gate.CHI_MA.alert.backlog.clear", "120",
                "border.gate.DONG_DANG.alert.backlog.raise", "200", "border.gate.DONG_DANG.alert.backlog.clear", "100",
                "border.gate.COC_NAM.alert.wait-p90.raise", "36h", "border.gate.COC_NAM.alert.wait-p90.clear", "18h"));
        assertThat(BorderConfig.defaultSettings(GeoDataSetLoader.loadShipped("langson-2021"))).as("the selected data set's")
                .isEqualTo(BorderConfig.DEFAULTS);
    }

    @Test
    void takesAGatesMarksFromItsDataSetAndASettingOverridesThem() {
        GeoDataSet province = dataSet("G1,,,90m,30m,3\n");
        assertThat(BorderConfig.defaults(province).thresholdsFor("G1"))
                .isEqualTo(new AlertThresholds(150, 75, 90, 30, 3));
        assertThat(BorderConfig.defaults(province).thresholdsFor("G2")).isEqualTo(BorderConfig.defaults(province).defaultThresholds());

        BorderConfig configured = BorderConfig.from(Settings.load(BorderConfig.defaultSettings(province), null,
                Map.of("PULSE_BORDER_GATE_G1_ALERT_WAIT_P90_RAISE", "2h", "PULSE_BORDER_GATE_G2_ALERT_BACKLOG_RAISE", "40",
                        "PULSE_BORDER_GATE_G2_ALERT_BACKLOG_CLEAR", "20"), Map.of()), province);
        assertThat(configured.thresholdsFor("G1").waitP90RaiseMinutes()).isEqualTo(120);
        assertThat(configured.thresholdsFor("G1").minWaitSamples()).as("the data set's, not overridden").isEqualTo(3);
        assertThat(configured.thresholdsFor("G2").backlogRaise()).isEqualTo(40);
    }

    @Test
    void refusesADataSetsMarkThatDoesNotFitTheProvinceWideOneNamingWhereEachComesFrom() {
        GeoDataSet province = dataSet("G1,,200,,,\n");
        assertThatThrownBy(() -> BorderConfig.defaults(province))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("border.gate.G1.alert.*: backlog alert: clear mark 200")
                .hasMessageContaining("border.gate.G1.alert.backlog.clear=200 from the data set's gate-alerts.csv");
    }

    @Test
    void refusesAGatesMarkAgainstAnInheritedOneNamingTheProvinceWideKeyItCameFrom() {
        GeoDataSet province = dataSet("G1,,200,,,\n");
        Settings settings = Settings.load(BorderConfig.defaultSettings(province), null,
                Map.of("PULSE_BORDER_ALERT_BACKLOG_RAISE", "180"), Map.of());
        assertThatThrownBy(() -> BorderConfig.from(settings, province))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("border.gate.G1.alert.*: backlog alert: clear mark 200")
                .hasMessageContaining("border.gate.G1.alert.backlog.clear=200 from the data set's gate-alerts.csv")
                .hasMessageContaining("border.gate.G1.alert.backlog.raise inherits border.alert.backlog.raise=180"
                        + " from environment variable PULSE_BORDER_ALERT_BACKLOG_RAISE");
    }

    /** A province with two gates and the marks {@code alerts} (lines of gate-alerts.csv). */
    private static GeoDataSet dataSet(String alerts) {
        return GeoDataSetLoader.load("test", Map.of(
                "dataset.properties", "id=test\nname=Test\npopulation-year=2021\n",
                "units.csv", "code,parent,level,name,name_ascii,valid_from,valid_to\nVN,,country,Việt Nam,Viet Nam,,\n"
                        + "P1,VN,province,Tỉnh Một,Tinh Mot,,\nD1,P1,district,Huyện Một,Huyen Mot,,\n",
                "population.csv", "unit,age_group,population\nD1,12-17,10\nD1,18+,100\n",
                "gates.csv", "code,name,name_ascii,kind,unit,open\nG1,Cửa khẩu Một,Cua khau Mot,MAIN,D1,true\n"
                        + "G2,Cửa khẩu Hai,Cua khau Hai,BILATERAL,D1,true\n",
                "gate-alerts.csv", "gate,backlog_raise,backlog_clear,wait_p90_raise,wait_p90_clear,wait_p90_min_samples\n" + alerts)::get);
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
