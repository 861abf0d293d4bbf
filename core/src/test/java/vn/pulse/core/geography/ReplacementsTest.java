package vn.pulse.core.geography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional {@code replaces} column of units.csv: which units a unit replaced, and what a unit's code covers. */
class ReplacementsTest {

    private static final String META = "id=test\nname=Test\nschematic=true\npopulation-year=2025\n";
    private static final String HEADER = "code,parent,level,name,name_ascii,valid_from,valid_to,replaces\n";
    private static final String UNITS = HEADER + """
            VN,,country,Việt Nam,Viet Nam,,,
            P1,VN,province,Tỉnh Một,Tinh Mot,,,
            D1,P1,district,Huyện Một,Huyen Mot,,2025-06-30,
            D2,P1,district,Huyện Hai,Huyen Hai,,2025-06-30,
            C1,P1,commune,Xã Một,Xa Mot,2025-07-01,,D1
            C2,P1,commune,Xã Hai,Xa Hai,2025-07-01,,D1 D2
            C3,P1,commune,Xã Ba,Xa Ba,2025-07-01,2025-12-31,D2
            C4,P1,commune,Xã Bốn,Xa Bon,2026-01-01,,C3
            """;

    private static GeoDataSet load(String units) {
        StringBuilder population = new StringBuilder("unit,age_group,population\n");
        for (String code : new String[] {"D1", "D2", "C1", "C2", "C3", "C4", "C5", "C6"}) {
            if (units.contains("\n" + code + ",")) {
                population.append(code).append(",12-17,1\n").append(code).append(",18+,10\n");
            }
        }
        Map<String, String> files = new HashMap<>();
        files.put(GeoDataSetLoader.DATASET, META);
        files.put(GeoDataSetLoader.UNITS, units);
        files.put(GeoDataSetLoader.POPULATION, population.toString());
        return GeoDataSetLoader.load("test", files::get);
    }

    @Test
    void aUnitCoversItselfWhatLiesInItAndTheUnitsThatReplacedItAtAnyRemove() {
        GeoDataSet set = load(UNITS);
        assertThat(set.unit("C2").orElseThrow().replaces()).containsExactly("D1", "D2");
        assertThat(set.covers("D1", "D1")).isTrue();
        assertThat(set.covers("D1", "C1")).isTrue();
        assertThat(set.covers("D1", "C2")).isTrue();
        assertThat(set.covers("D1", "C3")).isFalse();
        // C4 replaced C3, which replaced D2.
        assertThat(set.covers("D2", "C4")).isTrue();
        assertThat(set.covers("C3", "C4")).isTrue();
        assertThat(set.covers("P1", "C4")).isTrue();
        assertThat(set.covers("VN", "D1")).isTrue();
        // Not backwards: a commune's key does not cover the district it replaced, nor its parent.
        assertThat(set.covers("C1", "D1")).isFalse();
        assertThat(set.covers("C1", "P1")).isFalse();
        assertThat(set.covers("D1", "UNKNOWN")).isFalse();
    }

    @Test
    void withoutTheColumnAUnitReplacesNone() {
        GeoDataSet set = load("""
                code,parent,level,name,name_ascii,valid_from,valid_to
                VN,,country,Việt Nam,Viet Nam,,
                P1,VN,province,Tỉnh Một,Tinh Mot,,
                D1,P1,district,Huyện Một,Huyen Mot,,
                """);
        assertThat(set.unit("D1").orElseThrow().replaces()).isEmpty();
        assertThat(set.covers("P1", "D1")).isTrue();
    }

    @Test
    void refusesAnUnknownUnitItselfTwiceAUnitAboveAndOneNotEndedBefore() {
        String units = HEADER + """
                VN,,country,Việt Nam,Viet Nam,,,
                P1,VN,province,Tỉnh Một,Tinh Mot,,,
                D1,P1,district,Huyện Một,Huyen Mot,,2025-06-30,
                D2,P1,district,Huyện Hai,Huyen Hai,,2025-06-30,
                C1,P1,commune,Xã Một,Xa Mot,2025-07-01,,D9
                C2,P1,commune,Xã Hai,Xa Hai,2025-07-01,,C2
                C3,P1,commune,Xã Ba,Xa Ba,2025-07-01,,D1 D1
                C4,P1,commune,Xã Bốn,Xa Bon,2025-07-01,,P1
                C5,P1,commune,Xã Năm,Xa Nam,2025-07-01,,C1
                C6,P1,commune,Xã Sáu,Xa Sau,2025-06-01,,D1
                """;
        assertThatThrownBy(() -> load(units)).isInstanceOf(GeoDataException.class).satisfies(e -> {
            assertThat(((GeoDataException) e).problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                    "units.csv:6 unit C1 field replaces: unknown unit 'D9'",
                    "units.csv:7 unit C2 field replaces: a unit cannot replace itself",
                    "units.csv:8 unit C3 field replaces: 'D1' is listed twice",
                    "units.csv:9 unit C4 field replaces: 'P1' lies above it: a unit replaces units beside it, not above or below it",
                    "units.csv:10 unit C5 field replaces: 'C1' (from 2025-07-01 on) must end before this unit starts (from 2025-07-01 on): "
                            + "give valid_to to the replaced unit and valid_from to this one",
                    "units.csv:11 unit C6 field replaces: 'D1' (always until 2025-06-30) must end before this unit starts "
                            + "(from 2025-06-01 on): give valid_to to the replaced unit and valid_from to this one",
                    // C6 and D1 exist on the same days directly in P1.
                    "units.csv:11 unit C6 field valid_from: overlapping validity: commune C6 (from 2025-06-01 on) and district D1 "
                            + "(always until 2025-06-30) both lie directly in P1 on the same days, so its figures would count twice");
        });
    }

    @Test
    void langSon2025SaysWhichDistrictEachCommuneReplaced() {
        GeoDataSet set = GeoDataSetLoader.loadShipped("langson-2025");
        for (AdminUnit commune : set.unitsAt(AdminUnit.Level.COMMUNE)) {
            assertThat(commune.replaces()).as(commune.code()).singleElement()
                    .satisfies(d -> assertThat(set.unit(d).orElseThrow().level()).isEqualTo(AdminUnit.Level.DISTRICT));
        }
        assertThat(set.covers("178", "LS01")).isTrue();
        assertThat(set.covers("178", "LS30")).isFalse();
        assertThat(set.covers("184", "LS30")).isTrue();
        assertThat(set.covers("20", "LS30")).isTrue();
        // Every district's population is that of the communes that replaced it.
        for (AdminUnit district : set.unitsAt(AdminUnit.Level.DISTRICT)) {
            long communes = set.unitsAt(AdminUnit.Level.COMMUNE).stream().filter(c -> c.replaces().contains(district.code()))
                    .mapToLong(c -> set.population(c.code(), "18+").orElseThrow()).sum();
            assertThat(communes).as(district.code()).isEqualTo(set.population(district.code(), "18+").orElseThrow());
        }
    }
}
