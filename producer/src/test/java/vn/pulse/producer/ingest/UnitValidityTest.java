package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.geography.Geography;

/** With the langson-2025 data set, the gateway takes a unit's code only for days the unit exists. */
class UnitValidityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventValidator validator =
            new EventValidator(Clock.fixed(Instant.parse("2025-09-21T00:00:00Z"), ZoneOffset.UTC), Duration.ofMinutes(5));

    @BeforeEach
    void selectTheCommunes() {
        Geography.select(GeoDataSetLoader.loadShipped("langson-2025"));
    }

    @AfterEach
    void selectTheDefault() {
        Geography.select(GeoDataSetLoader.loadShipped(Geography.DEFAULT));
    }

    private EventValidator.Result dose(String unit, String administeredAt) throws Exception {
        String json = IngestFixtures.dose("d-" + unit, unit).replace("2021-12-24T09:15:00+07:00", administeredAt);
        return validator.validate(IngestKind.VACCINATION_DOSES, JSON.readTree(json), "$", false);
    }

    @Test
    void takesACommuneFromJuly2025AndADistrictUntilJune() throws Exception {
        assertThat(dose("LS01", "2025-09-20T09:00:00+07:00").errors()).isEmpty();
        assertThat(dose("178", "2025-06-30T16:00:00+07:00").errors()).isEmpty();
        assertThat(dose("178", "2021-12-24T09:15:00+07:00").errors()).isEmpty();
    }

    @Test
    void refusesAnExpiredDistrictAndACommuneBeforeItExistedNamingTheField() throws Exception {
        assertThat(dose("178", "2025-07-01T08:00:00+07:00").errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("$.districtCode");
            assertThat(e.reason()).contains("unit '178'", "not valid on 2025-07-01", "until 2025-06-30");
        });
        assertThat(dose("LS01", "2025-06-30T08:00:00+07:00").errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("$.districtCode");
            assertThat(e.reason()).contains("not valid on 2025-06-30", "from 2025-07-01");
        });
        // The local day decides: 16:59 UTC on 30 June is 23:59 in Lạng Sơn, still June; 17:00 UTC is 1 July there.
        assertThat(dose("178", "2025-06-30T16:59:00Z").errors()).isEmpty();
        assertThat(dose("178", "2025-06-30T17:00:00Z").errors()).isNotEmpty();
    }

    @Test
    void refusesAnUnknownCode() throws Exception {
        assertThat(dose("LS99", "2025-09-20T09:00:00+07:00").errors()).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("unknown district code 'LS99'"));
    }
}
