package vn.pulse.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.api.alerts.AlertsApi;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.border.BorderView;
import vn.pulse.api.border.BorderViews;
import vn.pulse.api.vaccination.VaccinationView;
import vn.pulse.api.vaccination.VaccinationViews;
import vn.pulse.schemas.border.AlertStatus;
import vn.pulse.schemas.border.CongestionAlert;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.GateScreenings;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.reference.Gate;
import vn.pulse.schemas.reference.GateKind;

/**
 * {@code /api/v1/reports/situation} on the real server (port 0) over the vaccination, border and alert
 * views the other routes answer from: every figure of the JSON report is found, written the way its
 * language writes it, in the text PDFBox extracts from the PDF, POI from the DOCX, and in the HTML; and
 * the JSON report agrees with the other routes for the same period.
 */
/** The first PDF of a JVM loads the layout engine and the fonts: several seconds on a loaded machine. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SituationReportApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Instant NOW = Instant.parse("2021-12-31T16:30:00Z");
    private static final String PERIOD = "from=2021-12-01&to=2021-12-31";

    private final VaccinationView vaccination = new VaccinationView();
    private final BorderView border = new BorderView();
    private final AlertsView alerts = new AlertsView();
    private ApiServer server;

    @BeforeEach
    void start() {
        fill();
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0),
                List.of(VaccinationViews.api(vaccination), BorderViews.api(border, alerts, Clock.fixed(NOW, ZoneOffset.UTC)),
                        AlertsApi.over(alerts), ReportApi.over(vaccination, border, alerts, Clock.fixed(NOW, ZoneOffset.UTC))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Two districts, two gates; doses and trade before the period, in it and (trade) after it; three alert episodes. */
    private void fill() {
        // Lạng Sơn city (178) and Hữu Lũng (186): doses on 15 Nov and in December.
        dose("178", "18+", "2021-11-15", 41_000, 38_500, 0);
        dose("178", "18+", "2021-12-10", 1_234, 2_345, 12_345);
        dose("178", "12-17", "2021-11-15", 7_000, 6_000, 0);
        dose("178", "12-17", "2021-12-20", 10, 500, 0);
        dose("186", "18+", "2021-11-15", 80_000, 70_000, 0);
        dose("186", "18+", "2021-12-28", 900, 4_100, 3_000);
        dose("186", "12-17", "2021-12-05", 12_000, 11_000, 0);
        population("178", "18+", 43_210);
        population("178", "12-17", 7_010);
        population("186", "18+", 82_345);
        population("186", "12-17", 12_003);
        vaccination.applyAllocation("178", AllocationTotal.newBuilder().setDistrictCode("178").setDosesAllocated(110_000)
                .setLastDeliveredOn(LocalDate.parse("2021-12-01")).build());
        vaccination.applyAllocation("186", AllocationTotal.newBuilder().setDistrictCode("186").setDosesAllocated(190_000)
                .setLastDeliveredOn(LocalDate.parse("2021-12-01")).build());
        vaccination.applyAllocation("province", AllocationTotal.newBuilder().setDistrictCode(null).setDosesAllocated(5_432)
                .setLastDeliveredOn(LocalDate.parse("2021-12-01")).build());

        BorderViews.gate(border, Gate.newBuilder().setCode("HUU_NGHI").setName("Cửa khẩu quốc tế Hữu Nghị")
                .setKind(GateKind.INTERNATIONAL_ROAD).setDistrictCode("183").setOpen(true).build());
        BorderViews.gate(border, Gate.newBuilder().setCode("TAN_THANH").setName("Cửa khẩu Tân Thanh")
                .setKind(GateKind.MAIN).setDistrictCode("181").setOpen(true).build());
        BorderViews.yard(border, GateYard.newBuilder().setGateCode("HUU_NGHI").setBacklog(12).setArrivals(1000)
                .setCrossings(980).setDeparturesWithoutCrossing(8).setCrossingsWithoutArrival(0).setAsOf(NOW).build());
        trade("HUU_NGHI", "2021-11-30", "99000000.00", "1000000.00", 500, 400, 7);
        trade("HUU_NGHI", "2021-12-01", "1234567890.12", "987654321.55", 1_234, 1_111, 55);
        trade("HUU_NGHI", "2021-12-24", "450000.49", "12345.50", 30, 20, 3);
        trade("TAN_THANH", "2021-12-15", "2500000.00", "7600000.00", 300, 250, 0);
        BorderViews.year(border, ProvinceTrade.newBuilder().setYear(2021)
                .setExportValueUsd(usd("1650000000")).setImportValueUsd(usd("2730000000")).setTradeValueUsd(usd("4380000000"))
                .setPlanValueUsd(usd("3080100000")).setPreviousYearValueUsd(usd("2811300000"))
                .setPlanPct(new BigDecimal("142.20")).setGrowthPct(new BigDecimal("55.80")).setAsOf(NOW).build());
        screenings("HUU_NGHI", "2021-12-02", 8, 1_900, 300, 2);
        screenings("HUU_NGHI", "2021-12-03", 7, 1_100, 200, 1);
        screenings("TAN_THANH", "2021-12-03", 3, 450, 45, 0);
        screenings("TAN_THANH", "2021-11-03", 3, 999_999, 45, 0);

        // One episode before the period, one raised and cleared in it, one raised in it and open at its end.
        alert("HUU_NGHI|BACKLOG|1", CongestionKind.BACKLOG, "2021-10-01T02:00:00Z", "2021-10-02T02:00:00Z", 1_777);
        alert("HUU_NGHI|BACKLOG|2", CongestionKind.BACKLOG, "2021-12-20T02:00:00Z", "2021-12-22T09:00:00Z", 2_345);
        alert("TAN_THANH|WAIT_P90|1", CongestionKind.WAIT_P90, "2021-12-30T03:00:00Z", null, 321);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vi", "en"})
    void everyFigureOfTheReportIsInThePdfTheDocxAndThePageWrittenTheLanguagesWay(String lang) throws Exception {
        JsonNode report = JSON.readTree(get("/api/v1/reports/situation?" + PERIOD + "&format=json").body());
        List<String> figures = new ArrayList<>();
        collectFigures(report, null, lang, figures);
        assertThat(figures).hasSizeGreaterThan(80);

        HttpResponse<byte[]> pdf = getBytes("/api/v1/reports/situation?" + PERIOD + "&lang=" + lang + "&format=pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"pulse-situation-report_2021-12-01_2021-12-31_" + lang + ".pdf\"");
        String pdfText;
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            pdfText = normalized(pdfText(document));
            assertEveryFontEmbedded(document);
        }
        HttpResponse<byte[]> docx = getBytes("/api/v1/reports/situation?" + PERIOD + "&lang=" + lang + "&format=docx");
        assertThat(docx.statusCode()).isEqualTo(200);
        assertThat(docx.headers().firstValue("Content-Type"))
                .hasValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        String docxText;
        try (XWPFWordExtractor extractor = new XWPFWordExtractor(new XWPFDocument(new ByteArrayInputStream(docx.body())))) {
            docxText = normalized(extractor.getText());
        }
        HttpResponse<byte[]> html = getBytes("/api/v1/reports/situation?" + PERIOD + "&lang=" + lang);
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html").containsIgnoringCase("charset=utf-8");
        // The page's text, as a browser shows it (figures sit in spans that keep them on one line).
        String htmlText = normalized(new String(html.body(), StandardCharsets.UTF_8).replaceAll("<[^>]+>", ""));

        for (String figure : figures) {
            assertThat(pdfText).as("PDF text").contains(figure);
            assertThat(docxText).as("DOCX text").contains(figure);
            assertThat(htmlText).as("HTML").contains(figure);
        }
        for (String text : List.of(pdfText, docxText, htmlText)) {
            if (lang.equals("vi")) {
                assertThat(text).contains("Lạng Sơn", "liều", "Cửa khẩu quốc tế Hữu Nghị", "Huyện Hữu Lũng", "bằng 142,20 % kế hoạch",
                        "tăng 55,80 %", "4,38 tỷ USD", "2,22 tỷ USD", "10,10 triệu USD");
            } else {
                assertThat(text).contains("Lạng Sơn", "4.38 billion USD", "142.20%", "2.22 billion USD", "10.10 million USD");
            }
        }
    }

    @Test
    void theReportAgreesWithTheOtherRoutesForTheSamePeriod() throws Exception {
        JsonNode report = JSON.readTree(get("/api/v1/reports/situation?" + PERIOD + "&format=json").body());
        assertThat(report.get("from").asText()).isEqualTo("2021-12-01");
        assertThat(report.get("to").asText()).isEqualTo("2021-12-31");

        // Vaccination to the period's end (no dose after it here): the summary and the districts.
        JsonNode v = report.get("vaccination");
        JsonNode summary = JSON.readTree(get("/api/v1/vaccination/summary").body());
        assertThat(v.get("dosesAdministered").asLong()).isEqualTo(summary.get("dosesAdministered").asLong());
        assertThat(v.get("dosesAllocated").asLong()).isEqualTo(summary.get("dosesAllocated").asLong());
        assertThat(v.get("dosesUsedPct").decimalValue()).isEqualByComparingTo(summary.get("dosesUsedPct").decimalValue());
        assertThat(v.get("boosterDoses").asLong()).isEqualTo(summary.get("boosterDoses").asLong());
        for (JsonNode group : v.get("coverage")) {
            JsonNode expected = summary.get("coverage").get(group.get("ageGroup").asText());
            for (String field : List.of("population", "atLeastOneDose", "atLeastOneDosePct", "twoDoses", "twoDosesPct", "boosters")) {
                assertThat(group.get(field).decimalValue()).as(field).isEqualByComparingTo(expected.get(field).decimalValue());
            }
        }
        for (JsonNode district : v.get("districts")) {
            JsonNode expected = JSON.readTree(get("/api/v1/vaccination/districts/" + district.get("code").asText()).body());
            assertThat(district.get("name").asText()).isEqualTo(expected.get("name").asText());
            assertThat(district.get("dosesAdministered").asLong()).isEqualTo(expected.get("dosesAdministered").asLong());
            assertThat(district.get("dosesAllocated").asLong()).isEqualTo(expected.get("dosesAllocated").asLong());
            assertSameOrBothNull(district.get("adultsTwoDosesPct"), expected.get("coverage").get("18+").get("twoDosesPct"));
            assertSameOrBothNull(district.get("adolescentsAtLeastOneDosePct"),
                    expected.get("coverage").get("12-17").get("atLeastOneDosePct"));
        }
        long daily = 0;
        for (JsonNode day : JSON.readTree(get("/api/v1/vaccination/daily?" + PERIOD).body()).get("days")) {
            daily += day.get("doses").asLong();
        }
        assertThat(v.get("dosesInPeriod").asLong()).isEqualTo(daily).isEqualTo(1_234 + 2_345 + 12_345 + 510 + 8_000 + 23_000);

        // Border: the year against plan as /border/summary; each gate's period as the sum of its days.
        JsonNode year = report.get("border").get("years").get(0);
        JsonNode borderSummary = JSON.readTree(get("/api/v1/border/summary?year=2021").body());
        for (String field : List.of("tradeValueUsd", "planValueUsd", "planPct", "previousYearValueUsd", "growthPct")) {
            assertThat(year.get(field).decimalValue()).as(field).isEqualByComparingTo(borderSummary.get(field).decimalValue());
        }
        for (JsonNode gate : report.get("border").get("gates")) {
            JsonNode days = JSON.readTree(get("/api/v1/border/gates/" + gate.get("code").asText() + "/trade?granularity=day&"
                    + PERIOD).body()).get("periods");
            BigDecimal trade = BigDecimal.ZERO;
            long vehicles = 0;
            for (JsonNode day : days) {
                trade = trade.add(day.get("tradeValueUsd").decimalValue());
                vehicles += day.get("vehicles").asLong();
            }
            assertThat(gate.get("tradeValueUsd").decimalValue()).isEqualByComparingTo(trade);
            assertThat(gate.get("vehicles").asLong()).isEqualTo(vehicles);
            JsonNode screenings = JSON.readTree(get("/api/v1/border/gates/" + gate.get("code").asText() + "/screenings?"
                    + PERIOD).body()).get("days");
            long screened = 0;
            for (JsonNode day : screenings) {
                screened += day.get("peopleScreened").asLong();
            }
            long reported = 0;
            for (JsonNode s : report.get("screenings").get("gates")) {
                if (s.get("code").asText().equals(gate.get("code").asText())) {
                    reported = s.get("peopleScreened").asLong();
                }
            }
            assertThat(reported).isEqualTo(screened);
        }
        assertThat(report.get("border").get("period").get("tradeValueUsd").decimalValue())
                .isEqualByComparingTo("2232784557.66");
        assertThat(report.get("screenings").get("peopleScreened").asLong()).isEqualTo(3_450);

        // Alerts: the two episodes open during December, with their peaks; one raised and cleared, one still open.
        JsonNode episodes = report.get("border").get("congestion");
        assertThat(episodes).hasSize(2);
        assertThat(episodes.get(0).get("peakValue").asLong()).isEqualTo(2_345);
        assertThat(episodes.get(1).get("clearedAt").isNull()).isTrue();
        assertThat(report.get("alerts").toString()).isEqualTo("{\"raised\":2,\"cleared\":1,\"openAtEnd\":1}");
    }

    @Test
    void aPeriodEndingEarlierCountsOnlyTheDosesUpToItsEnd() throws Exception {
        JsonNode v = JSON.readTree(get("/api/v1/reports/situation?from=2021-11-01&to=2021-11-30&format=json").body())
                .get("vaccination");
        assertThat(v.get("dosesAdministered").asLong()).isEqualTo(41_000 + 38_500 + 7_000 + 6_000 + 80_000 + 70_000);
        assertThat(v.get("dosesInPeriod").asLong()).isEqualTo(v.get("dosesAdministered").asLong());
        assertThat(v.get("boosterDoses").asLong()).isZero();
    }

    @Test
    void aPeriodEndingBeforeTheLatestDeliveriesStatesNoAllocationTheTotalsCannotGiveForIt() throws Exception {
        // Every allocation total was last delivered to on 1 December: as of 30 November they cannot say how much.
        JsonNode report = JSON.readTree(get("/api/v1/reports/situation?from=2021-11-01&to=2021-11-30&format=json").body());
        JsonNode v = report.get("vaccination");
        JsonNode summary = JSON.readTree(get("/api/v1/vaccination/summary?asOf=2021-11-30").body());
        assertThat(v.get("dosesAllocated").isNull()).isTrue();
        assertThat(summary.get("dosesAllocated").isNull()).isTrue();
        assertThat(v.get("dosesUsedPct").isNull()).isTrue();
        for (JsonNode district : v.get("districts")) {
            JsonNode then = JSON.readTree(get("/api/v1/vaccination/districts/" + district.get("code").asText() + "?asOf=2021-11-30").body());
            assertThat(district.get("dosesAllocated").isNull()).as(district.get("code").asText()).isEqualTo(then.get("dosesAllocated").isNull());
        }
        String vi = new String(getBytes("/api/v1/reports/situation?from=2021-11-01&to=2021-11-30&lang=vi").body(), StandardCharsets.UTF_8)
                .replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
        assertThat(vi).contains("Lũy kế đến ngày 30/11/2021 đã tiêm: 242.500 liều;").doesNotContain("305.432");

        // From 1 December on, the totals are those of the period's end.
        JsonNode december = JSON.readTree(get("/api/v1/reports/situation?from=2021-12-01&to=2021-12-01&format=json").body());
        assertThat(december.get("vaccination").get("dosesAllocated").asLong()).isEqualTo(305_432);
    }

    @Test
    void thePdfKeepsTheVietnameseGlyphsInItsEmbeddedFont() throws Exception {
        byte[] pdf = getBytes("/api/v1/reports/situation?" + PERIOD + "&lang=vi&format=pdf").body();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = pdfText(document);
            assertThat(text).contains("Lạng Sơn", "liều", "TIÊM VẮC XIN PHÒNG COVID-19", "Đình Lập", "Tồn bãi", "Thời gian chờ");
            List<String> fonts = assertEveryFontEmbedded(document);
            assertThat(fonts).isNotEmpty().allSatisfy(name -> assertThat(name).contains("DejaVuSans"));
        }
    }

    @Test
    void badParametersAreRefusedNamingThem() throws Exception {
        assertBad("/api/v1/reports/situation?to=2021-12-31", "from");
        assertBad("/api/v1/reports/situation?from=2021-12-01", "to");
        assertBad("/api/v1/reports/situation?from=01/12/2021&to=2021-12-31", "from");
        assertBad("/api/v1/reports/situation?from=2021-12-31&to=2021-12-01", "to");
        assertBad("/api/v1/reports/situation?from=2019-01-01&to=2021-12-31", "to");
        assertBad("/api/v1/reports/situation?" + PERIOD + "&lang=fr", "lang");
        assertBad("/api/v1/reports/situation?" + PERIOD + "&format=xls", "format");
        assertBad("/api/v1/reports/situation?" + PERIOD + "&format=PDF", "format");
    }

    @Test
    void aPeriodThatHasNotBegunOrEndsBeforeTheFirstFigureIsRefusedNamingTheBoundToMove() throws Exception {
        // Today is 31/12/2021 in the province (NOW); the first figure is the alert raised on 01/10/2021.
        assertThat(assertBad("/api/v1/reports/situation?from=2022-01-01&to=2022-01-31&format=pdf", "from"))
                .contains("2022-01-01", "2021-12-31");
        assertThat(assertBad("/api/v1/reports/situation?from=2021-01-01&to=2021-09-30", "to")).contains("2021-09-30", "2021-10-01");
        assertThat(assertBad("/api/v1/reports/situation?from=2020-01-01&to=2020-01-01&format=json", "to")).contains("2021-10-01");

        // One day is a period, today too; a period still running ends in the future.
        for (String period : List.of("from=2021-12-31&to=2021-12-31", "from=2021-10-01&to=2021-10-01", "from=2021-12-01&to=2022-01-31",
                "from=2021-01-01&to=2021-10-01")) {
            HttpResponse<String> response = get("/api/v1/reports/situation?" + period + "&format=json");
            assertThat(response.statusCode()).as(period + ": " + response.body()).isEqualTo(200);
        }
    }

    @Test
    void aPastPeriodStatesEachYearAsItStoodAtThePeriodsEnd() throws Exception {
        JsonNode report = JSON.readTree(get("/api/v1/reports/situation?from=2021-12-01&to=2021-12-15&format=json").body());
        JsonNode year = report.get("border").get("years").get(0);
        JsonNode asItStood = JSON.readTree(get("/api/v1/border/summary?year=2021&asOf=2021-12-15").body());
        for (String field : List.of("tradeValueUsd", "planValueUsd", "planPct", "previousYearValueUsd", "growthPct")) {
            assertThat(year.get(field).decimalValue()).as(field).isEqualByComparingTo(asItStood.get(field).decimalValue());
        }
        // Not the whole year's 4,38 tỷ USD (142,20 % of the plan), known only later.
        assertThat(year.get("tradeValueUsd").decimalValue()).isEqualByComparingTo("2332322211.67");
        String vi = new String(getBytes("/api/v1/reports/situation?from=2021-12-01&to=2021-12-15&lang=vi").body(), StandardCharsets.UTF_8)
                .replaceAll("<[^>]+>", "");
        assertThat(vi).contains("Năm 2021, kim ngạch xuất nhập khẩu qua địa bàn tỉnh đạt 2,33 tỷ USD, bằng 75,72 % kế hoạch, giảm 17,04 %")
                .doesNotContain("4,38 tỷ USD", "142,20 %");
    }

    @Test
    void theEnglishReportReadsRightWhateverTheCounts() throws Exception {
        String en = new String(getBytes("/api/v1/reports/situation?" + PERIOD + "&lang=en").body(), StandardCharsets.UTF_8)
                .replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
        assertThat(en).contains("Congestion alerts in the period: 2 raised, 1 cleared; 1 still open at its end.",
                "Reports from the medical checkpoints at the gates in the period: 18; people screened: 3,450; tested: 545; found positive: 3"
                        + " (positivity 0.55%).",
                "vehicles that crossed the gates: 2,945, through the green lane: 58.")
                .doesNotContain("1 were", "1 congestion alerts");
    }

    @Test
    void withoutFormatTheAcceptHeaderChoosesTheRepresentation() throws Exception {
        String path = "/api/v1/reports/situation?" + PERIOD;
        String docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        assertThat(contentType(path, "application/pdf")).isEqualTo("application/pdf");
        assertThat(contentType(path, docx + ", application/pdf;q=0.5")).isEqualTo(docx);
        assertThat(contentType(path, "application/json")).startsWith("application/json");
        assertThat(contentType(path, "application/pdf;q=0.5, text/html")).startsWith("text/html");
        assertThat(contentType(path, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).startsWith("text/html");
        assertThat(contentType(path, "*/*")).startsWith("text/html");
        assertThat(contentType(path + "&format=json", "application/pdf")).startsWith("application/json");

        HttpResponse<String> pdf = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept", "application/pdf").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pdf.headers().firstValue("Vary")).hasValue("Accept");
        assertThat(pdf.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"pulse-situation-report_2021-12-01_2021-12-31_vi.pdf\"");

        HttpResponse<String> image = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept", "image/png").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(image.statusCode()).isEqualTo(406);
        assertThat(image.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(image.body()).get("detail").asText()).contains("application/pdf", "format=", "image/png");
    }

    private String contentType(String path, String accept) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(accept).isEqualTo(200);
        return response.headers().firstValue("Content-Type").orElseThrow();
    }

    /** Asserts a 400 problem naming {@code parameter}; its detail. */
    private String assertBad(String path, String parameter) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("parameter").asText()).as(path).isEqualTo(parameter);
        assertThat(problem.get("detail").asText()).contains(parameter);
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/reports/situation");
        return problem.get("detail").asText();
    }

    /** The names of the fonts the pages use, each asserted embedded. */
    private static List<String> assertEveryFontEmbedded(PDDocument document) throws Exception {
        List<String> names = new ArrayList<>();
        for (PDPage page : document.getPages()) {
            for (COSName name : page.getResources().getFontNames()) {
                PDFont font = page.getResources().getFont(name);
                assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                names.add(font.getName());
            }
        }
        return names;
    }

    /**
     * Every number of the JSON report as its language writes it, by the member's name: {@code ...Pct} a
     * percentage, {@code ...Usd} money, {@code year} as it is, any other number a count. Written here
     * independently of the renderers, with the JDK's German and US formats (the same separators as
     * Vietnamese and English).
     */
    private static void collectFigures(JsonNode node, String name, String lang, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collectFigures(e.getValue(), e.getKey(), lang, out);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectFigures(element, name, lang, out));
        } else if (node.isNumber()) {
            Locale locale = lang.equals("vi") ? Locale.GERMANY : Locale.US;
            BigDecimal value = node.decimalValue();
            if (name.equals("year")) {
                out.add(value.toPlainString());
            } else if (name.endsWith("Pct")) {
                out.add(String.format(locale, "%,.2f", value) + (lang.equals("vi") ? " %" : "%"));
            } else if (name.endsWith("Usd")) {
                out.add(money(value, lang, locale));
            } else {
                out.add(String.format(locale, "%,d", value.longValueExact()));
            }
        }
    }

    private static String money(BigDecimal usd, String lang, Locale locale) {
        BigDecimal billion = BigDecimal.valueOf(1_000_000_000L);
        BigDecimal million = BigDecimal.valueOf(1_000_000L);
        if (usd.abs().compareTo(billion) >= 0) {
            return String.format(locale, "%,.2f", usd.divide(billion, 2, RoundingMode.HALF_UP)) + (lang.equals("vi") ? " tỷ USD" : " billion USD");
        }
        if (usd.abs().compareTo(million) >= 0) {
            return String.format(locale, "%,.2f", usd.divide(million, 2, RoundingMode.HALF_UP)) + (lang.equals("vi") ? " triệu USD" : " million USD");
        }
        return String.format(locale, "%,d", usd.setScale(0, RoundingMode.HALF_UP).longValueExact()) + " USD";
    }

    private static String normalized(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static void assertSameOrBothNull(JsonNode actual, JsonNode expected) {
        if (expected == null || expected.isNull()) {
            assertThat(actual == null || actual.isNull()).isTrue();
        } else {
            assertThat(actual.decimalValue()).isEqualByComparingTo(expected.decimalValue());
        }
    }

    private void dose(String district, String ageGroup, String day, long first, long second, long boosters) {
        LocalDate date = LocalDate.parse(day);
        vaccination.applyDaily(district + "|" + ageGroup + "|" + day, DailyDoses.newBuilder().setDistrictCode(district)
                .setAgeGroup(ageGroup).setDay(date).setFirstDoses(first).setSecondDoses(second).setBoosterDoses(boosters)
                .setAsOf(date.atTime(9, 0).toInstant(ZoneOffset.ofHours(7))).build());
        String key = district + "|" + ageGroup;
        CohortCoverage previous = vaccination.cohorts().stream()
                .filter(c -> c.getDistrictCode().equals(district) && c.getAgeGroup().equals(ageGroup)).findFirst().orElse(null);
        vaccination.applyCoverage(key, CohortCoverage.newBuilder().setDistrictCode(district).setAgeGroup(ageGroup)
                .setFirstDoses(first + (previous == null ? 0 : previous.getFirstDoses()))
                .setSecondDoses(second + (previous == null ? 0 : previous.getSecondDoses()))
                .setBoosterDoses(boosters + (previous == null ? 0 : previous.getBoosterDoses()))
                .setPopulation(previous == null ? null : previous.getPopulation()).setPopulationYear(2021)
                .setAsOf(date.atTime(9, 0).toInstant(ZoneOffset.ofHours(7))).build());
    }

    private void population(String district, String ageGroup, long population) {
        CohortCoverage c = vaccination.cohorts().stream()
                .filter(x -> x.getDistrictCode().equals(district) && x.getAgeGroup().equals(ageGroup)).findFirst().orElseThrow();
        vaccination.applyCoverage(district + "|" + ageGroup, CohortCoverage.newBuilder(c).setPopulation(population).build());
    }

    private void trade(String gate, String day, String exportUsd, String importUsd, long exportVehicles, long importVehicles,
                       long greenLane) {
        BorderViews.trade(border, GateTrade.newBuilder().setGateCode(gate).setGranularity(TradePeriod.DAY).setPeriod(day)
                .setExportValueUsd(new BigDecimal(exportUsd)).setImportValueUsd(new BigDecimal(importUsd))
                .setExportTons(new BigDecimal("1.000")).setImportTons(new BigDecimal("2.000"))
                .setExportVehicles(exportVehicles).setImportVehicles(importVehicles).setGreenLaneVehicles(greenLane)
                .setAsOf(NOW).build());
    }

    private void screenings(String gate, String day, long reports, long screened, long tested, long positive) {
        BorderViews.screenings(border, GateScreenings.newBuilder().setGateCode(gate).setDate(day).setReports(reports)
                .setPeopleScreened(screened).setTested(tested).setPositive(positive).setAsOf(NOW).build());
    }

    private void alert(String id, CongestionKind kind, String raisedAt, String clearedAt, long peak) {
        alerts.apply(id, CongestionAlert.newBuilder().setAlertId(id).setGateCode(id.substring(0, id.indexOf('|'))).setKind(kind)
                .setStatus(clearedAt == null ? AlertStatus.RAISED : AlertStatus.CLEARED).setRaisedAt(Instant.parse(raisedAt))
                .setClearedAt(clearedAt == null ? null : Instant.parse(clearedAt)).setValue(peak - 1).setPeakValue(peak)
                .setRaiseThreshold(kind == CongestionKind.BACKLOG ? 600 : 120).setClearThreshold(kind == CongestionKind.BACKLOG ? 300 : 60)
                .setMessage("Congestion at " + id).build());
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value).setScale(2);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The PDF's text in reading order (by position: the layout draws a line's runs in more than one pass). */
    private static String pdfText(PDDocument document) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        return stripper.getText(document);
    }
}
