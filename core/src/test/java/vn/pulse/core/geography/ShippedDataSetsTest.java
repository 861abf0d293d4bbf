package vn.pulse.core.geography;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
    }
}
