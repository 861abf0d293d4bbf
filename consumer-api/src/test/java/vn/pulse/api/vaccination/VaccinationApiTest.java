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
import vn.pulse.api.Downloads;
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

    @Test
    void everyVaccinationTableDownloadsAsCsvAndXlsxWithTheFiguresOfTheJson() throws Exception {
        fillTwoDistricts();

        int port = server.port();
        Downloads.Sheet summary = Downloads.assertSameAsJson(port, "/api/v1/vaccination/summary", "");
        assertThat(summary.header()).startsWith("asOf", "dosesAdministered", "dosesAllocated", "dosesUsedPct", "boosterDoses",
                "coverage.12-17.population");
        assertThat(summary.fileName()).matches("vaccination-summary_\\d{4}-\\d{2}-\\d{2}\\.xlsx");
        Downloads.Sheet districts = Downloads.assertSameAsJson(port, "/api/v1/vaccination/districts", "districts");
        assertThat(districts.rows()).hasSize(11);
        assertThat(districts.rows().get(0).subList(0, 2)).containsExactly("178", "Thành phố Lạng Sơn");
        Downloads.assertSameAsJson(port, "/api/v1/vaccination/districts/180", "");
        Downloads.Sheet daily = Downloads.assertSameAsJson(port, "/api/v1/vaccination/daily?from=2021-08-30&to=2021-09-12", "days");
        assertThat(daily.fileName()).isEqualTo("vaccination-daily_2021-08-30_2021-09-12.xlsx");
        assertThat(Downloads.csv(port, "/api/v1/vaccination/daily?from=2021-09-01&to=2021-09-02&district=180").fileName())
                .isEqualTo("vaccination-daily-180_2021-09-01_2021-09-02.csv");
        Downloads.Sheet past = Downloads.assertSameAsJson(port, "/api/v1/vaccination/districts?asOf=2021-09-03", "districts");
        assertThat(past.fileName()).isEqualTo("vaccination-districts_2021-09-03.xlsx");
        assertThat(Downloads.csv(port, "/api/v1/vaccination/summary?asOf=2021-09-03").fileName())
                .isEqualTo("vaccination-summary_2021-09-03.csv");
    }

    @Test
    void theSummaryAsOfADayIsTheSumOfTheDailyDosesUpToThatDay() throws Exception {
        fillTwoDistricts();

        for (LocalDate day = LocalDate.parse("2021-08-30"); !day.isAfter(LocalDate.parse("2021-09-12")); day = day.plusDays(1)) {
            JsonNode s = get("/api/v1/vaccination/summary?asOf=" + day).json;
            long first = 0;
            long second = 0;
            long boosters = 0;
            for (JsonNode d : get("/api/v1/vaccination/daily?from=2021-01-01&to=" + day).json.get("days")) {
                first += d.get("firstDoses").asLong();
                second += d.get("secondDoses").asLong();
                boosters += d.get("boosterDoses").asLong();
            }
            assertThat(s.get("dosesAdministered").asLong()).as("doses by " + day).isEqualTo(first + second + boosters);
            assertThat(s.get("boosterDoses").asLong()).as("boosters by " + day).isEqualTo(boosters);
            long atLeastOne = s.get("coverage").get("18+").get("atLeastOneDose").asLong() + s.get("coverage").get("12-17").get("atLeastOneDose").asLong();
            assertThat(atLeastOne).as("first doses by " + day).isEqualTo(first);
        }
        // By 5 Sep: 178's adults had 10+20+30+40+50 first doses (from 1 Sep), 180's teenagers 5 on the 3rd;
        // a dose of the 4th was retracted (its day nets to 35, not 40).
        JsonNode s = get("/api/v1/vaccination/summary?asOf=2021-09-05").json;
        JsonNode adults = s.get("coverage").get("18+");
        assertThat(adults.get("atLeastOneDose").asLong()).isEqualTo(145);
        assertThat(adults.get("population").asLong()).isEqualTo(3_000);
        assertThat(adults.get("atLeastOneDosePct").decimalValue()).isEqualByComparingTo("4.83");
        assertThat(s.get("coverage").get("12-17").get("atLeastOneDose").asLong()).isEqualTo(5);
        assertThat(s.get("asOf").asText()).isEqualTo("2021-09-05T02:00:00Z");
        // 178's last delivery (1 Aug) was before the day; 180's (10 Sep) after it: the province's allocation then is unknown.
        assertThat(s.get("dosesAllocated").isNull()).isTrue();
        assertThat(s.get("dosesUsedPct").isNull()).isTrue();
        JsonNode cityThen = get("/api/v1/vaccination/districts/178?asOf=2021-09-05").json;
        assertThat(cityThen.get("dosesAllocated").asLong()).isEqualTo(4_000);
        assertThat(cityThen.get("dosesAdministered").asLong()).isEqualTo(145);
        assertThat(cityThen.get("dosesUsedPct").decimalValue()).isEqualByComparingTo("3.62");
        assertThat(get("/api/v1/vaccination/districts?asOf=2021-09-05").json.get("districts").get(0).toString())
                .isEqualTo(cityThen.toString().replaceFirst(",\"lag\":.*}$", "}"));
        // As of the last day, the figures are today's.
        JsonNode now = get("/api/v1/vaccination/summary").json;
        JsonNode last = get("/api/v1/vaccination/summary?asOf=2021-09-12").json;
        assertThat(last.get("coverage")).isEqualTo(now.get("coverage"));
        assertThat(last.get("dosesAdministered")).isEqualTo(now.get("dosesAdministered"));
        assertThat(last.get("dosesAllocated")).isEqualTo(now.get("dosesAllocated"));
        // Before the first dose: nothing yet, no asOf.
        JsonNode before = get("/api/v1/vaccination/summary?asOf=2021-08-01").json;
        assertThat(before.get("dosesAdministered").asLong()).isZero();
        assertThat(before.get("asOf").isNull()).isTrue();
    }

    @Test
    void asOfRefusesWhatIsNotADayOfTheCampaignSoFarNamingTheParameter() throws Exception {
        LocalDate tomorrow = LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).plusDays(1);
        for (String path : List.of("/api/v1/vaccination/summary", "/api/v1/vaccination/districts", "/api/v1/vaccination/districts/178")) {
            assertThat(bad(path + "?asOf=01/10/2021", "asOf").get("detail").asText()).contains("YYYY-MM-DD", "'01/10/2021'");
            assertThat(bad(path + "?asOf=2021-02-30", "asOf").get("detail").asText()).contains("YYYY-MM-DD");
            assertThat(bad(path + "?asOf=2020-12-31", "asOf").get("detail").asText()).contains("2021-01-01", "campaign");
            assertThat(bad(path + "?asOf=" + tomorrow, "asOf").get("detail").asText()).contains("future");
        }
        assertThat(get("/api/v1/vaccination/summary?asOf=2021-01-01").status).isEqualTo(200);
    }

    @Test
    void theFormatIsChosenByParameterOrAcceptAndAnUnknownOneIsAProblem() throws Exception {
        fillTwoDistricts();
        int port = server.port();

        HttpResponse<String> json = Downloads.get(port, "/api/v1/vaccination/districts", "text/csv;q=0.5, application/json");
        assertThat(json.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(json.headers().firstValue("Vary")).hasValue("Accept");
        assertThat(Downloads.get(port, "/api/v1/vaccination/districts", "text/*").headers().firstValue("Content-Type"))
                .hasValue("text/csv; charset=utf-8");
        assertThat(Downloads.get(port, "/api/v1/vaccination/districts", "*/*").headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/json");
        assertThat(Downloads.get(port, "/api/v1/vaccination/districts?format=json", "text/csv").headers().firstValue("Content-Type")
                .orElseThrow()).startsWith("application/json");

        HttpResponse<String> unknown = Downloads.get(port, "/api/v1/vaccination/districts?format=pdf", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(unknown.body());
        assertThat(problem.get("parameter").asText()).isEqualTo("format");
        assertThat(problem.get("detail").asText()).contains("json, csv or xlsx", "'pdf'");

        HttpResponse<String> refused = Downloads.get(port, "/api/v1/vaccination/districts", "image/png, application/json;q=0");
        assertThat(refused.statusCode()).isEqualTo(406);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(refused.body()).get("type").asText()).endsWith("/not-acceptable");

        // A download has its own ETag: 304 until a figure changes.
        HttpResponse<String> csv = Downloads.get(port, "/api/v1/vaccination/districts", "text/csv");
        String etag = csv.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).endsWith("-csv\"");
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/vaccination/districts"))
                .header("Accept", "text/csv").header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    /**
     * 178's adults: 10, 20, ... first doses a day from 1 Sep (a dose of the 4th retracted); 180's
     * teenagers: 5 on 3 Sep, 7 second doses on 11 Sep; populations 3,000 adults, 300 teenagers.
     */
    private void fillTwoDistricts() {
        LocalDate d = LocalDate.parse("2021-09-01");
        long total = 0;
        for (int i = 0; i < 10; i++) {
            long first = 10 * (i + 1) - (i == 3 ? 5 : 0);
            total += first;
            view.applyDaily("178|18+|" + d.plusDays(i), DailyDoses.newBuilder(daily("178", "18+", d.plusDays(i), first))
                    .setAsOf(d.plusDays(i).atTime(9, 0).atZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).toInstant()).build());
        }
        view.applyDaily("180|12-17|2021-09-03", DailyDoses.newBuilder(daily("180", "12-17", LocalDate.parse("2021-09-03"), 5))
                .setAsOf(Instant.parse("2021-09-03T01:00:00Z")).build());
        view.applyDaily("180|12-17|2021-09-11", DailyDoses.newBuilder(daily("180", "12-17", LocalDate.parse("2021-09-11"), 0))
                .setSecondDoses(7).setAsOf(Instant.parse("2021-09-11T01:00:00Z")).build());
        view.applyCoverage("178|18+", coverage("178", "18+", 3_000L, total, 0, 0));
        view.applyCoverage("180|12-17", coverage("180", "12-17", 300L, 5, 7, 0));
        view.applyAllocation("178", allocation("178", 4_000));
        view.applyAllocation("180", AllocationTotal.newBuilder(allocation("180", 500)).setLastDeliveredOn(LocalDate.parse("2021-09-10")).build());
    }

    private JsonNode bad(String path, String parameter) throws Exception {
        Reply reply = get(path);
        assertThat(reply.status).as(path).isEqualTo(400);
        assertThat(reply.json.get("parameter").asText()).as(path).isEqualTo(parameter);
        return reply.json;
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
