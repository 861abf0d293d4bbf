package vn.pulse.api.border;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.api.Downloads;
import vn.pulse.api.alerts.AlertsApi;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.schemas.border.AlertStatus;
import vn.pulse.schemas.border.CongestionAlert;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.GateHour;
import vn.pulse.schemas.border.GateScreenings;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.reference.Gate;
import vn.pulse.schemas.reference.GateKind;

/** The border and alerts endpoints on a real Javalin server (port 0), over views filled directly. */
class BorderApiTest {

    /** 23:30 on 31 December 2021 in Lạng Sơn: the replayed year's end. */
    private static final Instant NOW = Instant.parse("2021-12-31T16:30:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private BorderView view;
    private AlertsApi alertsApi;
    private ApiServer server;

    @BeforeEach
    void start() {
        view = new BorderView();
        alertsApi = AlertsApi.over(new AlertsView());
        BorderApi border = BorderApi.over(view, alertsApi.view(), Clock.fixed(NOW, ZoneOffset.UTC));
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0), List.of(border, alertsApi));

        view.applyGate("HUU_NGHI", Gate.newBuilder().setCode("HUU_NGHI").setName("Cửa khẩu quốc tế Hữu Nghị")
                .setKind(GateKind.INTERNATIONAL_ROAD).setDistrictCode("183").setOpen(true).build());
        view.applyYard("HUU_NGHI", GateYard.newBuilder().setGateCode("HUU_NGHI").setBacklog(412).setArrivals(1000)
                .setCrossings(580).setDeparturesWithoutCrossing(8).setCrossingsWithoutArrival(0).setAsOf(NOW).build());
        view.applyYear("2021", ProvinceTrade.newBuilder().setYear(2021)
                .setExportValueUsd(usd("1650000000")).setImportValueUsd(usd("2730000000")).setTradeValueUsd(usd("4380000000"))
                .setPlanValueUsd(usd("3080100000")).setPreviousYearValueUsd(usd("2811300000"))
                .setPlanPct(new BigDecimal("142.20")).setGrowthPct(new BigDecimal("55.80")).setAsOf(NOW).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void summaryGivesTheYearsTradeAgainstPlanAndLastYearWithTwoDecimals() throws Exception {
        HttpResponse<String> response = get("/api/v1/border/summary?year=2021");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"tradeValueUsd\":4380000000.00", "\"planPct\":142.20",
                "\"growthPct\":55.80", "\"planValueUsd\":3080100000.00", "\"previousYearValueUsd\":2811300000.00");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("year").asInt()).isEqualTo(2021);
        assertThat(body.get("asOf").asText()).isEqualTo("2021-12-31T16:30:00Z");
        assertThat(body.get("exportValueUsd").decimalValue()).isEqualByComparingTo("1650000000");
        assertThat(body.has("lag")).isTrue();
    }

    @Test
    void summaryDefaultsToTheYearOfTheLatestEventAndAnswers404ForAYearWithoutData() throws Exception {
        assertThat(JSON.readTree(get("/api/v1/border/summary").body()).get("year").asInt()).isEqualTo(2021);

        HttpResponse<String> none = get("/api/v1/border/summary?year=2019");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(none.body()).contains("2019");
    }

    @Test
    void refusesABadYearNamingTheParameter() throws Exception {
        HttpResponse<String> response = get("/api/v1/border/summary?year=last");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("parameter").asText()).isEqualTo("year");
        assertThat(problem.get("detail").asText()).contains("'last'");
    }

    @Test
    void gatesShowTodaysAndTheYearsTradeTheLastHourBacklogWaitsAndOpenAlerts() throws Exception {
        view.applyTrade("HUU_NGHI|DAY|2021-12-31", trade(TradePeriod.DAY, "2021-12-31", "1000.50", "2000.25", 3, 4));
        view.applyTrade("HUU_NGHI|YEAR|2021", trade(TradePeriod.YEAR, "2021", "900000.00", "100000.00", 300, 40));
        view.applyHour("HUU_NGHI|2021-12-31T15:00:00Z", hour("2021-12-31T15:00:00Z", 37, 95, 410));
        alertsApi.view().apply("HUU_NGHI|BACKLOG|2021-12-20T02:00:00Z", alert("HUU_NGHI|BACKLOG|2021-12-20T02:00:00Z",
                AlertStatus.RAISED, null));

        JsonNode gates = JSON.readTree(get("/api/v1/border/gates").body()).get("gates");
        assertThat(gates).hasSize(1);
        JsonNode gate = gates.get(0);
        assertThat(gate.get("code").asText()).isEqualTo("HUU_NGHI");
        assertThat(gate.get("name").asText()).isEqualTo("Cửa khẩu quốc tế Hữu Nghị");
        assertThat(gate.get("backlog").asLong()).isEqualTo(412);
        assertThat(gate.get("tradeToday").get("period").asText()).isEqualTo("2021-12-31");
        assertThat(gate.get("tradeToday").get("tradeValueUsd").decimalValue()).isEqualByComparingTo("3000.75");
        assertThat(gate.get("tradeToday").get("vehicles").asLong()).isEqualTo(7);
        assertThat(gate.get("tradeThisYear").get("tradeValueUsd").decimalValue()).isEqualByComparingTo("1000000.00");
        assertThat(gate.get("lastHourStart").asText()).isEqualTo("2021-12-31T15:00:00Z");
        assertThat(gate.get("vehiclesLastHour").asLong()).isEqualTo(37);
        assertThat(gate.get("waitP50Minutes").asInt()).isEqualTo(95);
        assertThat(gate.get("waitP90Minutes").asInt()).isEqualTo(410);
        assertThat(gate.get("openAlerts")).hasSize(1);
        assertThat(gate.get("openAlerts").get(0).get("unit").asText()).isEqualTo("vehicles");

        JsonNode one = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI").body()).get("gate");
        assertThat(one.get("backlog").asLong()).isEqualTo(412);
    }

    @Test
    void answers404ForAnUnknownGate() throws Exception {
        assertThat(get("/api/v1/border/gates/LAO_CAI").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/border/gates/LAO_CAI/throughput").statusCode()).isEqualTo(404);
    }

    @Test
    void throughputListsEveryHourOfTheRangeWithZerosWhereNothingCrossed() throws Exception {
        view.applyHour("HUU_NGHI|2021-12-31T01:00:00Z", hour("2021-12-31T01:00:00Z", 80, 120, 300));

        JsonNode body = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI/throughput?from=2021-12-31T07:00&to=2021-12-31T10:00").body());
        assertThat(body.get("from").asText()).isEqualTo("2021-12-31T00:00:00Z");
        assertThat(body.get("to").asText()).isEqualTo("2021-12-31T03:00:00Z");
        List<Long> crossed = new ArrayList<>();
        body.get("hours").forEach(h -> crossed.add(h.get("vehiclesCrossed").asLong()));
        assertThat(crossed).containsExactly(0L, 80L, 0L);
        assertThat(body.get("hours").get(1).get("waitP90Minutes").asInt()).isEqualTo(300);
        assertThat(body.get("hours").get(0).get("waitP90Minutes").isNull()).isTrue();

        JsonNode whole = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI/throughput?from=2021-12-31&to=2021-12-31").body());
        assertThat(whole.get("hours")).as("a date as 'to' includes the whole day").hasSize(24);
    }

    @Test
    void refusesAThroughputRangeThatIsReversedOrTooLongOrUnreadable() throws Exception {
        assertThat(problemParameter(get("/api/v1/border/gates/HUU_NGHI/throughput?from=2021-12-31T10:00:00Z&to=2021-12-31T09:00:00Z")))
                .isEqualTo("to");
        assertThat(problemParameter(get("/api/v1/border/gates/HUU_NGHI/throughput?from=2021-01-01&to=2021-12-31")))
                .isEqualTo("from");
        assertThat(problemParameter(get("/api/v1/border/gates/HUU_NGHI/throughput?from=yesterday"))).isEqualTo("from");
    }

    @Test
    void tradeListsDaysOrMonthsOfTheRange() throws Exception {
        view.applyTrade("HUU_NGHI|DAY|2021-12-30", trade(TradePeriod.DAY, "2021-12-30", "10.00", "5.00", 1, 1));
        view.applyTrade("HUU_NGHI|MONTH|2021-11", trade(TradePeriod.MONTH, "2021-11", "700.00", "300.00", 9, 9));

        JsonNode days = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI/trade?from=2021-12-29&to=2021-12-31").body());
        assertThat(days.get("periods")).hasSize(3);
        assertThat(days.get("periods").get(1).get("tradeValueUsd").decimalValue()).isEqualByComparingTo("15.00");
        assertThat(days.get("periods").get(0).get("tradeValueUsd").decimalValue()).isEqualByComparingTo("0");

        JsonNode months = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI/trade?granularity=month&from=2021-10&to=2021-12").body());
        assertThat(months.get("periods")).extracting(p -> p.get("period").asText()).containsExactly("2021-10", "2021-11", "2021-12");
        assertThat(months.get("periods").get(1).get("exportValueUsd").decimalValue()).isEqualByComparingTo("700.00");

        JsonNode defaultMonths = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI/trade?granularity=month").body());
        assertThat(defaultMonths.get("periods")).as("January to the current month").hasSize(12);
        assertThat(problemParameter(get("/api/v1/border/gates/HUU_NGHI/trade?granularity=week"))).isEqualTo("granularity");
    }

    @Test
    void screeningsGivePositivityPerDay() throws Exception {
        view.applyScreenings("HUU_NGHI|2021-12-31", GateScreenings.newBuilder().setGateCode("HUU_NGHI").setDate("2021-12-31")
                .setReports(8).setPeopleScreened(900).setTested(300).setPositive(2).setAsOf(NOW).build());

        JsonNode body = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI/screenings?from=2021-12-31&to=2021-12-31").body());
        assertThat(body.get("days").get(0).get("positivityPct").decimalValue()).isEqualByComparingTo("0.67");
        JsonNode gate = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI").body()).get("gate");
        assertThat(gate.get("screeningsToday").get("tested").asLong()).isEqualTo(300);
    }

    @Test
    void alertsFilterByWhetherTheyAreActive() throws Exception {
        alertsApi.view().apply("a1", alert("a1", AlertStatus.RAISED, null));
        alertsApi.view().apply("a2", alert("a2", AlertStatus.CLEARED, NOW));

        assertThat(JSON.readTree(get("/api/v1/alerts?active=true").body()).get("alerts"))
                .extracting(a -> a.get("id").asText()).containsExactly("a1");
        JsonNode cleared = JSON.readTree(get("/api/v1/alerts?active=false").body()).get("alerts");
        assertThat(cleared).extracting(a -> a.get("id").asText()).containsExactly("a2");
        assertThat(cleared.get(0).get("active").asBoolean()).isFalse();
        assertThat(cleared.get(0).get("clearedAt").asText()).isEqualTo("2021-12-31T16:30:00Z");
        assertThat(JSON.readTree(get("/api/v1/alerts").body()).get("alerts")).hasSize(2);
        assertThat(problemParameter(get("/api/v1/alerts?active=maybe"))).isEqualTo("active");
    }

    @Test
    void everyBorderTableDownloadsAsCsvAndXlsxWithTheFiguresOfTheJson() throws Exception {
        fillAutumn();
        int port = server.port();

        Downloads.Sheet summary = Downloads.assertSameAsJson(port, "/api/v1/border/summary?year=2021", "");
        assertThat(summary.fileName()).matches("border-summary-2021_\\d{4}-\\d{2}-\\d{2}\\.xlsx");
        Downloads.Sheet gates = Downloads.assertSameAsJson(port, "/api/v1/border/gates", "gates");
        assertThat(gates.header()).contains("tradeToday.tradeValueUsd", "tradeThisYear.period", "screeningsToday.positivityPct",
                "openAlerts.count");
        assertThat(gates.rows().get(0).subList(0, 2)).containsExactly("HUU_NGHI", "Cửa khẩu quốc tế Hữu Nghị");
        Downloads.assertSameAsJson(port, "/api/v1/border/gates/HUU_NGHI", "gate");
        Downloads.assertSameAsJson(port, "/api/v1/border/gates?asOf=2021-10-01", "gates");
        Downloads.Sheet hours = Downloads.assertSameAsJson(port,
                "/api/v1/border/gates/HUU_NGHI/throughput?from=2021-12-31&to=2021-12-31", "hours");
        assertThat(hours.rows()).hasSize(24);
        assertThat(hours.fileName()).isEqualTo("border-throughput-HUU_NGHI_2021-12-31_2021-12-31.xlsx");
        Downloads.Sheet days = Downloads.assertSameAsJson(port, "/api/v1/border/gates/HUU_NGHI/trade?from=2021-09-29&to=2021-10-03",
                "periods");
        assertThat(days.fileName()).isEqualTo("border-trade-HUU_NGHI-day_2021-09-29_2021-10-03.xlsx");
        Downloads.assertSameAsJson(port, "/api/v1/border/gates/HUU_NGHI/trade?granularity=month&from=2021-01&to=2021-12", "periods");
        Downloads.assertSameAsJson(port, "/api/v1/border/gates/HUU_NGHI/screenings?from=2021-09-30&to=2021-10-02", "days");
        Downloads.Sheet alerts = Downloads.assertSameAsJson(port, "/api/v1/alerts", "alerts");
        assertThat(alerts.rows()).hasSize(2);
        assertThat(Downloads.csv(port, "/api/v1/alerts?active=true").rows()).hasSize(1);
    }

    @Test
    void theSummaryAsOfADaySumsTheGatesDaysSinceNewYearAgainstThePlan() throws Exception {
        fillAutumn();

        JsonNode s = JSON.readTree(get("/api/v1/border/summary?asOf=2021-10-01").body());
        // 30 Sep and 1 Oct at Hữu Nghị, 1 Oct at Tân Thanh; 2 Oct is after the day.
        BigDecimal exports = new BigDecimal("10.00").add(new BigDecimal("1000.50")).add(new BigDecimal("300.00"));
        BigDecimal imports = new BigDecimal("5.00").add(new BigDecimal("2000.25")).add(new BigDecimal("100.00"));
        assertThat(s.get("year").asInt()).isEqualTo(2021);
        assertThat(s.get("exportValueUsd").decimalValue()).isEqualByComparingTo(exports);
        assertThat(s.get("importValueUsd").decimalValue()).isEqualByComparingTo(imports);
        assertThat(s.get("tradeValueUsd").decimalValue()).isEqualByComparingTo(exports.add(imports));
        assertThat(s.get("planValueUsd").decimalValue()).isEqualByComparingTo("3080100000");
        assertThat(s.get("planPct").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(s.get("growthPct").decimalValue()).isEqualByComparingTo("-100.00");
        assertThat(s.get("asOf").asText()).isEqualTo("2021-10-01T09:00:00Z");

        // A year that ended before the day: the whole year, without a plan where the reference has none.
        JsonNode before = JSON.readTree(get("/api/v1/border/summary?year=2020&asOf=2021-10-01").body());
        assertThat(before.get("tradeValueUsd").decimalValue()).isEqualByComparingTo("42.00");
        assertThat(before.get("planPct").isNull()).isTrue();
        assertThat(problemParameter(get("/api/v1/border/summary?year=2022&asOf=2021-10-01"))).isEqualTo("year");
        assertThat(get("/api/v1/border/summary?year=2019&asOf=2021-10-01").statusCode()).isEqualTo(404);
    }

    @Test
    void theGatesAsOfADayShowThatDayAndTheYearUpToItButNoBacklog() throws Exception {
        fillAutumn();

        JsonNode answer = JSON.readTree(get("/api/v1/border/gates?asOf=2021-10-01").body());
        JsonNode huuNghi = answer.get("gates").get(0);
        assertThat(huuNghi.get("code").asText()).isEqualTo("HUU_NGHI");
        assertThat(huuNghi.get("backlog").isNull()).as("a past backlog is not known").isTrue();
        assertThat(huuNghi.get("asOf").asText()).isEqualTo("2021-10-01T09:00:00Z");
        assertThat(answer.get("asOf").asText()).isEqualTo("2021-10-01T09:00:00Z");
        assertThat(huuNghi.get("tradeToday").get("period").asText()).isEqualTo("2021-10-01");
        assertThat(huuNghi.get("tradeToday").get("tradeValueUsd").decimalValue()).isEqualByComparingTo("3000.75");
        assertThat(huuNghi.get("tradeThisYear").get("period").asText()).isEqualTo("2021");
        assertThat(huuNghi.get("tradeThisYear").get("tradeValueUsd").decimalValue()).isEqualByComparingTo("3015.75");
        assertThat(huuNghi.get("tradeThisYear").get("vehicles").asLong()).isEqualTo(9);
        assertThat(huuNghi.get("lastHourStart").asText()).as("23:00 in Lạng Sơn").isEqualTo("2021-10-01T16:00:00Z");
        assertThat(huuNghi.get("vehiclesLastHour").asLong()).isEqualTo(12);
        assertThat(huuNghi.get("screeningsToday").get("tested").asLong()).isEqualTo(30);
        assertThat(huuNghi.get("openAlerts")).isEmpty();
        JsonNode one = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI?asOf=2021-10-01").body());
        assertThat(one.get("gate")).isEqualTo(huuNghi);

        // The episode raised on 20 Dec and cleared on the 22nd was open at the end of the 21st, as it stood then.
        JsonNode open = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI?asOf=2021-12-21").body()).get("gate").get("openAlerts");
        assertThat(open).extracting(a -> a.get("id").asText()).containsExactly("cleared-later", "still-open");
        assertThat(open.get(0).get("status").asText()).isEqualTo("RAISED");
        assertThat(open.get(0).get("active").asBoolean()).isTrue();
        assertThat(open.get(0).get("clearedAt").isNull()).isTrue();
        assertThat(JSON.readTree(get("/api/v1/border/gates/HUU_NGHI?asOf=2021-12-22").body()).get("gate").get("openAlerts"))
                .extracting(a -> a.get("id").asText()).containsExactly("still-open");
        assertThat(JSON.readTree(get("/api/v1/border/gates/HUU_NGHI?asOf=2021-12-19").body()).get("gate").get("openAlerts")).isEmpty();
    }

    @Test
    void monthlyTradeSumsEveryGatesDaysPerMonthAgainstTheSameMonthOfTheYearBefore() throws Exception {
        fillAutumn();
        view.applyTrade("TAN_THANH|DAY|2020-10-05", tradeBuilder(TradePeriod.DAY, "2020-10-05", "1000.00", "500.00", 1, 1)
                .setGateCode("TAN_THANH").setAsOf(Instant.parse("2020-10-05T03:00:00Z")).build());

        HttpResponse<String> response = get("/api/v1/border/trade/months?year=2021");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("year").asInt()).isEqualTo(2021);
        assertThat(body.get("asOf").asText()).isEqualTo("2021-10-02T03:00:00Z");
        JsonNode months = body.get("months");
        assertThat(months).hasSize(12);
        assertThat(months.get(0).get("month").asText()).isEqualTo("2021-01");
        assertThat(months.get(0).get("tradeValueUsd").decimalValue()).isEqualByComparingTo("0");
        assertThat(months.get(0).get("previousYearTradeValueUsd").isNull()).as("nothing crossed in January 2020").isTrue();
        JsonNode september = months.get(8);
        assertThat(september.get("tradeValueUsd").decimalValue()).isEqualByComparingTo("15.00");
        assertThat(september.get("growthPct").isNull()).isTrue();
        // October: Hữu Nghị 3,000.75 + 14.00 and Tân Thanh 400.00; October 2020: Tân Thanh 1,500.00.
        JsonNode october = months.get(9);
        assertThat(response.body()).contains("\"tradeValueUsd\":3414.75", "\"previousYearTradeValueUsd\":1500.00", "\"growthPct\":127.65");
        assertThat(october.get("month").asText()).isEqualTo("2021-10");
        assertThat(october.get("previousYearMonth").asText()).isEqualTo("2020-10");
        assertThat(october.get("exportValueUsd").decimalValue()).isEqualByComparingTo("1307.50");
        assertThat(october.get("importValueUsd").decimalValue()).isEqualByComparingTo("2107.25");
        // December 2020 against nothing before it; the default year is the latest event's.
        JsonNode months2020 = JSON.readTree(get("/api/v1/border/trade/months?year=2020").body()).get("months");
        assertThat(months2020).hasSize(12);
        assertThat(months2020.get(11).get("tradeValueUsd").decimalValue()).isEqualByComparingTo("42.00");
        assertThat(JSON.readTree(get("/api/v1/border/trade/months").body()).get("year").asInt()).isEqualTo(2021);

        assertThat(problemParameter(get("/api/v1/border/trade/months?year=last"))).isEqualTo("year");
        assertThat(get("/api/v1/border/trade/months?year=2022").statusCode()).isEqualTo(404);
        Downloads.Sheet sheet = Downloads.assertSameAsJson(server.port(), "/api/v1/border/trade/months?year=2021", "months");
        assertThat(sheet.fileName()).matches("border-trade-months-2021_\\d{4}-\\d{2}-\\d{2}\\.xlsx");
        assertThat(sheet.rows()).hasSize(12);
    }

    @Test
    void asOfRefusesWhatIsNotADayUpToTodayNamingTheParameter() throws Exception {
        for (String path : List.of("/api/v1/border/summary", "/api/v1/border/gates", "/api/v1/border/gates/HUU_NGHI")) {
            assertThat(problemParameter(get(path + "?asOf=yesterday"))).as(path).isEqualTo("asOf");
            assertThat(problemParameter(get(path + "?asOf=2021-10-32"))).as(path).isEqualTo("asOf");
            // The clock says 31 Dec 2021, 23:30 in Lạng Sơn.
            HttpResponse<String> future = get(path + "?asOf=2022-01-01");
            assertThat(JSON.readTree(future.body()).get("detail").asText()).contains("future", "2021-12-31");
            assertThat(problemParameter(future)).isEqualTo("asOf");
        }
        assertThat(get("/api/v1/border/gates?asOf=2021-12-31").statusCode()).isEqualTo(200);
    }

    /** Trade at Hữu Nghị on 30 Sep, 1 and 2 Oct, at Tân Thanh on 1 Oct, at Hữu Nghị on 31 Dec 2020; an hour, screenings, alerts. */
    private void fillAutumn() {
        view.applyTrade("HUU_NGHI|DAY|2021-09-30", tradeBuilder(TradePeriod.DAY, "2021-09-30", "10.00", "5.00", 1, 1)
                .setAsOf(Instant.parse("2021-09-30T10:00:00Z")).build());
        view.applyTrade("HUU_NGHI|DAY|2021-10-01", tradeBuilder(TradePeriod.DAY, "2021-10-01", "1000.50", "2000.25", 3, 4)
                .setAsOf(Instant.parse("2021-10-01T09:00:00Z")).build());
        view.applyTrade("HUU_NGHI|DAY|2021-10-02", tradeBuilder(TradePeriod.DAY, "2021-10-02", "7.00", "7.00", 1, 0)
                .setAsOf(Instant.parse("2021-10-02T03:00:00Z")).build());
        view.applyTrade("HUU_NGHI|DAY|2020-12-31", tradeBuilder(TradePeriod.DAY, "2020-12-31", "40.00", "2.00", 1, 0)
                .setAsOf(Instant.parse("2020-12-31T03:00:00Z")).build());
        view.applyTrade("HUU_NGHI|MONTH|2021-10", trade(TradePeriod.MONTH, "2021-10", "1007.50", "2007.25", 4, 4));
        view.applyTrade("TAN_THANH|DAY|2021-10-01", tradeBuilder(TradePeriod.DAY, "2021-10-01", "300.00", "100.00", 2, 2)
                .setGateCode("TAN_THANH").setAsOf(Instant.parse("2021-10-01T08:00:00Z")).build());
        view.applyHour("HUU_NGHI|2021-10-01T16:00:00Z", hour("2021-10-01T16:00:00Z", 12, 30, 60));
        view.applyHour("HUU_NGHI|2021-12-31T10:00:00Z", hour("2021-12-31T10:00:00Z", 40, 45, 90));
        view.applyScreenings("HUU_NGHI|2021-10-01", GateScreenings.newBuilder().setGateCode("HUU_NGHI").setDate("2021-10-01")
                .setReports(2).setPeopleScreened(100).setTested(30).setPositive(1).setAsOf(NOW).build());
        alertsApi.view().apply("still-open", alertBuilder("still-open", AlertStatus.RAISED, null)
                .setRaisedAt(Instant.parse("2021-12-19T20:00:00Z")).build());
        alertsApi.view().apply("cleared-later", alertBuilder("cleared-later", AlertStatus.CLEARED,
                Instant.parse("2021-12-21T18:00:00Z")).setRaisedAt(Instant.parse("2021-12-20T02:00:00Z")).build());
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value).setScale(2);
    }

    private static GateTrade trade(TradePeriod granularity, String period, String exportUsd, String importUsd,
                                   long exportVehicles, long importVehicles) {
        return tradeBuilder(granularity, period, exportUsd, importUsd, exportVehicles, importVehicles).build();
    }

    private static GateTrade.Builder tradeBuilder(TradePeriod granularity, String period, String exportUsd, String importUsd,
                                                  long exportVehicles, long importVehicles) {
        return GateTrade.newBuilder().setGateCode("HUU_NGHI").setGranularity(granularity).setPeriod(period)
                .setExportValueUsd(usd(exportUsd)).setImportValueUsd(usd(importUsd))
                .setExportTons(new BigDecimal("1.000")).setImportTons(new BigDecimal("2.000"))
                .setExportVehicles(exportVehicles).setImportVehicles(importVehicles).setGreenLaneVehicles(0)
                .setAsOf(NOW);
    }

    private static GateHour hour(String start, long crossed, int p50, int p90) {
        return GateHour.newBuilder().setGateCode("HUU_NGHI").setHourStart(Instant.parse(start))
                .setVehiclesCrossed(crossed).setExportVehicles(crossed).setImportVehicles(0).setGreenLaneVehicles(0)
                .setArrivals(0).setDeparturesWithoutCrossing(0).setWaitSamples(crossed)
                .setWaitMinutes(List.of(p50, p90)).setWaitCounts(List.of(crossed - 1, 1L))
                .setWaitP50Minutes(p50).setWaitP90Minutes(p90).setAsOf(Instant.parse(start)).build();
    }

    private static CongestionAlert alert(String id, AlertStatus status, Instant clearedAt) {
        return alertBuilder(id, status, clearedAt).build();
    }

    private static CongestionAlert.Builder alertBuilder(String id, AlertStatus status, Instant clearedAt) {
        return CongestionAlert.newBuilder().setAlertId(id).setGateCode("HUU_NGHI").setKind(CongestionKind.BACKLOG)
                .setStatus(status).setRaisedAt(Instant.parse("2021-12-20T02:00:00Z")).setClearedAt(clearedAt)
                .setValue(700).setPeakValue(900).setRaiseThreshold(600).setClearThreshold(300)
                .setMessage("Congestion at Cua khau quoc te Huu Nghi (HUU_NGHI)");
    }

    private String problemParameter(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(400);
        return JSON.readTree(response.body()).get("parameter").asText();
    }

    @Test
    void answersListTheirMembersInTheirOrder() throws Exception {
        assertThat(names("/api/v1/border/summary")).containsExactly("asOf", "year", "tradeValueUsd", "exportValueUsd",
                "importValueUsd", "planValueUsd", "planPct", "previousYearValueUsd", "growthPct", "lag");
        assertThat(names("/api/v1/border/gates")).containsExactly("asOf", "gates", "lag");
        assertThat(names("/api/v1/border/gates/HUU_NGHI")).containsExactly("asOf", "gate", "lag");
        assertThat(names("/api/v1/border/gates/HUU_NGHI/throughput")).containsExactly("gate", "from", "to", "hours", "lag");
        assertThat(names("/api/v1/border/gates/HUU_NGHI/trade")).containsExactly("gate", "granularity", "from", "to", "periods", "lag");
        assertThat(names("/api/v1/border/gates/HUU_NGHI/trade?granularity=month&from=2021-11"))
                .containsExactly("gate", "granularity", "from", "to", "periods", "lag");
        assertThat(names("/api/v1/border/gates/HUU_NGHI/screenings")).containsExactly("gate", "from", "to", "days", "lag");
        assertThat(names("/api/v1/alerts")).containsExactly("alerts", "lag");
        JsonNode trade = JSON.readTree(get("/api/v1/border/gates/HUU_NGHI/trade?granularity=month&from=2021-11").body());
        assertThat(trade.get("from").asText()).isEqualTo("2021-11");
        assertThat(trade.get("to").asText()).isEqualTo("2021-12");
    }

    private List<String> names(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body()).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
