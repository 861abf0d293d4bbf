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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

    private final CommandCenterFixture fixture = new CommandCenterFixture();
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

        for (JsonNode district : get("/api/v1/vaccination/districts").get("districts")) {
            String code = district.get("code").asText();
            JsonNode twoDoses = district.get("coverage").get("18+").get("twoDosesPct");
            assertThat(browser.text("text.district-label[data-code=\"" + code + "\"] .value"))
                    .as("map label of district %s", code).isEqualTo(vi.percent(twoDoses));
            assertThat(browser.eval("document.getElementById('district-" + code + "').getAttribute('class')").asText())
                    .as("shading of district %s", code).isEqualTo("district " + coverageClass(twoDoses.decimalValue()));
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

        browser.hover("#district-183");
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
        assertThat(links.get("page vaccination-stock-csv").get(0).asText()).isEqualTo("api/v1/vaccination/stock?format=csv");
        assertThat(links.get("HUU_NGHI trade-months-xlsx").get(0).asText())
                .isEqualTo("api/v1/border/gates/HUU_NGHI/trade?granularity=month&format=xlsx");
        links.forEach(link -> assertThat(link.get(1).asBoolean()).as(link.toString()).isTrue());
        assertThat(browser.text("#vaccination .downloads").strip()).startsWith("Tải về:");
        assertThat(browser.log().get("errors")).isEmpty();
    }

    @Test
    void aLiveUpdateChangesThePageWithoutAReloadOrAnotherRequest() {
        openAndWaitForFigures("/");
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
        waitForText("Đình Lập's new coverage", "text.district-label[data-code=\"189\"] .value", "99,10%");
        assertThat(browser.eval("document.getElementById('district-189').getAttribute('class')").asText()).isEqualTo("district c5");
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
        assertThat(browser.text("h1")).isEqualTo("Trung tâm chỉ huy phòng, chống dịch COVID-19 tỉnh Lạng Sơn");

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
                + " return { stale, other, fresh, doses: store.get('vaccination.summary', 'province').dosesAdministered }; })");
        assertThat(outcome.get("stale").asBoolean()).as("older answer dropped").isFalse();
        assertThat(outcome.get("other").asBoolean()).as("an item without a newer live event is applied").isTrue();
        assertThat(outcome.get("fresh").asBoolean()).as("an answer requested after the live event is applied").isTrue();
        assertThat(outcome.get("doses").asLong()).isEqualTo(3);
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
                        + " && [...document.querySelectorAll('text.district-label .value')].filter(t => t.textContent !== '—').length === 11",
                WAIT);
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
