package vn.pulse.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistrictsTest {

    @Test
    void listsTheElevenDistrictLevelUnitsWithTheirVietnameseNames() {
        assertThat(Districts.ALL).hasSize(11);
        assertThat(Districts.ALL).extracting(District::code).doesNotHaveDuplicates();
        assertThat(Districts.byCode("178")).get().extracting(District::name).isEqualTo("Thành phố Lạng Sơn");
        assertThat(Districts.byCode("186")).get().extracting(District::name).isEqualTo("Huyện Hữu Lũng");
    }

    @Test
    void unknownCodesAreNotDistricts() {
        assertThat(Districts.isKnown("999")).isFalse();
        assertThat(Districts.isKnown(null)).isFalse();
        assertThat(Districts.byCode("999")).isEmpty();
    }

    @Test
    void followTheSelectedDataSet() {
        try {
            vn.pulse.core.geography.Geography.select(vn.pulse.core.geography.GeoDataSetLoader.loadShipped("langson-2025"));
            assertThat(Districts.ALL).hasSize(11 + 65);
            assertThat(Districts.isKnown("LS01")).isTrue();
            assertThat(Gates.byCode("HUU_NGHI")).get().extracting(Gate::districtCode).isEqualTo("LS20");
        } finally {
            vn.pulse.core.geography.Geography.select(vn.pulse.core.geography.GeoDataSetLoader.loadShipped("langson-2021"));
        }
        assertThat(Districts.ALL).hasSize(11);
        assertThat(Districts.isKnown("LS01")).isFalse();
    }
}
