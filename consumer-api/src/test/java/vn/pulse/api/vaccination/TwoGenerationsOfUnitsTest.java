package vn.pulse.api.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
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
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.border.BorderView;
import vn.pulse.api.projections.CoverageTargets;
import vn.pulse.api.projections.ProjectionsApi;
import vn.pulse.api.projections.VaccinationProjections;
import vn.pulse.api.report.SituationReport;
import vn.pulse.api.report.SituationReports;
import vn.pulse.core.geography.CoverageTarget;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.geography.Geography;

/**
 * With a data set that holds two generations of units (langson-2025: the districts until 2025-06-30,
 * the communes from 2025-07-01), the province's population is that of the counting units valid on the
 * day asked for, so its people are counted once: in the summary (now and {@code asOf} a past day) and
 * in the situation report (at the end of its period). Each unit's own figures keep its own population.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TwoGenerationsOfUnitsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeoDataSet LANG_SON_2025 = GeoDataSetLoader.loadShipped("langson-2025");
    /** "Now" in these tests: September 2025, when the communes are valid and the districts are not. */
    private static final Instant NOW = Instant.parse("2025-09-21T03:00:00Z");
    private static final Instant JUNE = Instant.parse("2025-06-20T03:00:00Z");

    private final VaccinationView view = new VaccinationView(LANG_SON_2025, Clock.fixed(NOW, ZoneOffset.UTC));
    private final CoverageTargets targets = new CoverageTargets();
    private ApiServer server;

    @BeforeEach
    void start() {
        Geography.select(LANG_SON_2025);
        // District 178 (until June) and its four wards (from July), each with its population and a dose.
        view.applyCoverage("178|18+", VaccinationViews.adultCoverage("178", 64_991L, 100, JUNE));
        view.applyDaily("178|18+|2025-06-20", VaccinationViews.adultDaily("178", "2025-06-20", 100, JUNE));
        for (String ward : List.of("LS01", "LS02", "LS03", "LS04")) {
            long people = LANG_SON_2025.population(ward, "18+").orElseThrow();
            view.applyCoverage(ward + "|18+", VaccinationViews.adultCoverage(ward, people, 10, NOW));
            view.applyDaily(ward + "|18+|2025-09-20", VaccinationViews.adultDaily(ward, "2025-09-20", 10, NOW));
        }
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0),
                List.of(VaccinationApi.over(view), ProjectionsApi.over(view, new BorderView(), targets, Clock.fixed(NOW, ZoneOffset.UTC))));
        targets.put(new CoverageTarget("18+", CoverageTarget.AT_LEAST_ONE_DOSE, new BigDecimal("95.00")));
    }

    @AfterEach
    void stop() {
        server.close();
        Geography.select(GeoDataSetLoader.loadShipped(Geography.DEFAULT));
    }

    @Test
    void theSummaryMeasuresAgainstTheUnitsValidToday() throws Exception {
        JsonNode adults = get("/api/v1/vaccination/summary").get("coverage").get("18+");
        assertThat(adults.get("population").asLong()).isEqualTo(wardsPopulation()).isEqualTo(64_991L);
        // Doses count wherever they were given: the district's in June and the wards' since July.
        assertThat(adults.get("atLeastOneDose").asLong()).isEqualTo(140);
    }

    @Test
    void theSummaryAsOfADayMeasuresAgainstTheUnitsValidThatDay() throws Exception {
        JsonNode june = get("/api/v1/vaccination/summary?asOf=2025-06-30").get("coverage").get("18+");
        assertThat(june.get("population").asLong()).isEqualTo(64_991L);
        assertThat(june.get("atLeastOneDose").asLong()).isEqualTo(100);
        JsonNode september = get("/api/v1/vaccination/summary?asOf=2025-09-20").get("coverage").get("18+");
        assertThat(september.get("population").asLong()).isEqualTo(64_991L);
        assertThat(september.get("atLeastOneDose").asLong()).isEqualTo(140);
    }

    @Test
    void theUnitsTableListsTheUnitsValidOnTheDayAskedSoNobodyCountsTwice() throws Exception {
        List<String> communes = LANG_SON_2025.unitsAt(vn.pulse.core.geography.AdminUnit.Level.COMMUNE).stream()
                .map(vn.pulse.core.geography.AdminUnit::code).toList();
        List<String> districts = LANG_SON_2025.unitsAt(vn.pulse.core.geography.AdminUnit.Level.DISTRICT).stream()
                .map(vn.pulse.core.geography.AdminUnit::code).toList();
        for (String query : List.of("", "?asOf=2025-09-20", "?asOf=2025-07-01")) {
            JsonNode rows = get("/api/v1/vaccination/districts" + query).get("districts");
            assertThat(codes(rows)).as(query).containsExactlyElementsOf(communes);
            assertThat(population(rows)).as(query).isEqualTo(get("/api/v1/vaccination/summary" + query).get("coverage").get("18+")
                    .get("population").asLong()).isEqualTo(64_991L);
        }
        JsonNode june = get("/api/v1/vaccination/districts?asOf=2025-06-30").get("districts");
        assertThat(codes(june)).containsExactlyElementsOf(districts);
        assertThat(population(june)).isEqualTo(64_991L);

        // The download is the same table: a header and one line per commune or ward.
        String csv = send("/api/v1/vaccination/districts?format=csv").body();
        assertThat(csv.split("\r\n")).hasSize(1 + communes.size());
        assertThat(csv).contains("LS01,").doesNotContain("\r\n178,");
    }

    @Test
    void theProjectionsAreOfTheUnitsValidOnTheirDay() throws Exception {
        JsonNode september = get("/api/v1/vaccination/projections?asOf=2025-09-20");
        assertThat(codes(september.get("districts"))).containsExactlyElementsOf(unitsAt(vn.pulse.core.geography.AdminUnit.Level.COMMUNE));
        assertThat(september.get("province").get("code").asText()).isEqualTo("20");
        assertThat(codes(get("/api/v1/vaccination/projections").get("districts")))
                .containsExactlyElementsOf(unitsAt(vn.pulse.core.geography.AdminUnit.Level.COMMUNE));
        assertThat(codes(get("/api/v1/vaccination/projections?asOf=2025-06-30").get("districts")))
                .containsExactlyElementsOf(unitsAt(vn.pulse.core.geography.AdminUnit.Level.DISTRICT));
        String csv = send("/api/v1/vaccination/projections?asOf=2025-09-20&format=csv").body();
        assertThat(csv).contains("\r\ncommune,LS01,").doesNotContain(",178,");
    }

    private static List<String> unitsAt(vn.pulse.core.geography.AdminUnit.Level level) {
        return LANG_SON_2025.unitsAt(level).stream().map(vn.pulse.core.geography.AdminUnit::code).toList();
    }

    private static List<String> codes(JsonNode rows) {
        List<String> codes = new java.util.ArrayList<>();
        rows.forEach(r -> codes.add(r.get("code").asText()));
        return codes;
    }

    private static long population(JsonNode rows) {
        long people = 0;
        for (JsonNode r : rows) {
            people += r.get("coverage").get("18+").path("population").asLong(0);
        }
        return people;
    }

    @Test
    void eachUnitKeepsItsOwnPopulation() throws Exception {
        assertThat(get("/api/v1/vaccination/districts/178").get("coverage").get("18+").get("population").asLong()).isEqualTo(64_991L);
        JsonNode ward = get("/api/v1/vaccination/districts/LS01?asOf=2025-06-30").get("coverage").get("18+");
        assertThat(ward.get("population").asLong()).isEqualTo(LANG_SON_2025.population("LS01", "18+").orElseThrow());
    }

    @Test
    void theSituationReportMeasuresAgainstTheUnitsValidAtTheEndOfItsPeriod() {
        SituationReport september = SituationReports.build(LocalDate.parse("2025-09-01"), LocalDate.parse("2025-09-20"),
                view, new BorderView(), new AlertsView());
        SituationReport.AgeGroupCoverage adults = september.vaccination().coverage().stream()
                .filter(c -> c.ageGroup().equals("18+")).findFirst().orElseThrow();
        assertThat(adults.population()).isEqualTo(64_991L);
        assertThat(adults.atLeastOneDose()).isEqualTo(140);

        SituationReport june = SituationReports.build(LocalDate.parse("2025-06-01"), LocalDate.parse("2025-06-30"),
                view, new BorderView(), new AlertsView());
        assertThat(june.vaccination().coverage().stream().filter(c -> c.ageGroup().equals("18+")).findFirst().orElseThrow()
                .population()).isEqualTo(64_991L);
    }

    @Test
    void theProvincesProjectionsMeasureAgainstTheUnitsValidOnTheirDay() throws Exception {
        List<CoverageTarget> targets = List.of(new CoverageTarget("18+", CoverageTarget.AT_LEAST_ONE_DOSE, new BigDecimal("95.00")));
        for (String day : List.of("2025-06-30", "2025-09-20")) {
            VaccinationProjections.Answer answer = VaccinationProjections.of(view, targets, LocalDate.parse(day),
                    new VaccinationProjections.Unit("20", "Lạng Sơn"), List.of());
            BigDecimal summaryPct = get("/api/v1/vaccination/summary?asOf=" + day).get("coverage").get("18+")
                    .get("atLeastOneDosePct").decimalValue();
            assertThat(answer.province().projections().get(0).currentPct()).as(day).isEqualByComparingTo(summaryPct);
        }
    }

    @Test
    void anUnknownUnitIsAnsweredWithTheDataSetsCodesNotAnotherSets() throws Exception {
        HttpResponse<String> missing = send("/api/v1/vaccination/districts/LS99");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("detail").asText())
                .isEqualTo("No counting unit with code 'LS99' in data set langson-2025 (76 codes: 178, 180, 181, 182, 183, 184, 185, 186, "
                        + "187, 188 and 66 more; GET /api/v1/vaccination/districts lists them).");
        HttpResponse<String> daily = send("/api/v1/vaccination/daily?from=2025-09-01&to=2025-09-02&district=LS99");
        assertThat(daily.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(daily.body()).get("detail").asText()).startsWith("Unknown counting unit code 'LS99' in data set langson-2025 (76 codes: 178,");
    }

    private HttpResponse<String> send(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long wardsPopulation() {
        return List.of("LS01", "LS02", "LS03", "LS04").stream()
                .mapToLong(w -> LANG_SON_2025.population(w, "18+").orElseThrow()).sum();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
