package vn.pulse.core.geography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code coverage-targets.csv}: what the loader reads, and every way it refuses a target. */
class CoverageTargetsLoaderTest {

    private static final String META = "id=test\nname=Test\nschematic=true\npopulation-year=2021\n";
    private static final String UNITS = """
            code,parent,level,name,name_ascii,valid_from,valid_to
            VN,,country,Việt Nam,Viet Nam,,
            P1,VN,province,Tỉnh Một,Tinh Mot,,
            D1,P1,district,Huyện Một,Huyen Mot,,
            """;
    private static final String POPULATION = """
            unit,age_group,population
            D1,12-17,30
            D1,18+,300
            """;

    private static Map<String, String> files(String targets) {
        Map<String, String> files = new HashMap<>();
        files.put(GeoDataSetLoader.DATASET, META);
        files.put(GeoDataSetLoader.UNITS, UNITS);
        files.put(GeoDataSetLoader.POPULATION, POPULATION);
        if (targets != null) {
            files.put(GeoDataSetLoader.COVERAGE_TARGETS, targets);
        }
        return files;
    }

    private static GeoDataSet load(String targets) {
        return GeoDataSetLoader.load("test", files(targets)::get);
    }

    @Test
    void readsEveryTargetInFileOrderWithTwoDecimals() {
        GeoDataSet set = load("""
                # illustrative
                age_group,measure,target_pct
                18+,twoDoses,95
                12-17,atLeastOneDose,80.5
                """);
        assertThat(set.coverageTargets()).containsExactly(
                new CoverageTarget("18+", "twoDoses", new java.math.BigDecimal("95.00")),
                new CoverageTarget("12-17", "atLeastOneDose", new java.math.BigDecimal("80.50")));
    }

    @Test
    void theFileIsOptional() {
        assertThat(load(null).coverageTargets()).isEmpty();
    }

    @Test
    void refusesAnUnknownAgeGroupOrMeasureAPercentOutOfRangeAndADuplicate() {
        assertThatThrownBy(() -> load("""
                age_group,measure,target_pct
                65+,twoDoses,90
                18+,boosters,50
                18+,twoDoses,100.5
                18+,atLeastOneDose,0
                12-17,twoDoses,ninety
                12-17,atLeastOneDose,95.125
                18+,twoDoses,90
                18+,twoDoses,95
                """))
                .isInstanceOf(GeoDataException.class)
                .hasMessageContaining("coverage-targets.csv:2 field age_group: unknown age group '65+' (known: 12-17, 18+)")
                .hasMessageContaining("coverage-targets.csv:3 field measure: unknown measure 'boosters' (known: atLeastOneDose, twoDoses)")
                .hasMessageContaining("coverage-targets.csv:4 field target_pct: '100.5' is out of range")
                .hasMessageContaining("coverage-targets.csv:5 field target_pct: '0' is out of range")
                .hasMessageContaining("coverage-targets.csv:6 field target_pct: 'ninety' is not a number")
                .hasMessageContaining("coverage-targets.csv:7 field target_pct: '95.125' is out of range")
                .hasMessageContaining("coverage-targets.csv:9 field measure: duplicate target for age group 18+ and measure twoDoses")
                .satisfies(e -> assertThat(((GeoDataException) e).problems()).hasSize(7));
    }

    @Test
    void refusesAMissingColumnOrValue() {
        assertThatThrownBy(() -> load("age_group,measure\n18+,twoDoses\n"))
                .hasMessageContaining("coverage-targets.csv:1 field target_pct: missing column");
        assertThatThrownBy(() -> load("age_group,measure,target_pct\n18+,,95\n"))
                .hasMessageContaining("coverage-targets.csv:2 field measure: missing");
    }

    @Test
    void theShippedDataSetsCarryTargetsForEveryAgeGroupAndMeasure() {
        for (String id : Geography.SHIPPED) {
            assertThat(GeoDataSetLoader.loadShipped(id).coverageTargets()).as(id).hasSize(4)
                    .allSatisfy(t -> assertThat(t.targetPct()).isEqualByComparingTo("95.00"));
        }
    }
}
