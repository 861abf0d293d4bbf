package vn.pulse.core.geography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several provinces in one deployment: data sets merged under their country, and what the merge refuses. */
class GeoDataSetsTest {

    private static final GeoDataSet LANG_SON = GeoDataSetLoader.loadShipped("langson-2021");

    /** A province with two districts (and, when asked, a gate and a plan) under {@code country}. */
    private static GeoDataSet province(String id, String country, String province, String district, String year, String gate, String plan) {
        Map<String, String> files = new HashMap<>();
        files.put(GeoDataSetLoader.DATASET, "id=" + id + "\nname=" + id + "\nschematic=true\npopulation-year=" + year + "\n");
        files.put(GeoDataSetLoader.UNITS, "code,parent,level,name,name_ascii,valid_from,valid_to\n"
                + country + ",,country,Country,Country,,\n"
                + province + "," + country + ",province,Tỉnh " + province + ",Tinh " + province + ",,\n"
                + district + "," + province + ",district,Huyện " + district + ",Huyen " + district + ",,\n"
                + "X" + district + "," + province + ",district,Huyện X,Huyen X,,\n");
        files.put(GeoDataSetLoader.POPULATION, "unit,age_group,population\n" + district + ",12-17,10\n" + district + ",18+,100\n"
                + "X" + district + ",12-17,20\nX" + district + ",18+,200\n");
        if (gate != null) {
            files.put(GeoDataSetLoader.GATES, "code,name,name_ascii,kind,unit,open\n" + gate + ",Gate,Gate,MAIN," + district + ",true\n");
        }
        if (plan != null) {
            files.put(GeoDataSetLoader.TRADE_PLANS, "year,plan_value_usd,previous_year_value_usd\n" + plan + ",100.00,90.00\n");
        }
        return GeoDataSetLoader.load(id, files::get);
    }

    @Test
    void theCountrySumsItsProvinces() {
        GeoDataSet two = GeoDataSets.merge(List.of(LANG_SON, province("cb", "VN", "04", "040", "2021", "TA_LUNG", null)));
        assertThat(two.id()).isEqualTo("langson-2021,cb");
        assertThat(two.schematic()).isTrue();
        assertThat(two.units().get(0).code()).isEqualTo("VN");
        assertThat(two.unitsAt(AdminUnit.Level.COUNTRY)).hasSize(1);
        assertThat(two.children("VN")).extracting(AdminUnit::code).containsExactly("20", "04");
        assertThat(two.countingUnits()).hasSize(13);
        assertThat(two.population("VN", "18+", LocalDate.parse("2021-12-24"))).hasValue(497_214 + 300);
        assertThat(two.population("04", "12-17")).hasValue(30);
        assertThat(two.gates()).extracting(g -> g.code()).contains("HUU_NGHI", "TA_LUNG");
        assertThat(two.tradePlans()).isEqualTo(LANG_SON.tradePlans());
        assertThat(two.covers("04", "X040")).isTrue();
        assertThat(two.covers("20", "X040")).isFalse();
        assertThat(two.refusal("040", LocalDate.parse("2021-12-24"))).isNull();
    }

    @Test
    void refusesAnotherCountryADuplicateCodeAPlanTwiceAndAnotherPopulationYear() {
        GeoDataSet laos = province("la", "LA", "01", "010", "2021", null, null);
        GeoDataSet again = province("again", "VN", "21", "178", "2021", "HUU_NGHI", "2021");
        GeoDataSet later = province("later", "VN", "04", "040", "2024", null, null);
        assertThatThrownBy(() -> GeoDataSets.merge(List.of(LANG_SON, laos, again, later))).isInstanceOf(GeoDataException.class)
                .satisfies(e -> assertThat(((GeoDataException) e).problems()).extracting(Object::toString).containsExactly(
                        "la unit LA field units.csv: its country is 'LA', that of langson-2021 is 'VN': "
                                + "the data sets of one deployment lie in one country",
                        "again unit 178 field code: duplicate code: unit '178' is also in data set langson-2021",
                        "again unit HUU_NGHI field code: duplicate code: gate 'HUU_NGHI' is also in data set langson-2021",
                        "again field year: a trade plan for 2021 is also in data set langson-2021: one deployment keeps one plan a year",
                        "later field population-year: its population is of 2024, that of langson-2021 of 2021: "
                                + "the data sets of one deployment give the population of one year"))
                .hasMessageStartingWith("data set langson-2021,la,again,later is not valid (5 problems)");
    }

    @Test
    void theCoverageTargetsOfTheSetsAreKeptAndMustAgree() {
        GeoDataSet agreeing = withTargets("cb", "04", "18+,twoDoses,95.00\n12-17,twoDoses,95\n");
        GeoDataSet merged = GeoDataSets.merge(List.of(LANG_SON, agreeing));
        assertThat(merged.coverageTargets()).isEqualTo(LANG_SON.coverageTargets());

        GeoDataSet other = withTargets("hg", "02", "18+,twoDoses,90.00\n");
        assertThatThrownBy(() -> GeoDataSets.merge(List.of(LANG_SON, other))).isInstanceOf(GeoDataException.class)
                .satisfies(e -> assertThat(((GeoDataException) e).problems()).extracting(Object::toString).containsExactly(
                        "hg field target_pct: its target for 18+ twoDoses is 90.00 %, that of langson-2021 95.00 %: "
                                + "one deployment keeps one target per age group and measure"));
    }

    /** A one-district province under VN with the given coverage-targets.csv lines. */
    private static GeoDataSet withTargets(String id, String province, String targets) {
        Map<String, String> files = new HashMap<>();
        files.put(GeoDataSetLoader.DATASET, "id=" + id + "\nname=" + id + "\nschematic=true\npopulation-year=2021\n");
        files.put(GeoDataSetLoader.UNITS, "code,parent,level,name,name_ascii,valid_from,valid_to\n"
                + "VN,,country,Country,Country,,\n"
                + province + ",VN,province,Tỉnh " + province + ",Tinh " + province + ",,\n"
                + province + "1," + province + ",district,Huyện,Huyen,,\n");
        files.put(GeoDataSetLoader.POPULATION, "unit,age_group,population\n" + province + "1,12-17,10\n" + province + "1,18+,100\n");
        files.put(GeoDataSetLoader.COVERAGE_TARGETS, "age_group,measure,target_pct\n" + targets);
        return GeoDataSetLoader.load(id, files::get);
    }

    @Test
    void theSettingListsDataSetsSeparatedByCommas() {
        assertThat(Geography.load(" langson-2021 ").id()).isEqualTo("langson-2021");
        // The two shipped sets describe the same province: every code of the second is in the first.
        assertThatThrownBy(() -> Geography.load("langson-2021, langson-2025")).isInstanceOf(GeoDataException.class)
                .hasMessageContaining("duplicate code: unit '20' is also in data set langson-2021")
                .hasMessageContaining("duplicate code: gate 'HUU_NGHI' is also in data set langson-2021");
    }
}
