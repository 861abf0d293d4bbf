package vn.pulse.core.geography;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.pulse.core.reference.AgeGroups;

class ShippedDataSetsTest {

    @Test
    void langSon2021HasTheElevenDistrictsTheirPopulationAndTheGates() {
        GeoDataSet set = GeoDataSetLoader.loadShipped("langson-2021");
        assertThat(set.countingUnits()).hasSize(11).allMatch(u -> u.level() == AdminUnit.Level.DISTRICT && u.parentCode().equals("20"));
        assertThat(set.population("20", "18+")).hasValue(497_214);
        assertThat(set.population("20", "12-17")).hasValue(73_125);
        assertThat(set.population("VN", "18+")).hasValue(497_214);
        assertThat(set.gates()).hasSize(8);
        assertThat(set.tradePlans()).singleElement().satisfies(p -> {
            assertThat(p.year()).isEqualTo(2021);
            assertThat(p.planValueUsd()).isEqualByComparingTo("3080100000.00");
            assertThat(p.previousYearValueUsd()).isEqualByComparingTo("2811300000.00");
        });
        assertThat(set.schematic()).isFalse();
        // The shapes are schematic (the page's own drawing), one per district.
        for (AdminUnit district : set.countingUnits()) {
            assertThat(set.geometry()).contains("\"code\":\"" + district.code() + "\"");
        }
        assertThat(set.geometry()).contains("\"FeatureCollection\"", "\"schematic\":true");
        // The busy gates' own alert marks; the simulator weighs every district and gate.
        assertThat(set.gateAlerts()).extracting(GateAlertMarks::gate).containsExactly("HUU_NGHI", "TAN_THANH", "CHI_MA", "DONG_DANG", "COC_NAM");
        assertThat(set.simulationWeights()).hasSize(11 + 8);
    }

    @Test
    void langSon2025KeepsTheDistrictsUntilJuneAndCountsByCommuneFromJuly() {
        GeoDataSet set = GeoDataSetLoader.loadShipped("langson-2025");
        LocalDate june = LocalDate.of(2025, 6, 30);
        LocalDate july = LocalDate.of(2025, 7, 1);
        assertThat(set.schematic()).isTrue();
        assertThat(set.countingUnitsUnder("20", june)).hasSize(11).allMatch(u -> u.level() == AdminUnit.Level.DISTRICT);
        assertThat(set.countingUnitsUnder("20", july)).hasSize(65).allMatch(u -> u.level() == AdminUnit.Level.COMMUNE);
        // The communes split the districts' population: the province is the same on either side of the change.
        for (String group : AgeGroups.ALL) {
            assertThat(set.population("20", group, july)).isEqualTo(set.population("20", group, june));
        }
        assertThat(set.population("20", "18+", july)).hasValue(497_214);
        assertThat(set.gates()).hasSize(8).allSatisfy(g ->
                assertThat(set.unit(g.districtCode())).get().extracting(AdminUnit::level).isEqualTo(AdminUnit.Level.COMMUNE));
        assertThat(set.geometry()).contains("\"FeatureCollection\"");
        assertThat(set.refusal("178", july)).contains("not valid on 2025-07-01");
        assertThat(set.refusal("178", june)).isNull();
    }
}
