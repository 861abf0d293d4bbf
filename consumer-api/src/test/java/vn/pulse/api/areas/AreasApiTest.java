package vn.pulse.api.areas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.api.vaccination.VaccinationView;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;

/** The areas resource on the real server (port 0), over the langson-2025 data set and a view filled by the test. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AreasApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AS_OF = Instant.parse("2025-09-20T02:30:00Z");
    private static final GeoDataSet LANG_SON_2025 = GeoDataSetLoader.loadShipped("langson-2025");
    private static final Clock SEPTEMBER_2025 = Clock.fixed(Instant.parse("2025-09-21T00:00:00Z"), ZoneOffset.UTC);

    private final VaccinationView view = new VaccinationView();
    private ApiServer server;

    @BeforeEach
    void start() {
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0),
                List.of(AreasApi.over(view, LANG_SON_2025, SEPTEMBER_2025)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aCommuneItsProvinceAndTheCountryRollUpTheCommunesFigures() throws Exception {
        long ls01Adults = LANG_SON_2025.population("LS01", "18+").orElseThrow();
        view.applyCoverage("LS01|18+", coverage("LS01", "18+", ls01Adults, 1_000, 600, 10));
        view.applyCoverage("LS05|18+", coverage("LS05", "18+", null, 500, 0, 0));
        view.applyAllocation("LS01", allocation("LS01", 3_000));
        view.applyAllocation("province", allocation(null, 400));

        JsonNode commune = get("/api/v1/areas/LS01");
        assertThat(commune.get("level").asText()).isEqualTo("commune");
        assertThat(commune.get("ancestors").toString()).isEqualTo("[\"20\",\"VN\"]");
        assertThat(commune.get("children")).isEmpty();
        assertThat(commune.get("figures").get("dosesAdministered").asLong()).isEqualTo(1_610);
        assertThat(commune.get("figures").get("dosesAllocated").asLong()).isEqualTo(3_000);
        assertThat(commune.get("figures").get("coverage").get("18+").get("population").asLong()).isEqualTo(ls01Adults);

        JsonNode province = get("/api/v1/areas/20");
        assertThat(province.get("on").asText()).isEqualTo("2025-09-21");
        assertThat(province.get("figures").get("dosesAdministered").asLong()).isEqualTo(2_110);
        assertThat(province.get("figures").get("dosesAllocated").asLong()).as("the province's own stock counts for it").isEqualTo(3_400);
        // Measured against the communes valid in September 2025 (the data set's population where no aggregate has one yet).
        assertThat(province.get("figures").get("coverage").get("18+").get("population").asLong()).isEqualTo(497_214);
        assertThat(province.get("figures").get("coverage").get("18+").get("atLeastOneDosePct").decimalValue())
                .isEqualByComparingTo("0.30"); // 1,500 of 497,214 = 0.3016 %, truncated
        assertThat(province.get("children")).hasSize(11 + 65);
        assertThat(province.get("children").get(0).get("valid").asBoolean()).as("district 178 expired").isFalse();

        JsonNode country = get("/api/v1/areas/VN");
        assertThat(country.get("figures").get("dosesAdministered").asLong()).isEqualTo(2_110);
        assertThat(country.get("figures").get("dosesAllocated").asLong()).isEqualTo(3_400);
        assertThat(get("/api/v1/areas").get("code").asText()).isEqualTo("VN");
    }

    @Test
    void historyStaysByDistrictAndCountsInTheProvinceAfterTheChange() throws Exception {
        view.applyCoverage("178|18+", coverage("178", "18+", 64_991L, 60_000, 58_000, 0));
        view.applyCoverage("LS01|18+", coverage("LS01", "18+", null, 100, 0, 0));

        JsonNode before = get("/api/v1/areas/20?on=2025-06-30").get("figures");
        JsonNode after = get("/api/v1/areas/20?on=2025-07-01").get("figures");
        assertThat(before.get("dosesAdministered").asLong()).isEqualTo(118_100);
        assertThat(after.get("dosesAdministered").asLong()).isEqualTo(118_100);
        // The same people, counted once on either side of the change.
        assertThat(before.get("coverage").get("18+").get("population").asLong()).isEqualTo(497_214);
        assertThat(after.get("coverage").get("18+").get("population").asLong()).isEqualTo(497_214);
        JsonNode district = get("/api/v1/areas/178?on=2025-07-01");
        assertThat(district.get("valid").asBoolean()).isFalse();
        assertThat(district.get("validTo").asText()).isEqualTo("2025-06-30");
        assertThat(district.get("figures").get("coverage").get("18+").get("population").asLong()).isEqualTo(64_991);
    }

    @Test
    void unknownAreaIs404AndABadDayIs400AndTheGeometryIsServed() throws Exception {
        HttpResponse<String> unknown = send("/api/v1/areas/999");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No area with code '999' in data set langson-2025");
        HttpResponse<String> badDay = send("/api/v1/areas/20?on=yesterday");
        assertThat(badDay.statusCode()).isEqualTo(400);
        assertThat(badDay.body()).contains("'on' must be a date");

        JsonNode geography = get("/api/v1/geography");
        assertThat(geography.get("id").asText()).isEqualTo("langson-2025");
        assertThat(geography.get("schematic").asBoolean()).isTrue();
        assertThat(geography.get("geometry").get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(geography.get("geometry").get("features")).hasSize(11 + 65);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static CohortCoverage coverage(String unit, String ageGroup, Long population, long first, long second, long booster) {
        return CohortCoverage.newBuilder().setDistrictCode(unit).setAgeGroup(ageGroup).setPopulation(population)
                .setPopulationYear(population == null ? null : 2021)
                .setFirstDoses(first).setSecondDoses(second).setBoosterDoses(booster).setAsOf(AS_OF).build();
    }

    private static AllocationTotal allocation(String unit, long doses) {
        return AllocationTotal.newBuilder().setDistrictCode(unit).setDosesAllocated(doses)
                .setLastDeliveredOn(LocalDate.parse("2025-08-01")).build();
    }
}
