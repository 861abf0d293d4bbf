package vn.pulse.api.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import vn.pulse.api.Downloads;
import vn.pulse.api.border.BorderView;
import vn.pulse.api.border.BorderViews;
import vn.pulse.api.vaccination.VaccinationView;
import vn.pulse.core.geography.CoverageTarget;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;

/** The projections and the trade run-rate on the real server (port 0), over views filled by the test. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProjectionsApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    /** 2021-12-10, 17:00 in Lạng Sơn. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2021-12-10T10:00:00Z"), ZoneOffset.UTC);

    private final VaccinationView vaccination = new VaccinationView();
    private final BorderView border = new BorderView();
    private final CoverageTargets targets = new CoverageTargets();
    private ApiServer server;

    @BeforeEach
    void start() {
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0),
                List.of(ProjectionsApi.over(vaccination, border, targets, CLOCK)));
        targets.put(new CoverageTarget("18+", "atLeastOneDose", new BigDecimal("95.00")));
        targets.put(new CoverageTarget("18+", "twoDoses", new BigDecimal("90.00")));
        targets.put(new CoverageTarget("12-17", "atLeastOneDose", new BigDecimal("95.00")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void eachUnitHasEveryTargetWithItsStatusAndTheProvinceSumsTheDistricts() throws Exception {
        // District 178: 1,000 adults, 960 with a first dose (reached), 700 with two; 12-17: no doses at all.
        // District 180: 1,000 adults, 900 first doses (not reached), 800 with two.
        vaccination.applyCoverage("178|18+", coverage("178", "18+", 1_000));
        vaccination.applyCoverage("178|12-17", coverage("178", "12-17", 200));
        vaccination.applyCoverage("180|18+", coverage("180", "18+", 1_000));
        daily("178", "2021-11-01", 900, 600);
        daily("180", "2021-11-01", 860, 760);
        // The week of 4-10 December: 178 gives 60 first and 70 second doses, 180 gives 40 first and 40 second doses.
        daily("178", "2021-12-04", 60, 70);
        daily("180", "2021-12-10", 40, 40);
        // After the day asked for: not counted.
        daily("180", "2021-12-11", 500, 500);

        JsonNode answer = get("/api/v1/vaccination/projections?asOf=2021-12-10");
        assertThat(answer.get("asOf").asText()).isEqualTo("2021-12-10");
        assertThat(answer.get("rateWindowDays").asInt()).isEqualTo(7);
        assertThat(answer.get("targets").toString()).isEqualTo("[{\"ageGroup\":\"12-17\",\"measure\":\"atLeastOneDose\",\"targetPct\":95.00},"
                + "{\"ageGroup\":\"18+\",\"measure\":\"atLeastOneDose\",\"targetPct\":95.00},"
                + "{\"ageGroup\":\"18+\",\"measure\":\"twoDoses\",\"targetPct\":90.00}]");

        JsonNode province = answer.get("province");
        assertThat(province.get("code").asText()).isEqualTo("20");
        assertThat(province.get("name").asText()).isEqualTo("Tỉnh Lạng Sơn");
        // Province adults: 1,860 of 2,000 with a first dose (93.00 %); the target is 1,900: 40 missing at 100 a week = 3 days.
        assertThat(province.get("projections").get(1).toString()).isEqualTo("{\"ageGroup\":\"18+\",\"measure\":\"atLeastOneDose\","
                + "\"currentPct\":93.00,\"targetPct\":95.00,\"peoplePerDay\":14.29,\"status\":\"ON_TRACK\",\"projectedDate\":\"2021-12-13\"}");
        // Two doses: 1,470 of 2,000 (73.50 %); the target is 1,800: 330 missing at 110 a week = 21 days.
        assertThat(province.get("projections").get(2).get("projectedDate").asText()).isEqualTo("2021-12-31");
        assertThat(province.get("projections").get(2).get("currentPct").decimalValue()).isEqualByComparingTo("73.50");

        JsonNode districts = answer.get("districts");
        assertThat(districts).hasSize(11);
        JsonNode thanhPho = districts.get(0);
        assertThat(thanhPho.get("code").asText()).isEqualTo("178");
        assertThat(thanhPho.get("name").asText()).isEqualTo("Thành phố Lạng Sơn");
        JsonNode adolescents = thanhPho.get("projections").get(0);
        assertThat(adolescents.get("currentPct").decimalValue()).isEqualByComparingTo("0");
        assertThat(adolescents.get("status").asText()).isEqualTo("NOT_AT_THIS_RATE");
        assertThat(adolescents.get("projectedDate").isNull()).isTrue();
        assertThat(thanhPho.get("projections").get(1).get("status").asText()).isEqualTo("REACHED");
        assertThat(thanhPho.get("projections").get(1).get("projectedDate").isNull()).isTrue();
        // A district without population: no percentage, not at this rate.
        JsonNode dinhLap = districts.get(10);
        assertThat(dinhLap.get("code").asText()).isEqualTo("189");
        assertThat(dinhLap.get("projections").get(1).get("currentPct").isNull()).isTrue();
        assertThat(dinhLap.get("projections").get(1).get("status").asText()).isEqualTo("NOT_AT_THIS_RATE");
    }

    @Test
    void asOfMovesTheCoverageAndTheRateWindowAndDefaultsToTodayInTheProvince() throws Exception {
        vaccination.applyCoverage("178|18+", coverage("178", "18+", 1_000));
        daily("178", "2021-11-01", 500, 0);
        daily("178", "2021-11-30", 70, 0);
        daily("178", "2021-12-10", 7, 0);

        // As of 30 November: 570 vaccinated, 70 in the week: 380 missing at 10 a day = 38 days.
        JsonNode november = get("/api/v1/vaccination/projections?asOf=2021-11-30").get("districts").get(0).get("projections").get(1);
        assertThat(november.get("currentPct").decimalValue()).isEqualByComparingTo("57.00");
        assertThat(november.get("peoplePerDay").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(november.get("projectedDate").asText()).isEqualTo("2022-01-07");
        // Today (10 December by the clock): 577 vaccinated at 1 a day: 373 days, beyond the horizon.
        JsonNode today = get("/api/v1/vaccination/projections");
        assertThat(today.get("asOf").asText()).isEqualTo("2021-12-10");
        JsonNode now = today.get("districts").get(0).get("projections").get(1);
        assertThat(now.get("status").asText()).isEqualTo("NOT_AT_THIS_RATE");
        assertThat(now.get("peoplePerDay").decimalValue()).isEqualByComparingTo("1.00");
    }

    @Test
    void aBadAsOfIsA400NamingIt() throws Exception {
        for (String asOf : List.of("2020-12-31", "2021-12-11", "10/12/2021")) {
            HttpResponse<String> response = send("/api/v1/vaccination/projections?asOf=" + asOf, "application/json");
            assertThat(response.statusCode()).as(asOf).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("parameter").asText()).isEqualTo("asOf");
        }
        assertThat(send("/api/v1/border/run-rate?asOf=2021-12-11", "application/json").statusCode()).isEqualTo(400);
    }

    @Test
    void theProjectionsDownloadAsOneRowPerUnitAndTarget() throws Exception {
        vaccination.applyCoverage("178|18+", coverage("178", "18+", 1_000));
        daily("178", "2021-12-09", 700, 0);

        Downloads.Sheet xlsx = Downloads.xlsx(server.port(), "/api/v1/vaccination/projections?asOf=2021-12-10");
        Downloads.Sheet csv = Downloads.csv(server.port(), "/api/v1/vaccination/projections?asOf=2021-12-10");
        assertThat(csv.header()).containsExactly("level", "code", "name", "ageGroup", "measure", "currentPct", "targetPct",
                "peoplePerDay", "status", "projectedDate");
        assertThat(xlsx.header()).isEqualTo(csv.header());
        assertThat(csv.rows()).hasSize(12 * 3);
        assertThat(xlsx.rows()).hasSize(12 * 3);
        assertThat(csv.fileName()).isEqualTo("vaccination-projections_2021-12-10.csv");
        // Province first, then 178: 700 of 1,000 adults, 250 missing at 100 a day: 3 days.
        assertThat(csv.rows().get(4)).containsExactly("district", "178", "Thành phố Lạng Sơn", "18+", "atLeastOneDose", "70.00",
                "95.00", "100.00", "ON_TRACK", "2021-12-13");
        assertThat(xlsx.rows().get(4).get(9)).isEqualTo(LocalDate.of(2021, 12, 13).atStartOfDay());
        assertThat(xlsx.rows().get(4).get(5)).isInstanceOf(BigDecimal.class);
    }

    @Test
    void theRunRateProjectsTheYearsTradeToDateToItsEndAgainstPlanAndThePreviousYear() throws Exception {
        BorderViews.trade(border, trade("2021-01-15", "300000000.00", "200000000.00"));
        BorderViews.trade(border, trade("2021-03-01", "50000000.00", "50000000.00"));
        BorderViews.trade(border, trade("2021-03-02", "999.00", "1.00"));
        BorderViews.trade(border, trade("2020-12-31", "999.00", "1.00"));
        BorderViews.year(border, ProvinceTrade.newBuilder().setYear(2021).setExportValueUsd(usd("0")).setImportValueUsd(usd("0"))
                .setTradeValueUsd(usd("0")).setPlanValueUsd(usd("3080100000")).setPreviousYearValueUsd(usd("2811300000"))
                .setPlanPct(null).setGrowthPct(null).setAsOf(Instant.parse("2021-03-02T03:00:00Z")).build());

        JsonNode r = get("/api/v1/border/run-rate?asOf=2021-03-01");
        assertThat(r.toString()).startsWith("{\"asOf\":\"2021-03-01\",\"year\":2021,\"daysElapsed\":60,\"daysInYear\":365,"
                + "\"tradeToDateUsd\":600000000.00,\"runRateUsd\":3650000000.00,\"planValueUsd\":3080100000.00,\"runRatePlanPct\":118.50,"
                + "\"previousYearValueUsd\":2811300000.00,\"runRateGrowthPct\":29.83,");
        // Today by default (10 December: day 344), and a year without a plan.
        JsonNode today = get("/api/v1/border/run-rate");
        assertThat(today.get("asOf").asText()).isEqualTo("2021-12-10");
        assertThat(today.get("daysElapsed").asInt()).isEqualTo(344);
        assertThat(get("/api/v1/border/run-rate?asOf=2020-12-31").get("planValueUsd").isNull()).isTrue();
        Downloads.assertSameAsJson(server.port(), "/api/v1/border/run-rate?asOf=2021-03-01", "");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path, "application/json");
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void daily(String district, String day, long first, long second) {
        LocalDate date = LocalDate.parse(day);
        vaccination.applyDaily(district + "|18+|" + date, DailyDoses.newBuilder().setDistrictCode(district).setAgeGroup("18+")
                .setDay(date).setFirstDoses(first).setSecondDoses(second).setBoosterDoses(0)
                .setAsOf(date.atTime(9, 0).toInstant(ZoneOffset.UTC)).build());
    }

    private static CohortCoverage coverage(String district, String ageGroup, long population) {
        return CohortCoverage.newBuilder().setDistrictCode(district).setAgeGroup(ageGroup).setPopulation(population)
                .setPopulationYear(2021).setFirstDoses(0).setSecondDoses(0).setBoosterDoses(0)
                .setAsOf(Instant.parse("2021-12-10T09:00:00Z")).build();
    }

    private static GateTrade trade(String day, String exports, String imports) {
        return GateTrade.newBuilder().setGateCode("HUU_NGHI").setGranularity(TradePeriod.DAY).setPeriod(day)
                .setExportValueUsd(usd(exports)).setImportValueUsd(usd(imports))
                .setExportTons(new BigDecimal("1.000")).setImportTons(new BigDecimal("1.000"))
                .setExportVehicles(1).setImportVehicles(1).setGreenLaneVehicles(0)
                .setAsOf(LocalDate.parse(day).atTime(3, 0).toInstant(ZoneOffset.UTC)).build();
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value).setScale(2);
    }
}
