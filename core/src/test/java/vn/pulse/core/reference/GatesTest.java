package vn.pulse.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatesTest {

    @Test
    void namesTheFourGatesThatCarriedMostClearanceAsOpen() {
        assertThat(Gates.ALL).extracting(Gate::code).doesNotHaveDuplicates()
                .contains("HUU_NGHI", "TAN_THANH", "CHI_MA", "DONG_DANG", "COC_NAM");
        assertThat(Gates.byCode("HUU_NGHI")).get().extracting(Gate::name).isEqualTo("Cửa khẩu quốc tế Hữu Nghị");
        assertThat(Gates.byCode("DONG_DANG")).get().extracting(Gate::kind).isEqualTo(Gate.Kind.INTERNATIONAL_RAIL);
        assertThat(Gates.ALL).filteredOn(Gate::open).extracting(Gate::code)
                .containsExactlyInAnyOrder("HUU_NGHI", "DONG_DANG", "TAN_THANH", "CHI_MA", "COC_NAM");
    }

    @Test
    void everyGateLiesInAKnownDistrictAndHasAnUpperCaseCode() {
        for (Gate gate : Gates.ALL) {
            assertThat(Districts.isKnown(gate.districtCode())).as(gate.code()).isTrue();
            assertThat(gate.code()).matches("[A-Z_]+");
        }
    }

    @Test
    void unknownCodesAreNotGates() {
        assertThat(Gates.isKnown("LAO_CAI")).isFalse();
        assertThat(Gates.isKnown(null)).isFalse();
        assertThat(Gates.byCode(null)).isEmpty();
    }
}
