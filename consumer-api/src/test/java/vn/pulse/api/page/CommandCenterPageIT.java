package vn.pulse.api.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;

/**
 * The command-center page in a real headless Chromium against the real API server (port 0) whose
 * modules serve the fixed figures of {@link CommandCenterFixture} and publish their changes
 * through the real live feed. Skipped, with the reason, where Chromium, node or npm is missing;
 * {@code PULSE_REQUIRE_BROWSER=true} (CI) turns that into a failure.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class CommandCenterPageIT {

    /** Screenshots, kept as test artifacts. */
    static final Path ARTIFACTS = Path.of("target/page");
    /** With {@code -Dpage.screenshot.docs=true} the main screenshot is also copied here for the README. */
    static final Path DOCS_SCREENSHOT = Path.of("../docs/screenshots/command-center.png");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private CommandCenterFixture fixture = new CommandCenterFixture();
    private static Browser browser;
    private ApiServer server;
    private int port;

    @BeforeAll
    static void launchBrowser() throws IOException {
        Optional<String> unavailable = Browser.unavailable();
        if (unavailable.isPresent() && "true".equalsIgnoreCase(System.getenv("PULSE_REQUIRE_BROWSER"))) {
            fail("PULSE_REQUIRE_BROWSER is set but the browser test cannot run: " + unavailable.get());
        }
        assumeTrue(unavailable.isEmpty(), () -> "Skipping the command-center browser test: " + unavailable.orElseThrow());
        browser = Browser.launch();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void start() {
        startServer(0);
        port = server.port();
        browser.newPage(1600, 1000);
    }

    @AfterEach
    void stop() {
        fixture.releaseThroughput();
        if (server != null) {
            server.close();
        }
    }

    private void startServer(int onPort) {
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", onPort), List.of(fixture));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void showsTheApisFiguresFormattedForVietnamAndReachesNothingButTheApi() throws Exception {
        openAndWaitForFigures("/");
        PageNumbers vi = PageNumbers.VI;

        JsonNode vaccination = get("/api/v1/vaccination/summary");
        assertThat(field("vac.dosesAdministered")).isEqualTo(vi.integer(vaccination.get("dosesAdministered"))).isEqualTo("1.155.156");
        assertThat(field("vac.dosesAllocated")).isEqualTo(vi.integer(vaccination.get("dosesAllocated"))).isEqualTo("1.182.158");
        assertThat(field("vac.dosesUsedPct")).isEqualTo(vi.percent(vaccination.get("dosesUsedPct"))).isEqualTo("97,71%");
        assertThat(field("vac.boosterDoses")).isEqualTo(vi.integer(vaccination.get("boosterDoses"))).isEqualTo("55.544");
        assertThat(field("vac.asOf")).isEqualTo("23:59 09/01/2022");
        for (String group : List.of("18+", "12-17")) {
            JsonNode coverage = vaccination.get("coverage").get(group);
            String prefix = "vac.coverage." + group + ".";
            assertThat(field(prefix + "population")).isEqualTo(vi.integer(coverage.get("population")));
            assertThat(field(prefix + "atLeastOneDosePct")).isEqualTo(vi.percent(coverage.get("atLeastOneDosePct")));
            assertThat(field(prefix + "twoDosesPct")).isEqualTo(vi.percent(coverage.get("twoDosesPct")));
            assertThat(field(prefix + "boosters")).isEqualTo(vi.integer(coverage.get("boosters")));
        }
        assertThat(List.of(field("vac.coverage.18+.atLeastOneDosePct"), field("vac.coverage.18+.twoDosesPct"),
                field("vac.coverage.12-17.atLeastOneDosePct"), field("vac.coverage.12-17.twoDosesPct")))
                .containsExactly("98,06%", "94,34%", "100,00%", "95,48%");

        // The map: the data set's districts (the province's children valid today), each with its figures.
        assertThat(browser.text("#map-heading")).isEqualTo("Tỷ lệ tiêm đủ 2 mũi (18+) theo huyện, thành phố");
        JsonNode districts = get("/api/v1/vaccination/districts").get("districts");
        JsonNode province = get("/api/v1/areas/20");
        assertThat(province.get("children")).hasSize(11);
        for (JsonNode child : province.get("children")) {
            String code = child.get("code").asText();
            JsonNode twoDoses = child.get("figures").get("coverage").get("18+").get("twoDosesPct");
            assertThat(twoDoses).as("the area's figure is the district's").isEqualTo(
                    stream(districts).filter(d -> d.get("code").asText().equals(code)).findFirst().orElseThrow()
                            .get("coverage").get("18+").get("twoDosesPct"));
            assertThat(browser.text("text.area-label[data-code=\"" + code + "\"] .value"))
                    .as("map label of district %s", code).isEqualTo(vi.percent(twoDoses));
            assertThat(browser.eval("document.getElementById('area-" + code + "').getAttribute('class')").asText())
                    .as("shading of district %s", code).isEqualTo("area " + coverageClass(twoDoses.decimalValue()));
        }

        JsonNode border = get("/api/v1/border/summary");
        assertThat(field("border.year")).isEqualTo("2021");
        assertThat(field("border.tradeValueUsd")).isEqualTo(vi.usd(border.get("tradeValueUsd"))).isEqualTo("4,38 tỷ USD");
        assertThat(field("border.planPct")).isEqualTo(vi.percent(border.get("planPct"))).isEqualTo("142,20%");
        assertThat(field("border.planValueUsd")).isEqualTo(vi.usd(border.get("planValueUsd")));
        assertThat(field("border.growthPct")).isEqualTo("+" + vi.percent(border.get("growthPct"))).isEqualTo("+55,80%");
        assertThat(field("border.previousYearValueUsd")).isEqualTo(vi.usd(border.get("previousYearValueUsd")));
        assertThat(field("border.exportValueUsd")).isEqualTo(vi.usd(border.get("exportValueUsd")));
        assertThat(field("border.importValueUsd")).isEqualTo(vi.usd(border.get("importValueUsd")));

        JsonNode gates = get("/api/v1/border/gates").get("gates");
        BigDecimal today = BigDecimal.ZERO;
        for (JsonNode gate : gates) {
            String code = gate.get("code").asText();
            today = today.add(gate.get("tradeToday").get("tradeValueUsd").decimalValue());
            assertThat(gateField(code, "name")).isEqualTo(gate.get("name").asText());
            if (!gate.get("open").asBoolean()) {
                assertThat(browser.eval("document.querySelector('[data-gate=\"" + code + "\"]').classList.contains('closed')")
                        .asBoolean()).as("closed gate %s shown as closed", code).isTrue();
                continue;
            }
            assertThat(gateField(code, "backlog")).isEqualTo(vi.integer(gate.get("backlog")) + " xe");
            assertThat(gateField(code, "waitP90Minutes")).isEqualTo(vi.integer(gate.get("waitP90Minutes")) + " phút");
            assertThat(gateField(code, "waitP50Minutes")).isEqualTo(vi.integer(gate.get("waitP50Minutes")) + " phút");
            assertThat(gateField(code, "vehiclesLastHour")).isEqualTo(vi.integer(gate.get("vehiclesLastHour")));
            assertThat(gateField(code, "tradeToday")).isEqualTo(vi.usd(gate.get("tradeToday").get("tradeValueUsd")));
            assertThat(gateField(code, "tradeThisYear")).isEqualTo(vi.usd(gate.get("tradeThisYear").get("tradeValueUsd")));
            JsonNode bars = browser.eval("[...document.querySelectorAll('[data-gate=\"" + code + "\"] svg.hourly rect')]"
                    + ".map(r => ({hour: r.dataset.hour, vehicles: Number(r.dataset.vehicles)}))");
            assertThat(bars).as("hourly chart of %s", code).hasSize(24);
            assertThat(bars.get(23).get("hour").asText()).isEqualTo(gate.get("lastHourStart").asText().replace("Z", ".000Z"));
            assertThat(bars.get(23).get("vehicles").asLong()).isEqualTo(gate.get("vehiclesLastHour").asLong());
        }
        assertThat(field("border.tradeToday")).isEqualTo(vi.usd(CommandCenterFixture.JSON.getNodeFactory().numberNode(today)));

        JsonNode alerts = get("/api/v1/alerts?active=true").get("alerts");
        long gateAlerts = 0;
        for (JsonNode alert : alerts) {
            gateAlerts += alert.get("gateCode").isNull() ? 0 : 1;
        }
        assertThat(alerts.size()).as("a gate's alert and a stock-out alert").isEqualTo(2);
        assertThat(field("alerts.count")).as("the border panel counts the gates' alerts")
                .isEqualTo(vi.integer(CommandCenterFixture.JSON.getNodeFactory().numberNode(gateAlerts))).isEqualTo("1");
        assertThat(alerting()).containsExactly("HUU_NGHI");
        assertThat(browser.text("[data-gate=\"HUU_NGHI\"] [data-alert]")).contains("412 xe", "ngưỡng 400");

        assertStockPanelShowsTheApisFigures(vi);

        browser.hover("#area-183");
        String tooltip = browser.waitFor("the tooltip of Cao Lộc",
                "!document.getElementById('map-tooltip').hidden && document.getElementById('map-tooltip').textContent", WAIT).asText();
        JsonNode caoLoc = fixture.district("183");
        assertThat(tooltip).contains("Huyện Cao Lộc", vi.percent(caoLoc.get("coverage").get("18+").get("twoDosesPct")),
                vi.integer(caoLoc.get("dosesAdministered")));

        JsonNode keys = browser.eval("import('/js/i18n.js').then(m => m.textKeys())");
        assertThat(keys.get("en")).as("every text exists in English").containsExactlyInAnyOrderElementsOf(keys.get("vi"));

        browser.hover("h1");
        Path screenshot = ARTIFACTS.resolve("command-center.png");
        browser.screenshot(screenshot);
        if (Boolean.getBoolean("page.screenshot.docs")) {
            Files.createDirectories(DOCS_SCREENSHOT.getParent());
            Files.copy(screenshot, DOCS_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        }

        JsonNode log = browser.log();
        assertThat(log.get("errors")).as("console and page errors").isEmpty();
        for (JsonNode request : log.get("requests")) {
            assertThat(request.get("url").asText()).as("every request goes to the API").startsWith(base() + "/");
        }
    }

    @Test
    void offersTheTablesAsCsvAndXlsxDownloadsOfTheApi() {
        openAndWaitForFigures("/");
        browser.waitFor("the gates' download links", "document.querySelector('[data-gate=\"HUU_NGHI\"] a[data-download]')?.getAttribute('href')",
                WAIT);

        JsonNode links = browser.eval("Object.fromEntries([...document.querySelectorAll('a[data-download]')]"
                + ".filter(a => !a.closest('template'))"
                + ".map(a => [(a.closest('[data-gate]')?.dataset.gate ?? 'page') + ' ' + a.dataset.download,"
                + " [a.getAttribute('href'), a.hasAttribute('download'), a.textContent]]))");
        assertThat(links.get("page vaccination-districts-csv").toString())
                .isEqualTo("[\"api/v1/vaccination/districts?format=csv\",true,\"CSV\"]");
        assertThat(links.get("page vaccination-districts-xlsx").get(0).asText()).isEqualTo("api/v1/vaccination/districts?format=xlsx");
        // Daily doses: the campaign up to the day of the figures (23:59 on 9 January 2022 in Lạng Sơn).
        assertThat(links.get("page vaccination-daily-xlsx").get(0).asText())
                .isEqualTo("api/v1/vaccination/daily?from=2021-01-01&to=2022-01-09&format=xlsx");
        assertThat(links.get("page border-gates-csv").get(0).asText()).isEqualTo("api/v1/border/gates?format=csv");
        assertThat(links.get("page alerts-xlsx").get(0).asText()).isEqualTo("api/v1/alerts?format=xlsx");
        assertThat(links.get("page border-trade-months-csv").get(0).asText()).isEqualTo("api/v1/border/trade/months?year=2021&format=csv");
        assertThat(links.get("page border-trade-months-xlsx").get(0).asText()).isEqualTo("api/v1/border/trade/months?year=2021&format=xlsx");
        assertThat(links.get("page areas-csv").get(0).asText()).isEqualTo("api/v1/areas/20?format=csv");
        assertThat(links.get("page areas-xlsx").get(0).asText()).isEqualTo("api/v1/areas/20?format=xlsx");
        assertThat(links.get("page vaccination-stock-csv").get(0).asText()).isEqualTo("api/v1/vaccination/stock?format=csv");
        assertThat(links.get("HUU_NGHI trade-months-xlsx").get(0).asText())
                .isEqualTo("api/v1/border/gates/HUU_NGHI/trade?granularity=month&format=xlsx");
        // The hourly chart's table: the gate's throughput over the same 24 hours.
        assertThat(links.get("HUU_NGHI throughput-csv").get(0).asText()).isEqualTo("api/v1/border/gates/HUU_NGHI/throughput?format=csv");
        assertThat(links.get("TAN_THANH throughput-xlsx").get(0).asText()).isEqualTo("api/v1/border/gates/TAN_THANH/throughput?format=xlsx");
        assertThat(browser.text("[data-gate=\"HUU_NGHI\"] .downloads")).contains("Xe qua mỗi giờ");
        links.forEach(link -> assertThat(link.get(1).asBoolean()).as(link.toString()).isTrue());
        assertThat(browser.text("#vaccination .downloads").strip()).startsWith("Tải về:");
        assertThat(browser.log().get("errors")).isEmpty();
    }

    @Test
    void aLiveUpdateChangesThePageWithoutAReloadOrAnotherRequest() {
        openAndWaitForFigures("/");
        browser.waitFor("the coverage targets", "document.querySelector('[data-chart=\"coverage\"] .target-row td')?.textContent === '95,00%'",
                WAIT);
        browser.eval("window.loadedOnce = 'still the same document'");
        long requestsBefore = dataRequests();

        fixture.changeVaccinationSummary(s -> s.put("dosesAdministered", 1_155_200).put("boosterDoses", 55_588));
        fixture.changeDistrict("189", d -> ((ObjectNode) d.get("coverage").get("18+")).put("twoDosesPct", new BigDecimal("99.10")));
        fixture.changeGate("TAN_THANH", g -> g.put("backlog", 1_520).put("vehiclesLastHour", 90));
        fixture.alert("TAN_THANH", alert("TAN_THANH|WAIT|2021-12-31T15:00:00Z", "TAN_THANH", "WAIT", true, 260, 240));
        fixture.alert("HUU_NGHI", alert("HUU_NGHI|BACKLOG|2021-12-20T02:00:00Z", "HUU_NGHI", "BACKLOG", false, 280, 400));
        server.live().flush();

        waitForText("the new dose count", "[data-field=\"vac.dosesAdministered\"]", "1.155.200");
        assertThat(field("vac.boosterDoses")).isEqualTo("55.588");
        waitForText("Đình Lập's new coverage", "text.area-label[data-code=\"189\"] .value", "99,10%");
        assertThat(browser.eval("document.getElementById('area-189').getAttribute('class')").asText()).isEqualTo("area c5");
        waitForText("Tân Thanh's backlog", "[data-gate=\"TAN_THANH\"] [data-field=\"backlog\"]", "1.520 xe");
        assertThat(browser.eval("document.querySelector('[data-gate=\"TAN_THANH\"] svg.hourly rect:last-of-type').dataset.vehicles")
                .asText()).isEqualTo("90");
        browser.waitFor("the alerts to move from Hữu Nghị to Tân Thanh",
                "document.querySelectorAll('.gate.alerting').length === 1 && document.querySelector('.gate.alerting').dataset.gate === 'TAN_THANH'",
                WAIT);
        assertThat(browser.text("[data-gate=\"TAN_THANH\"] [data-alert]")).contains("P90 260 phút", "ngưỡng 240");
        assertThat(field("alerts.count")).isEqualTo("1");

        assertThat(browser.eval("window.loadedOnce").asText()).as("the page was not reloaded").isEqualTo("still the same document");
        assertThat(dataRequests()).as("GET requests to the API after the first load (the live feed brings changes)")
                .isEqualTo(requestsBefore);
        assertThat(browser.log().get("errors")).isEmpty();
    }

    @Test
    void warnsWhenTheApiStopsAndRecoversByItselfWhenItReturnsOnTheSamePort() throws IOException {
        openAndWaitForFigures("/");

        server.close();
        server = null;
        browser.waitFor("the connection warning", "document.getElementById('freshness').dataset.state === 'offline'", WAIT);
        assertThat(field("freshness")).startsWith("Mất kết nối");
        browser.screenshot(ARTIFACTS.resolve("command-center-offline.png"));

        fixture.changeVaccinationSummary(s -> s.put("dosesAdministered", 1_155_300));
        startServer(port);

        browser.waitFor("the page to be live again", "document.getElementById('freshness').dataset.state === 'live'",
                Duration.ofSeconds(30));
        waitForText("the dose count changed while the API was down", "[data-field=\"vac.dosesAdministered\"]", "1.155.300");
        assertThat(field("freshness")).startsWith("Trực tiếp");
    }

    @Test
    void withApiAuthOnAsksForTheTokenOnceAndThenShowsLiveFiguresFromASessionCookie() {
        server.close();
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", port, List.of("page-token"), List.of()),
                List.of(fixture));

        browser.open(base() + "/");
        browser.waitFor("the sign-in form", "document.getElementById('freshness').dataset.state === 'unauthorized'"
                + " && !document.getElementById('sign-in').hidden", WAIT);
        signIn("wrong-token");
        waitForText("the refusal", "[data-field=\"signInError\"]", "Mã truy cập không đúng");
        assertThat(browser.eval("document.getElementById('sign-in').hidden").asBoolean()).isFalse();

        signIn("page-token");
        openAndWaitForFiguresAlreadyOpen("live");
        assertThat(browser.eval("document.getElementById('sign-in').hidden").asBoolean()).isTrue();
        assertThat(browser.eval("document.getElementById('sign-in-token').value").asText()).as("the token is not kept").isEmpty();
        assertThat(browser.eval("document.cookie").asText()).as("the session cookie is HttpOnly").doesNotContain("pulse_session");
        assertThat(browser.eval("JSON.stringify(sessionStorage) + JSON.stringify(localStorage)").asText()).doesNotContain("page-token");

        // The live feed (authorized by the cookie) brings a change without another request.
        fixture.changeVaccinationSummary(v -> v.put("dosesAdministered", 1_155_400));
        server.live().flush();
        waitForText("the live change", "[data-field=\"vac.dosesAdministered\"]", "1.155.400");
    }

    private void signIn(String token) {
        browser.eval("(() => { document.getElementById('sign-in-token').value = " + Browser.quote(token)
                + "; document.getElementById('sign-in').requestSubmit(); return true; })()");
    }

    @Test
    void warnsWhileTheApiSaysItsFiguresLagThePipelineAndClearsWhenTheyCatchUp() {
        // A reader that keeps up with a busy pipeline: a few records behind at every measurement.
        fixture.setLag(6, 64_000);
        openAndWaitForFigures("/", "live");

        fixture.setLag(48_000, 125_000);
        openAndWaitForFigures("/", "stale");
        assertThat(field("freshness")).startsWith("Số liệu chậm").contains("phút");
        assertThat(field("vac.dosesAdministered")).as("lagging figures are still shown").isEqualTo("1.155.156");

        fixture.setLag(0, 0);
        browser.waitFor("the lag warning to clear", "document.getElementById('freshness').dataset.state === 'live'",
                Duration.ofSeconds(20));
    }

    @Test
    void switchesBetweenVietnameseAndEnglishWithNumbersInEachStyle() {
        openAndWaitForFigures("/");
        // The title names the data set's province, from the top of its hierarchy (GET /api/v1/areas).
        waitForText("the province's title", "h1", "Trung tâm chỉ huy phòng, chống dịch COVID-19 tỉnh Lạng Sơn");
        assertThat(browser.eval("document.title").asText()).isEqualTo("Pulse · Trung tâm chỉ huy phòng, chống dịch COVID-19 tỉnh Lạng Sơn");

        browser.click("#lang-toggle");
        browser.waitFor("English", "document.documentElement.lang === 'en'", WAIT);
        assertThat(browser.text("h1")).isEqualTo("Lạng Sơn COVID-19 command center");
        assertThat(field("vac.dosesAdministered")).isEqualTo("1,155,156");
        assertThat(field("vac.dosesUsedPct")).isEqualTo("97.71%");
        assertThat(field("border.tradeValueUsd")).isEqualTo(PageNumbers.EN.usd(fixture.borderSummary().get("tradeValueUsd")))
                .isEqualTo("USD 4.38 billion");
        assertThat(gateField("HUU_NGHI", "backlog")).isEqualTo("412 vehicles");
        assertThat(browser.text("#lang-toggle")).isEqualTo("Tiếng Việt");

        browser.click("#lang-toggle");
        browser.waitFor("Vietnamese", "document.documentElement.lang === 'vi'", WAIT);
        assertThat(field("vac.dosesAdministered")).isEqualTo("1.155.156");

        openAndWaitForFigures("/?lang=en");
        assertThat(browser.text("[data-i18n=\"dosesAdministered\"]")).isEqualTo("Doses administered");
    }

    @Test
    void fitsALaptopAndAWallScreenWithoutSidewaysScrollingAndGrowsItsTextOnTheWall() throws IOException {
        double laptopFont = 0;
        for (int[] size : new int[][] {{1366, 768}, {3840, 2160}}) {
            browser.newPage(size[0], size[1]);
            openAndWaitForFigures("/");
            String screen = size[0] + "x" + size[1];
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as("no sideways scrolling at %s", screen).isTrue();
            double font = browser.eval("parseFloat(getComputedStyle(document.documentElement).fontSize)").asDouble();
            if (laptopFont == 0) {
                laptopFont = font;
            } else {
                assertThat(font).as("text size on the wall against the laptop").isGreaterThan(laptopFont * 1.4);
            }
            browser.screenshot(ARTIFACTS.resolve("command-center-" + screen + ".png"));
        }
    }

    @Test
    void anAnswerToAGetStartedBeforeALiveEventNeverOverwritesIt() {
        openAndWaitForFigures("/");
        JsonNode outcome = browser.eval("import('/js/store.js').then(({ Store }) => {"
                + " const store = new Store();"
                + " const before = store.mark();"
                + " store.applyLive('vaccination.summary', 'province', { dosesAdministered: 2 });"
                + " const stale = store.applyFetched('vaccination.summary', 'province', { dosesAdministered: 1 }, before);"
                + " const other = store.applyFetched('vaccination.district', '178', { code: '178' }, before);"
                + " const after = store.mark();"
                + " const fresh = store.applyFetched('vaccination.summary', 'province', { dosesAdministered: 3 }, after);"
                + " store.guard('area', 'vaccination.district');"
                + " const areaAsked = store.mark();"
                + " store.applyLive('vaccination.district', '189', { twoDosesPct: 99.1 });"
                + " const area = store.applyFetched('area', '189', { twoDosesPct: 90.11 }, areaAsked);"
                + " const otherArea = store.applyFetched('area', '178', { twoDosesPct: 97.71 }, areaAsked);"
                + " return { stale, other, fresh, area, otherArea, doses: store.get('vaccination.summary', 'province').dosesAdministered }; })");
        assertThat(outcome.get("stale").asBoolean()).as("older answer dropped").isFalse();
        assertThat(outcome.get("other").asBoolean()).as("an item without a newer live event is applied").isTrue();
        assertThat(outcome.get("fresh").asBoolean()).as("an answer requested after the live event is applied").isTrue();
        assertThat(outcome.get("doses").asLong()).isEqualTo(3);
        assertThat(outcome.get("area").asBoolean()).as("an area's figures asked for before a live event of that district are dropped")
                .isFalse();
        assertThat(outcome.get("otherArea").asBoolean()).as("another area's are applied").isTrue();
    }

    @Test
    void aGatesHourlyCountFromALiveUpdateSurvivesAThroughputAnswerAskedForBeforeIt() {
        // The page asks for every gate's 24 hours when it loads; those answers are held back ...
        fixture.holdThroughput();
        browser.open(base() + "/");
        browser.waitFor("the live feed to bring the gates",
                "document.getElementById('freshness').dataset.state === 'live'"
                        + " && document.querySelectorAll('#gate-list .gate').length === 8", WAIT);
        // ... while a live update raises Tân Thanh's last hour to 90 and shows up on the page ...
        fixture.changeGate("TAN_THANH", g -> g.put("backlog", 1_520).put("vehiclesLastHour", 90));
        server.live().flush();
        waitForText("Tân Thanh's backlog", "[data-gate=\"TAN_THANH\"] [data-field=\"backlog\"]", "1.520 xe");
        // ... then the answers arrive, with the count of that hour from before the update.
        String chart = "document.querySelector('[data-gate=\"TAN_THANH\"] svg.hourly')";
        assertThat(browser.eval(chart + ".querySelector('rect').dataset.vehicles").asText())
                .as("before the answer only the live hour is known").isEqualTo("0");
        fixture.releaseThroughput();
        browser.waitFor("Tân Thanh's throughput answer to fill the day",
                chart + ".querySelector('rect').dataset.vehicles !== '0'", WAIT);

        assertThat(browser.eval(chart + ".querySelector('rect:last-of-type').dataset.vehicles").asText())
                .as("the live hour is not put back to the older count (64)").isEqualTo("90");
        assertThat(browser.log().get("errors")).isEmpty();
    }

    @Test
    void drawsTheTrendsWithATableOfExactlyTheApisFigures() throws Exception {
        openAndWaitForFigures("/");
        browser.waitFor("the coverage targets", "document.querySelector('[data-chart=\"coverage\"] .target-row td')?.textContent === '95,00%'",
                WAIT);
        PageNumbers vi = PageNumbers.VI;

        // Doses per day, the campaign up to the day of the figures, with the 7-day average.
        JsonNode days = get("/api/v1/vaccination/daily?from=2021-01-01&to=2022-01-09").get("days");
        JsonNode daily = tableRows("daily");
        assertThat(daily).hasSize(374).hasSize(days.size());
        long total = 0;
        for (int i = 0; i < days.size(); i++) {
            JsonNode day = days.get(i);
            assertThat(daily.get(i).toString()).as("daily row %s", day.get("date").asText()).isEqualTo(row(
                    date(day.get("date").asText()), vi.integer(day.get("doses")), vi.decimal(day.get("sevenDayAverage"))));
            total += day.get("doses").asLong();
        }
        assertThat(total).as("the days add up to the summary").isEqualTo(fixture.vaccinationSummary().get("dosesAdministered").asLong());
        assertThat(chartLabel("daily")).contains("01/01/2021", "09/01/2022", "tổng 1.155.156 liều",
                vi.decimal(days.get(days.size() - 1).get("sevenDayAverage")));
        assertThat(browser.eval("document.querySelectorAll('[data-chart=\"daily\"] svg path.bars, [data-chart=\"daily\"] svg polyline.line').length")
                .asInt()).isEqualTo(2);

        // Two-dose coverage at every month's end, then now, against the targets of the projections.
        JsonNode coverage = tableRows("coverage");
        assertThat(coverage).hasSize(12 + 1 + 1);
        for (int month = 1; month <= 12; month++) {
            String end = YearMonth.of(2021, month).atEndOfMonth().toString();
            JsonNode asOf = get("/api/v1/vaccination/summary?asOf=" + end).get("coverage");
            assertThat(coverage.get(month - 1).toString()).as("coverage at %s", end).isEqualTo(row(date(end),
                    vi.percent(asOf.get("18+").get("twoDosesPct")), vi.percent(asOf.get("12-17").get("twoDosesPct"))));
        }
        assertThat(coverage.get(11).get(1).asText()).as("adults by the end of 2021").isNotEqualTo("0,00%");
        JsonNode now = get("/api/v1/vaccination/summary").get("coverage");
        assertThat(coverage.get(12).toString()).isEqualTo(row("09/01/2022", vi.percent(now.get("18+").get("twoDosesPct")),
                vi.percent(now.get("12-17").get("twoDosesPct"))));
        JsonNode targets = get("/api/v1/vaccination/projections").get("targets");
        assertThat(coverage.get(13).toString()).isEqualTo(row("Mục tiêu", vi.percent(target(targets, "18+")),
                vi.percent(target(targets, "12-17")))).isEqualTo(row("Mục tiêu", "95,00%", "90,00%"));
        assertThat(browser.eval("document.querySelectorAll('[data-chart=\"coverage\"] svg line.target').length").asInt()).isEqualTo(2);
        assertThat(chartLabel("coverage")).contains("18+ 94,34% (mục tiêu 95,00%)", "12–17 95,48% (mục tiêu 90,00%)");

        // Trade per month this year against the same month of the year before.
        assertThat(browser.text("[data-field=\"trade.title\"]")).isEqualTo("Kim ngạch theo tháng năm 2021 so với năm 2020");
        JsonNode months = get("/api/v1/border/trade/months?year=2021").get("months");
        JsonNode trade = tableRows("trade");
        assertThat(trade).hasSize(12);
        BigDecimal year = BigDecimal.ZERO;
        for (int i = 0; i < 12; i++) {
            JsonNode m = months.get(i);
            assertThat(trade.get(i).toString()).as("trade in %s", m.get("month").asText()).isEqualTo(row(
                    m.get("month").asText().substring(5) + "/2021", vi.usd(m.get("tradeValueUsd")),
                    vi.usd(m.get("previousYearTradeValueUsd")), vi.signedPercent(m.get("growthPct"))));
            year = year.add(m.get("tradeValueUsd").decimalValue());
        }
        assertThat(year).as("the months add up to the year").isEqualByComparingTo(fixture.borderSummary().get("tradeValueUsd").decimalValue());
        assertThat(chartLabel("trade")).contains("12 tháng", "tổng 4,38 tỷ USD", "cùng kỳ năm 2020: 2,81 tỷ USD");
        assertThat(browser.eval("document.querySelectorAll('[data-chart=\"trade\"] svg rect.month-bar').length").asInt()).isEqualTo(12);

        browser.click("#lang-toggle");
        browser.waitFor("English", "document.documentElement.lang === 'en'", WAIT);
        assertThat(tableRows("daily").get(0).toString()).isEqualTo(row("01/01/2021", "0", "0.00"));
        assertThat(browser.text("[data-field=\"trade.title\"]")).isEqualTo("Trade per month in 2021 against 2020");
        assertThat(browser.log().get("errors")).isEmpty();
    }

    @Test
    void drawsNoTargetLineWhenTheApiKnowsNoTargets() {
        fixture.withoutProjections();
        openAndWaitForFigures("/");

        assertThat(browser.eval("document.querySelectorAll('[data-chart=\"coverage\"] svg line.target').length").asInt()).isZero();
        assertThat(browser.eval("document.querySelectorAll('[data-chart=\"coverage\"] svg polyline.line').length").asInt())
                .as("the coverage lines are drawn all the same").isEqualTo(2);
        assertThat(tableRows("coverage").get(13).toString()).isEqualTo(row("Mục tiêu", "—", "—"));
        assertThat(chartLabel("coverage")).contains("18+ 94,34% (mục tiêu chưa có)", "12–17 95,48% (mục tiêu chưa có)");
        for (JsonNode error : browser.log().get("errors")) {
            assertThat(error.asText()).as("the only error is the projections' 404").contains("404");
        }
    }

    @Test
    void drawsTheCommunesValidTodayOfADataSetThatHasThemFromItsGeometry() throws Exception {
        server.close();
        fixture = new CommandCenterFixture("langson-2025");
        startServer(0);
        port = server.port();
        openAndWaitForFigures("/");
        PageNumbers vi = PageNumbers.VI;

        assertThat(browser.text("#map-heading")).isEqualTo("Tỷ lệ tiêm đủ 2 mũi (18+) theo xã, phường");
        JsonNode children = get("/api/v1/areas/20").get("children");
        List<String> valid = new ArrayList<>();
        for (JsonNode child : children) {
            String code = child.get("code").asText();
            String shape = "document.getElementById('area-" + code + "')";
            if (!child.get("valid").asBoolean()) {
                assertThat(browser.eval("" + shape + " === null").asBoolean()).as("district %s, gone since July 2025, is not drawn", code)
                        .isTrue();
                continue;
            }
            valid.add(code);
            JsonNode twoDoses = child.get("figures").get("coverage").get("18+").get("twoDosesPct");
            assertThat(browser.eval(shape + ".getAttribute('class')").asText()).as("shading of %s", code)
                    .isEqualTo("area " + coverageClass(twoDoses.decimalValue()));
            assertThat(browser.eval(shape + ".getAttribute('aria-label')").asText())
                    .isEqualTo(child.get("name").asText() + ": " + vi.percent(twoDoses));
        }
        assertThat(valid).hasSize(65).allMatch(code -> code.startsWith("LS"));
        assertThat(browser.eval("document.querySelectorAll('#area-map path.area').length").asInt()).isEqualTo(65);
        assertThat(browser.eval("new Set([...document.querySelectorAll('#area-map path.area')].map(p => p.getAttribute('class'))).size")
                .asInt()).as("communes differ, so the map is not one colour").isGreaterThan(1);
        assertThat(browser.eval("document.querySelectorAll('#area-map text.area-label').length").asInt())
                .as("65 units: the tooltip names them, not labels").isZero();

        browser.hover("#area-LS01");
        JsonNode first = stream(children).filter(c -> c.get("code").asText().equals("LS01")).findFirst().orElseThrow();
        String tooltip = browser.waitFor("the tooltip of the first commune",
                "!document.getElementById('map-tooltip').hidden && document.getElementById('map-tooltip').textContent", WAIT).asText();
        assertThat(tooltip).contains(first.get("name").asText(), vi.percent(first.get("figures").get("coverage").get("18+").get("twoDosesPct")),
                vi.integer(first.get("figures").get("dosesAdministered")));
        assertThat(browser.eval("document.querySelector('a[data-download=\"areas-csv\"]').getAttribute('href')").asText())
                .isEqualTo("api/v1/areas/20?format=csv");
        browser.screenshot(ARTIFACTS.resolve("command-center-communes.png"));
        assertThat(browser.log().get("errors")).isEmpty();
    }

    private JsonNode tableRows(String chart) {
        return browser.eval("[...document.querySelectorAll('[data-chart=\"" + chart + "\"] tbody tr')]"
                + ".map(tr => [...tr.cells].map(c => c.textContent))");
    }

    private String chartLabel(String chart) {
        return browser.eval("document.querySelector('[data-chart=\"" + chart + "\"] svg').getAttribute('aria-label')").asText();
    }

    private static String row(String... cells) {
        return CommandCenterFixture.JSON.valueToTree(cells).toString();
    }

    /** 2021-09-30 → 30/09/2021 */
    private static String date(String iso) {
        return iso.substring(8, 10) + "/" + iso.substring(5, 7) + "/" + iso.substring(0, 4);
    }

    private static JsonNode target(JsonNode targets, String group) {
        return stream(targets).filter(t -> t.get("ageGroup").asText().equals(group) && t.get("measure").asText().equals("twoDoses"))
                .findFirst().orElseThrow().get("targetPct");
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** The stock panel's figures, for the province and for each district it offers, are the API's. */
    private void assertStockPanelShowsTheApisFigures(PageNumbers numbers) throws Exception {
        JsonNode stock = get("/api/v1/vaccination/stock").get("stock");
        List<String> scopes = new ArrayList<>();
        for (JsonNode row : stock) {
            String scope = scope(row);
            if (!scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        assertThat(scopes).startsWith("province", "provinceStore").hasSizeGreaterThan(2);
        long open = 0;
        for (JsonNode row : stock) {
            open += !row.get("scope").asText().equals("province") && row.get("alertActive").asBoolean() ? 1 : 0;
        }
        assertThat(field("stock.alerts")).isEqualTo(Long.toString(open)).isEqualTo("1");
        assertThat(field("stock.windowEndsOn")).isEqualTo("09/01/2022");
        for (String scope : scopes) {
            browser.eval("(() => { const s = document.querySelector('[data-field=\"stock.scope\"]'); s.value = " + Browser.quote(scope)
                    + "; s.dispatchEvent(new Event('change')); return s.value; })()");
            List<JsonNode> rows = new ArrayList<>();
            stock.forEach(row -> {
                if (scope(row).equals(scope)) {
                    rows.add(row);
                }
            });
            browser.waitFor("the stock of " + scope, "document.querySelectorAll('[data-field=\"stock.rows\"] tr').length === " + rows.size()
                    + " && document.querySelector('[data-field=\"stock.rows\"] tr th').textContent === "
                    + Browser.quote(rows.get(0).get("vaccineProduct").asText()), WAIT);
            for (JsonNode row : rows) {
                String product = row.get("vaccineProduct").asText();
                String cell = "[data-field=\"stock.rows\"] tr[data-product=\"" + product + "\"] [data-col=\"%s\"]";
                assertThat(List.of(browser.text(cell.formatted("allocated")), browser.text(cell.formatted("administered")),
                        browser.text(cell.formatted("onHand")), browser.text(cell.formatted("avgDailyDoses7d")),
                        browser.text(cell.formatted("daysOfStock"))))
                        .as("stock of %s in %s", product, scope)
                        .containsExactly(numbers.integer(row.get("allocated")), numbers.integer(row.get("administered")),
                                numbers.integer(row.get("onHand")), numbers.decimal(row.get("avgDailyDoses7d"), 2),
                                numbers.decimal(row.get("daysOfStock"), 1));
                String tr = "[data-field=\"stock.rows\"] tr[data-product=\"" + product + "\"]";
                assertThat(browser.eval("document.querySelector(" + Browser.quote(tr) + ").classList.contains('alerting')").asBoolean())
                        .as("alert shown for %s in %s", product, scope).isEqualTo(row.get("alertActive").asBoolean());
            }
        }
        assertThat(browser.text("[data-field=\"stock.rows\"] tr[data-product=\"Vero Cell\"] [data-col=\"daysOfStock\"]"))
                .isEqualTo("100,0");
    }

    private static String scope(JsonNode stockRow) {
        return stockRow.get("scope").asText().equals("district") ? stockRow.get("districtCode").asText() : stockRow.get("scope").asText();
    }

    // Helpers.

    /** Loads the page and waits until the live feed is open and every panel has its figures. */
    private void openAndWaitForFigures(String path) {
        openAndWaitForFigures(path, "live");
    }

    private void openAndWaitForFigures(String path, String state) {
        browser.open(base() + path);
        openAndWaitForFiguresAlreadyOpen(state);
    }

    private void openAndWaitForFiguresAlreadyOpen(String state) {
        browser.waitFor("the page to show every figure and be " + state,
                "document.getElementById('freshness').dataset.state === '" + state + "'"
                        + " && document.querySelector('[data-field=\"vac.dosesAdministered\"]').textContent !== '—'"
                        + " && document.querySelector('[data-field=\"border.tradeValueUsd\"]').textContent !== '—'"
                        + " && document.querySelectorAll('#gate-list .gate').length === 8"
                        + " && document.querySelectorAll('svg.hourly rect').length === 8 * 24"
                        + " && document.querySelectorAll('#area-map path.area').length === " + mapUnits().size()
                        + " && document.querySelectorAll('#area-map path.area.none').length === 0"
                        + " && document.querySelectorAll('#trends [data-complete]').length === 3",
                WAIT);
    }

    /** The units the map draws: the province's children valid on the fixture's today. */
    private List<String> mapUnits() {
        return fixture.geography().children("20").stream().filter(u -> u.validOn(CommandCenterFixture.TODAY))
                .map(u -> u.code()).toList();
    }

    private String field(String name) {
        return browser.text("[data-field=\"" + name + "\"]");
    }

    private String gateField(String gate, String name) {
        return browser.text("[data-gate=\"" + gate + "\"] [data-field=\"" + name + "\"]");
    }

    private void waitForText(String what, String selector, String text) {
        browser.waitFor(what + " (" + text + ")",
                "document.querySelector(" + Browser.quote(selector) + ")?.textContent === " + Browser.quote(text), WAIT);
    }

    private List<String> alerting() {
        List<String> gates = new ArrayList<>();
        browser.eval("[...document.querySelectorAll('.gate.alerting')].map(g => g.dataset.gate)").forEach(g -> gates.add(g.asText()));
        return gates;
    }

    /** GET requests the page made to the API's data endpoints (not the live stream). */
    private long dataRequests() {
        long count = 0;
        for (JsonNode request : browser.log().get("requests")) {
            String url = request.get("url").asText();
            if (url.startsWith(base() + "/api/v1/") && !url.startsWith(base() + "/api/v1/stream")) {
                count++;
            }
        }
        return count;
    }

    /** The page's coverage classes (map.js CLASSES: 0, 50, 80, 90, 95, 98). */
    private static String coverageClass(BigDecimal pct) {
        int[] bounds = {0, 50, 80, 90, 95, 98};
        int index = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (pct.compareTo(BigDecimal.valueOf(bounds[i])) >= 0) {
                index = i;
            }
        }
        return "c" + index;
    }

    private static ObjectNode alert(String id, String gate, String kind, boolean active, long value, long threshold) {
        ObjectNode alert = CommandCenterFixture.JSON.createObjectNode();
        alert.put("id", id).put("gateCode", gate).put("kind", kind).put("status", active ? "RAISED" : "CLEARED")
                .put("active", active).put("raisedAt", "2021-12-31T15:00:00Z");
        if (active) {
            alert.putNull("clearedAt");
        } else {
            alert.put("clearedAt", "2021-12-31T16:00:00Z");
        }
        alert.put("value", value).put("peakValue", value).put("raiseThreshold", threshold).put("clearThreshold", threshold * 3 / 4)
                .put("unit", kind.equals("BACKLOG") ? "vehicles" : "minutes").put("message", gate + " " + kind);
        alert.putNull("stockHolder").putNull("vaccineProduct");
        return alert;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return CommandCenterFixture.JSON.readTree(response.body());
    }
}
