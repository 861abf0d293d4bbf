package vn.pulse.core.geography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoDataSetLoaderTest {

    private static final String META = "id=test\nname=Test\nschematic=true\npopulation-year=2025\n";
    private static final String UNITS = """
            code,parent,level,name,name_ascii,valid_from,valid_to
            VN,,country,Việt Nam,Viet Nam,,
            P1,VN,province,Tỉnh Một,Tinh Mot,,
            D1,P1,district,Huyện Một,Huyen Mot,,2025-06-30
            C1,P1,commune,Xã Một,Xa Mot,2025-07-01,
            C2,P1,commune,Phường Hai,Phuong Hai,2025-07-01,
            """;
    private static final String POPULATION = """
            unit,age_group,population
            D1,12-17,30
            D1,18+,300
            C1,12-17,10
            C1,18+,100
            C2,12-17,20
            C2,18+,200
            """;
    private static final String GATES = """
            code,name,name_ascii,kind,unit,open
            G1,Cửa khẩu Một,Cua khau Mot,MAIN,C1,true
            """;

    private static Map<String, String> files() {
        Map<String, String> files = new HashMap<>();
        files.put(GeoDataSetLoader.DATASET, META);
        files.put(GeoDataSetLoader.UNITS, UNITS);
        files.put(GeoDataSetLoader.POPULATION, POPULATION);
        files.put(GeoDataSetLoader.GATES, GATES);
        return files;
    }

    private static GeoDataSet load(Map<String, String> files) {
        return GeoDataSetLoader.load("test", files::get);
    }

    @Test
    void loadsAHierarchyWithValidityAndRollsPopulationUp() {
        GeoDataSet set = load(files());
        assertThat(set.countingUnits()).extracting(AdminUnit::code).containsExactly("D1", "C1", "C2");
        assertThat(set.population("C1", "18+")).hasValue(100);
        // On a day, the province counts the units valid that day: the district before July 2025, the communes after.
        assertThat(set.population("P1", "18+", LocalDate.of(2025, 6, 30))).hasValue(300);
        assertThat(set.population("P1", "18+", LocalDate.of(2025, 7, 1))).hasValue(300);
        assertThat(set.population("VN", "12-17", LocalDate.of(2025, 7, 1))).hasValue(30);
        assertThat(set.population("D1", "12-17", LocalDate.of(2025, 7, 1))).as("a unit's own population, valid or not").hasValue(30);
        assertThat(set.countingUnitsUnder("P1", LocalDate.of(2025, 7, 1))).extracting(AdminUnit::code).containsExactly("C1", "C2");
        assertThat(set.children("P1")).extracting(AdminUnit::code).containsExactly("D1", "C1", "C2");
        assertThat(set.ancestors("C2")).extracting(AdminUnit::code).containsExactly("P1", "VN");
        assertThat(set.gates()).singleElement().satisfies(g -> assertThat(g.districtCode()).isEqualTo("C1"));
        assertThat(set.schematic()).isTrue();
    }

    @Test
    void refusesAnExpiredOrNotYetValidUnitForTheDayOfTheEvent() {
        GeoDataSet set = load(files());
        assertThat(set.refusal("D1", LocalDate.of(2025, 6, 30))).isNull();
        assertThat(set.refusal("D1", LocalDate.of(2025, 7, 1))).contains("not valid on 2025-07-01").contains("until 2025-06-30");
        assertThat(set.refusal("C1", LocalDate.of(2025, 6, 30))).contains("not valid on 2025-06-30");
        assertThat(set.refusal("C1", LocalDate.of(2025, 7, 1))).isNull();
        assertThat(set.refusal("P1", LocalDate.of(2025, 7, 1))).contains("has units below it");
        assertThat(set.refusal("X9", LocalDate.of(2025, 7, 1))).contains("unknown unit code 'X9'");
    }

    @Test
    void namesFileLineFieldAndReasonOfEveryProblem() {
        Map<String, String> files = files();
        files.put(GeoDataSetLoader.UNITS, UNITS + "C1,P1,commune,Xã Lặp,Xa Lap,2025-07-01,\nC3,P9,commune,Xã Ba,Xa Ba,2025-07-01,\n");
        files.put(GeoDataSetLoader.POPULATION, POPULATION.replace("C2,18+,200\n", "") + "C3,18+,5\n");
        files.put(GeoDataSetLoader.GATES, GATES + "G2,Cửa khẩu Hai,Cua khau Hai,MAIN,,false\n");
        assertThatThrownBy(() -> load(files))
                .isInstanceOf(GeoDataException.class)
                .hasMessageContaining("units.csv:7 unit C1 field code: duplicate code")
                .hasMessageContaining("units.csv:8 unit C3 field parent: unknown parent 'P9'")
                .hasMessageContaining("population.csv unit C2 field population: population missing for cohort C2|18+")
                .hasMessageContaining("gates.csv:3 unit G2 field unit: a gate in no unit")
                .hasMessageContaining("population.csv unit C3 field population: population missing for cohort C3|12-17")
                .satisfies(e -> assertThat(((GeoDataException) e).problems()).hasSize(5));
    }

    @Test
    void refusesTwoLevelsDirectlyInOneParentOnTheSameDays() {
        Map<String, String> files = files();
        files.put(GeoDataSetLoader.UNITS, UNITS.replace("D1,P1,district,Huyện Một,Huyen Mot,,2025-06-30",
                "D1,P1,district,Huyện Một,Huyen Mot,,2025-07-31"));
        assertThatThrownBy(() -> load(files))
                .hasMessageContaining("units.csv:5 unit C1 field valid_from: overlapping validity: commune C1 (from 2025-07-01 on)"
                        + " and district D1 (always until 2025-07-31)");
    }

    @Test
    void refusesPopulationOfAUnitWithUnitsBelowItAndUnknownAgeGroups() {
        Map<String, String> files = files();
        files.put(GeoDataSetLoader.POPULATION, POPULATION + "P1,18+,5\nC1,65+,3\nC1,18+,-1\n");
        assertThatThrownBy(() -> load(files))
                .hasMessageContaining("population.csv:8 unit P1 field unit: unit has units below it")
                .hasMessageContaining("population.csv:9 unit C1 field age_group: unknown age group '65+'")
                .hasMessageContaining("population.csv:10 unit C1 field population: negative: -1");
    }

    @Test
    void refusesAMissingFileAColumnAndABadLevel() {
        Map<String, String> files = files();
        files.remove(GeoDataSetLoader.POPULATION);
        files.put(GeoDataSetLoader.GATES, "code,name,kind,unit,open\n");
        files.put(GeoDataSetLoader.UNITS, UNITS + "X1,P1,hamlet,Thôn,Thon,,\n");
        assertThatThrownBy(() -> load(files))
                .hasMessageContaining("population.csv: missing file")
                .hasMessageContaining("gates.csv:1 field name_ascii: missing column")
                .hasMessageContaining("units.csv:7 unit X1 field level: unknown level 'hamlet'");
    }

    @Test
    void checksTheGeometryNamesKnownUnits() {
        Map<String, String> files = files();
        files.put(GeoDataSetLoader.GEOMETRY, """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","properties":{"code":"C1"},"geometry":{"type":"Point","coordinates":[106.7,21.8]}},
                 {"type":"Feature","properties":{"code":"Z9"},"geometry":{"type":"Point","coordinates":[106.7,21.8]}}]}
                """);
        assertThatThrownBy(() -> load(files))
                .hasMessageContaining("geometry.geojson unit Z9 field features[1].properties.code: unknown unit 'Z9'");
    }

    @Test
    void readsEachGatesOwnAlertMarksEmptyMeaningTheProvinceWideValue() {
        Map<String, String> files = files();
        files.put(GeoDataSetLoader.GATES, GATES + "G2,Cửa khẩu Hai,Cua khau Hai,BILATERAL,C2,false\n");
        files.put(GeoDataSetLoader.GATE_ALERTS, """
                # marks sized to each gate's traffic
                gate,backlog_raise,backlog_clear,wait_p90_raise,wait_p90_clear,wait_p90_min_samples
                G1,600,300,,,
                G2,,,36h,90m,4
                """);
        GeoDataSet set = load(files);
        assertThat(set.gateAlerts("G1")).hasValue(new GateAlertMarks("G1", 600L, 300L, null, null, null));
        assertThat(set.gateAlerts("G2")).hasValue(new GateAlertMarks("G2", null, null, Duration.ofHours(36), Duration.ofMinutes(90), 4));
        assertThat(set.gateAlerts("G3")).isEmpty();
    }

    @Test
    void refusesAlertMarksOfAnUnknownGateOrOutOfOrderNamingLineAndField() {
        Map<String, String> files = files();
        files.put(GeoDataSetLoader.GATE_ALERTS, """
                gate,backlog_raise,backlog_clear,wait_p90_raise,wait_p90_clear,wait_p90_min_samples
                G1,300,300,12h,1d,0
                G9,100,50,,,
                G1,x,,36,,
                """);
        assertThatThrownBy(() -> load(files))
                .isInstanceOf(GeoDataException.class)
                .hasMessageContaining("gate-alerts.csv:2 unit G1 field wait_p90_min_samples: '0' is out of range: a whole number of at least 1")
                .hasMessageContaining("gate-alerts.csv:2 unit G1 field backlog_clear: the clear mark 300 must be below the raise mark 300")
                .hasMessageContaining("gate-alerts.csv:2 unit G1 field wait_p90_clear: the clear mark 1d must be below the raise mark 12h")
                .hasMessageContaining("gate-alerts.csv:3 unit G9 field gate: unknown gate 'G9' (not a gate of gates.csv)")
                .hasMessageContaining("gate-alerts.csv:4 unit G1 field gate: duplicate gate")
                .hasMessageContaining("gate-alerts.csv:4 unit G1 field backlog_raise: 'x' is not a whole number")
                .hasMessageContaining("gate-alerts.csv:4 unit G1 field wait_p90_raise: '36' is not a duration (whole minutes, hours or days: 90m, 36h, 2d)");
    }

    @Test
    void readsTheSimulatorsWeightsOfCountingUnitsAndGates() {
        Map<String, String> files = files();
        files.put(GeoDataSetLoader.SIMULATION_WEIGHTS, "code,weight\nG1,40\nC2,3\n");
        assertThat(load(files).simulationWeights()).containsExactly(new SimulationWeight("G1", 40), new SimulationWeight("C2", 3));

        files.put(GeoDataSetLoader.SIMULATION_WEIGHTS, "code,weight\nP1,5\nX9,1\nC1,0\nC2,2\nC2,3\nD1,\n");
        assertThatThrownBy(() -> load(files))
                .hasMessageContaining("simulation-weights.csv:2 unit P1 field code: unit has units below it")
                .hasMessageContaining("simulation-weights.csv:3 unit X9 field code: unknown code 'X9': neither a unit nor a gate")
                .hasMessageContaining("simulation-weights.csv:4 unit C1 field weight: '0' is out of range: a whole number from 1 to 100000")
                .hasMessageContaining("simulation-weights.csv:6 unit C2 field code: duplicate code")
                .hasMessageContaining("simulation-weights.csv:7 unit D1 field weight: missing")
                .satisfies(e -> assertThat(((GeoDataException) e).problems()).hasSize(5));

        // The simulator draws by the sum of the weights: a weight is at most 100,000, so thousands of units add up
        // within what it can draw from.
        files.put(GeoDataSetLoader.SIMULATION_WEIGHTS, "code,weight\nG1,2000000000\nC2,100000\n");
        assertThatThrownBy(() -> load(files))
                .hasMessageContaining("simulation-weights.csv:2 unit G1 field weight: '2000000000' is out of range: a whole number from 1 to 100000")
                .satisfies(e -> assertThat(((GeoDataException) e).problems()).hasSize(1));
    }

    @Test
    void loadsADirectory(@TempDir Path dir) throws IOException {
        for (Map.Entry<String, String> f : files().entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        assertThat(GeoDataSetLoader.load(dir).units()).hasSize(5);
        assertThat(Geography.load(dir.toString()).id()).isEqualTo("test");
    }

    @Test
    void splitsQuotedCsvFields() {
        assertThat(GeoDataSetLoader.split("a,\"b, c\",\"d \"\"e\"\"\",")).containsExactly("a", "b, c", "d \"e\"", "");
    }

    @Test
    void selectsByPropertyThenEnvironmentThenDefault() {
        assertThat(Geography.selection("langson-2025", Map.of(Geography.ENV, "/data/x"))).isEqualTo("langson-2025");
        assertThat(Geography.selection(null, Map.of(Geography.ENV, "/data/x"))).isEqualTo("/data/x");
        assertThat(Geography.selection(null, Map.of())).isEqualTo(Geography.DEFAULT);
        assertThatThrownBy(() -> Geography.load("no-such-set")).hasMessageContaining("neither a shipped data set");
    }
}
