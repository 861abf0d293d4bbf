package vn.pulse.producer.scenario.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.schemas.reference.DistrictInfo;

/** What reference.districts.v1 says of a counting unit: its names, where it lies, its level and its validity. */
class DistrictInfoRecordTest {

    private static final GeoDataSet LANG_SON_2025 = GeoDataSetLoader.loadShipped("langson-2025");

    @Test
    void aDistrictUntilJune2025AndAWardFromJuly() {
        DistrictInfo city = VaccinationReferenceData.districtInfo(LANG_SON_2025.unit("178").orElseThrow());
        assertThat(city.getName()).isEqualTo("Thành phố Lạng Sơn");
        assertThat(city.getParent()).isEqualTo("20");
        assertThat(city.getLevel()).isEqualTo("district");
        assertThat(city.getValidFrom()).isNull();
        assertThat(city.getValidTo()).isEqualTo(LocalDate.parse("2025-06-30"));

        DistrictInfo ward = VaccinationReferenceData.districtInfo(LANG_SON_2025.unit("LS01").orElseThrow());
        assertThat(ward.getParent()).isEqualTo("20");
        assertThat(ward.getLevel()).isEqualTo("commune");
        assertThat(ward.getValidFrom()).isEqualTo(LocalDate.parse("2025-07-01"));
        assertThat(ward.getValidTo()).isNull();
    }

    @Test
    void theDistrictsOf2021AreValidAlways() {
        DistrictInfo dinhLap = VaccinationReferenceData.districtInfo(GeoDataSetLoader.loadShipped("langson-2021").unit("189").orElseThrow());
        assertThat(dinhLap.getParent()).isEqualTo("20");
        assertThat(dinhLap.getLevel()).isEqualTo("district");
        assertThat(dinhLap.getValidFrom()).isNull();
        assertThat(dinhLap.getValidTo()).isNull();
    }
}
