package vn.pulse.api.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;

/** The vaccination endpoints on the real server (port 0), over a view filled by the test. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VaccinationApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AS_OF = Instant.parse("2021-09-20T09:30:00Z");

    private final VaccinationView view = new VaccinationView();
    private ApiServer server;

    @BeforeEach
    void start() {
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0),
                List.of(VaccinationApi.over(view)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theSummaryRollsUpDistrictsAndTruncatesPercentagesToTwoDecimals() throws Exception {
        view.applyCoverage("178|18+", coverage("178", "18+", 2_000L, 1_999, 1_000, 10));
        view.applyCoverage("180|18+", coverage("180", "18+", 1_000L, 1_000, 999, 0));
        view.applyCoverage("178|12-17", coverage("178", "12-17", 300L, 300, 3, 0));
        view.applyAllocation("178", allocation("178", 4_000));
        view.applyAllocation("province", allocation(null, 1_000));

        JsonNode s = get("/api/v1/vaccination/summary").json;
        // 2,999 of 3,000 adults: 99.9666 % is 99.96, never 99.97.
        assertThat(s.get("coverage").get("18+").toString()).isEqualTo(
                "{\"population\":3000,\"atLeastOneDose\":2999,\"atLeastOneDosePct\":99.96,"
                        + "\"twoDoses\":1999,\"twoDosesPct\":66.63,\"boosters\":10}");
        assertThat(s.get("coverage").get("12-17").get("atLeastOneDosePct").decimalValue()).isEqualByComparingTo("100");
        assertThat(s.get("dosesAdministered").asLong()).isEqualTo(1_999 + 1_000 + 10 + 1_000 + 999 + 300 + 3);
        assertThat(s.get("dosesAllocated").asLong()).isEqualTo(5_000);
        assertThat(s.get("dosesUsedPct").decimalValue()).isEqualByComparingTo("106.22");
        assertThat(s.get("boosterDoses").asLong()).isEqualTo(10);
        assertThat(s.get("asOf").asText()).isEqualTo("2021-09-20T09:30:00Z");
        assertThat(s.has("lag")).isTrue();
    }

    @Test
    void percentagesAreNullWhileThePopulationIsUnknown() throws Exception {
        view.applyCoverage("181|18+", coverage("181", "18+", null, 5, 0, 0));

        JsonNode adults = get("/api/v1/vaccination/districts/181").json.get("coverage").get("18+");
        assertThat(adults.get("atLeastOneDose").asLong()).isEqualTo(5);
        assertThat(adults.get("atLeastOneDosePct").isNull()).isTrue();
    }

    @Test
    void aPopulationWithoutDosesCountsAsZeroPercentAndDoesNotMoveAsOf() throws Exception {
        view.applyCoverage("178|18+", coverage("178", "18+", 1_000L, 10, 0, 0));
        view.applyCoverage("178|12-17", CohortCoverage.newBuilder(coverage("178", "12-17", 300L, 0, 0, 0)).setAsOf(Instant.EPOCH).build());

        JsonNode s = get("/api/v1/vaccination/summary").json;
        assertThat(s.get("coverage").get("12-17").get("population").asLong()).isEqualTo(300);
        assertThat(s.get("coverage").get("12-17").get("atLeastOneDosePct").decimalValue()).isEqualByComparingTo("0");
        assertThat(s.get("asOf").asText()).isEqualTo("2021-09-20T09:30:00Z");
    }

    @Test
    void districtsCarryCodeAndVietnameseNameAndAnUnknownCodeIs404() throws Exception {
        view.applyCoverage("189|18+", coverage("189", "18+", 100L, 50, 0, 0));
        view.applyAllocation("189", allocation("189", 80));

        JsonNode all = get("/api/v1/vaccination/districts").json.get("districts");
        assertThat(all).hasSize(11);
        JsonNode dinhLap = get("/api/v1/vaccination/districts/189").json;
        assertThat(dinhLap.get("code").asText()).isEqualTo("189");
        assertThat(dinhLap.get("name").asText()).isEqualTo("Huyện Đình Lập");
        assertThat(dinhLap.get("dosesUsedPct").decimalValue()).isEqualByComparingTo("62.50");

        Reply missing = get("/api/v1/vaccination/districts/190");
        assertThat(missing.status).isEqualTo(404);
        assertThat(missing.json.get("detail").asText()).contains("190");
    }

    @Test
    void dailyGivesEveryDayOfTheRangeWithTheSevenDayAverage() throws Exception {
        LocalDate d = LocalDate.parse("2021-09-01");
        for (int i = 0; i < 10; i++) {
            view.applyDaily("178|18+|" + d.plusDays(i), daily("178", "18+", d.plusDays(i), 10 * (i + 1)));
        }
        view.applyDaily("180|12-17|" + d.plusDays(9), daily("180", "12-17", d.plusDays(9), 5));

        JsonNode days = get("/api/v1/vaccination/daily?from=2021-09-08&to=2021-09-11").json.get("days");
        assertThat(days).hasSize(4);
        // 8 Sep: days 2..8 = 20+30+...+80 = 350, / 7 = 50.
        assertThat(days.get(0).get("date").asText()).isEqualTo("2021-09-08");
        assertThat(days.get(0).get("doses").asLong()).isEqualTo(80);
        assertThat(days.get(0).get("sevenDayAverage").decimalValue()).isEqualByComparingTo("50");
        // 10 Sep: 100 + 5 doses; days 4..10 = 40+...+100 + 5 = 490 + 5 = 495, / 7 = 70.71.
        assertThat(days.get(2).get("doses").asLong()).isEqualTo(105);
        assertThat(days.get(2).get("sevenDayAverage").decimalValue()).isEqualByComparingTo("70.71");
        // 11 Sep: nothing given that day, which counts as 0: days 5..11 = 50+60+...+100 + 5 + 0 = 455, / 7 = 65.
        assertThat(days.get(3).get("doses").asLong()).isZero();
        assertThat(days.get(3).get("sevenDayAverage").decimalValue()).isEqualByComparingTo("65");

        JsonNode oneDistrict = get("/api/v1/vaccination/daily?from=2021-09-10&to=2021-09-10&district=180").json;
        assertThat(oneDistrict.get("district").asText()).isEqualTo("180");
        assertThat(oneDistrict.get("days").get(0).get("doses").asLong()).isEqualTo(5);
        assertThat(oneDistrict.get("days").get(0).get("firstDoses").asLong()).isEqualTo(5);
    }

    @Test
    void dailyRefusesBadParametersNamingThem() throws Exception {
        assertBad("/api/v1/vaccination/daily?to=2021-09-10", "from");
        assertBad("/api/v1/vaccination/daily?from=2021-09-10", "to");
        assertBad("/api/v1/vaccination/daily?from=10/09/2021&to=2021-09-10", "from");
        assertBad("/api/v1/vaccination/daily?from=2021-09-10&to=2021-09-01", "to");
        assertBad("/api/v1/vaccination/daily?from=2020-01-01&to=2023-01-01", "to");
        assertBad("/api/v1/vaccination/daily?from=2021-09-01&to=2021-09-10&district=999", "district");
    }

    private void assertBad(String path, String parameter) throws Exception {
        Reply reply = get(path);
        assertThat(reply.status).as(path).isEqualTo(400);
        assertThat(reply.json.get("parameter").asText()).as(path).isEqualTo(parameter);
    }

    @Test
    void answersListTheirMembersInTheirOrderWithNullsPresent() throws Exception {
        view.applyCoverage("189|18+", coverage("189", "18+", 100L, 50, 0, 0));

        assertThat(names(get("/api/v1/vaccination/summary").json)).containsExactly(
                "asOf", "dosesAdministered", "dosesAllocated", "dosesUsedPct", "boosterDoses", "coverage", "lag");
        JsonNode district = get("/api/v1/vaccination/districts/189").json;
        assertThat(names(district)).containsExactly(
                "code", "name", "asOf", "dosesAdministered", "dosesAllocated", "dosesUsedPct", "boosterDoses", "coverage", "lag");
        assertThat(district.get("dosesUsedPct").isNull()).as("no allocation: null, present").isTrue();
        assertThat(names(get("/api/v1/vaccination/districts").json)).containsExactly("districts", "lag");
        JsonNode daily = get("/api/v1/vaccination/daily?from=2021-09-01&to=2021-09-02").json;
        assertThat(names(daily)).containsExactly("from", "to", "district", "days", "lag");
        assertThat(daily.get("district").isNull()).isTrue();
        assertThat(daily.get("from").asText()).isEqualTo("2021-09-01");
    }

    private static List<String> names(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private record Reply(int status, JsonNode json) {
    }

    private Reply get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private static CohortCoverage coverage(String district, String ageGroup, Long population, long first, long second, long booster) {
        return CohortCoverage.newBuilder().setDistrictCode(district).setAgeGroup(ageGroup).setPopulation(population)
                .setPopulationYear(population == null ? null : 2021)
                .setFirstDoses(first).setSecondDoses(second).setBoosterDoses(booster).setAsOf(AS_OF).build();
    }

    private static AllocationTotal allocation(String district, long doses) {
        return AllocationTotal.newBuilder().setDistrictCode(district).setDosesAllocated(doses)
                .setLastDeliveredOn(LocalDate.parse("2021-08-01")).build();
    }

    private static DailyDoses daily(String district, String ageGroup, LocalDate day, long first) {
        return DailyDoses.newBuilder().setDistrictCode(district).setAgeGroup(ageGroup).setDay(day)
                .setFirstDoses(first).setSecondDoses(0).setBoosterDoses(0).setAsOf(AS_OF).build();
    }
}
