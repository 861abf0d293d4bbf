package vn.pulse.tools.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.assertj.core.api.ThrowingConsumer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.api.border.BorderApi;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.http.HttpTls;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.scenario.border.BorderScenario;
import vn.pulse.producer.scenario.vaccination.CoverageTargetsReferenceData;
import vn.pulse.producer.scenario.vaccination.LangSon2021;
import vn.pulse.producer.scenario.vaccination.VaccinationReferenceData;
import vn.pulse.producer.scenario.vaccination.VaccinationScenario;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.schemas.reference.Population;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.streams.border.AlertThresholds;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * Both Lạng Sơn 2021 scenarios, replayed once through the real pipeline (broker, registry, the
 * exactly-once Streams app as production runs it, the API with every module), and everything checked
 * on that one run, in order (a replay costs the suite most of a minute):
 * <ol>
 *   <li>the situation report of 2021 (to 9 January 2022, the date of the province's vaccination
 *       figures) states the province's published figures (FIGURES.md) in the PDF, the DOCX and the JSON,
 *       and leaves the PDFs and the first page as PNG in {@code target/situation-report-2021/}
 *       (docs/reports.md shows them);</li>
 *   <li>the border year through the HTTP API: the report's trade against plan and the previous year,
 *       as of any day, each gate's months adding up to its year, and the December congestion raising and
 *       clearing its backlog and wait alerts at Hữu Nghị and Tân Thanh; no dead letters;</li>
 *   <li>every vaccination figure of the report through the HTTP API (the replay with its duplicates,
 *       late reports and corrections, through the topology into the aggregate topics);</li>
 *   <li>a population update moves the coverage the API answers;</li>
 *   <li>the vaccination scenario replayed again on the kept data counts no id twice.</li>
 * </ol>
 * The last two change the data, so they come last.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class LangSon2021ScenarioIT {

    private static final Logger LOG = LoggerFactory.getLogger(LangSon2021ScenarioIT.class);
    /**
     * The border scenario's traffic scale: the year's figures are the report's whatever the volume (money is
     * not scaled; vehicles and backlogs are), so the replay runs at a tenth of the real traffic to stay within
     * budget ({@code -Dborder.scenario.scale=1} replays the full 1.37 million gate events).
     */
    private static final double SCALE = Double.parseDouble(System.getProperty("border.scenario.scale", "0.1"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final String PERIOD = "/api/v1/reports/situation?from=2021-01-01&to=2022-01-09";

    @TempDir
    static Path stateDir;

    private static KafkaBroker broker;
    private static TopicNames topics;
    private static String applicationId;
    private static SchemaRegistryServer registry;
    private static StreamsApp streams;
    private static ApiServer api;
    private static FeedContext context;
    private static long started;

    @BeforeAll
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    static void replayBothScenarios(KafkaBroker kafka) throws Exception {
        broker = kafka;
        topics = broker.createUniqueTopics();
        applicationId = broker.uniqueName("langson-2021-it");
        // Backlog marks scale with the traffic; waiting times do not.
        BorderConfig border = BorderConfig.defaults()
                .withThresholds("HUU_NGHI", scaled(BorderConfig.defaults().thresholdsFor("HUU_NGHI")))
                .withThresholds("TAN_THANH", scaled(BorderConfig.defaults().thresholdsFor("TAN_THANH")));
        started = System.nanoTime();
        // The registry on its own topic (created, and visible, before the registry reads it), as production runs it.
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.forKafka(broker.bootstrapServers()).withPort(0)
                .withTopic(topics.name(Topics.SCHEMAS)));
        // The Streams app as production runs it (its properties, its dead-letter handling), on this test's topics;
        // under exactly-once most of a commit is waiting for the transaction: commit once a second for a bulk replay.
        streams = StreamsApp.start(new StreamsAppConfig(broker.bootstrapServers(), registry.url(), applicationId,
                stateDir.resolve("streams"), Duration.ofSeconds(1), 1, "127.0.0.1", 0, ClientProperties.NONE, HttpTls.NONE, border), topics);
        ApiConfig apiConfig = new ApiConfig(broker.bootstrapServers(), registry.url(), "127.0.0.1", 0);
        api = ApiServer.start(apiConfig, ApiServer.modules(apiConfig, topics));
        assertThat(VaccinationReferenceData.publish(broker.bootstrapServers(), registry.url(), topics.name(Topics.POPULATION),
                topics.name(Topics.DISTRICTS)))
                .isEqualTo(33);
        CoverageTargetsReferenceData.publish(broker.bootstrapServers(), registry.url(), topics.name(Topics.COVERAGE_TARGETS));
        context = new FeedContext(broker.bootstrapServers(), registry.url(), Clock.systemUTC(), 2021);
        try (Feed doses = VaccinationScenario.feed(context, topics);
             Feed gates = BorderScenario.feed(context, topics, BorderScenario.Options.defaults().withScale(SCALE))) {
            doses.start();
            gates.start();
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() -> doses.finished() && gates.finished());
            LOG.info("Both scenarios written after {} s: {} vaccination records, {} border records", (long) seconds(started),
                    doses.eventsWritten(), gates.eventsWritten());
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {api, streams, registry}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} failed", c, e);
                }
            }
        }
    }

    @Test
    @Order(1)
    void theReportOf2021StatesThePublishedFigures() throws Exception {
        String base = "http://127.0.0.1:" + api.port();
        await().atMost(Duration.ofSeconds(420)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode v = json(base + "/api/v1/vaccination/summary");
            JsonNode b = json(base + "/api/v1/border/summary?year=2021");
            // The border's four congestion alerts cleared (the list also has the vaccine stock's alerts).
            JsonNode cleared = json(base + "/api/v1/alerts?active=false");
            return v.path("dosesAdministered").asLong() == 1_155_156 && v.path("dosesAllocated").asLong() == 1_182_158
                    && b.path("tradeValueUsd").asText().equals("4380000000.00") && gateAlerts(cleared) >= 4;
        });
        LOG.info("Figures complete after {} s", (long) seconds(started));

        // The figures themselves.
        JsonNode report = json(base + PERIOD + "&format=json");
        JsonNode v = report.get("vaccination");
        assertThat(v.get("dosesAdministered").asLong()).isEqualTo(1_155_156);
        assertThat(v.get("dosesAllocated").asLong()).isEqualTo(1_182_158);
        assertThat(v.get("dosesUsedPct").toString()).isEqualTo("97.71");
        assertThat(v.get("boosterDoses").asLong()).isEqualTo(55_544);
        JsonNode adolescents = v.get("coverage").get(0);
        JsonNode adults = v.get("coverage").get(1);
        assertThat(adults.get("ageGroup").asText()).isEqualTo("18+");
        assertThat(adults.get("atLeastOneDosePct").toString()).isEqualTo("98.06");
        assertThat(adults.get("twoDosesPct").toString()).isEqualTo("94.34");
        assertThat(adolescents.get("atLeastOneDosePct").toString()).isEqualTo("100.00");
        assertThat(adolescents.get("twoDosesPct").toString()).isEqualTo("95.48");
        assertThat(v.get("districts")).hasSize(11);
        JsonNode year = report.get("border").get("years").get(0);
        assertThat(year.get("year").asInt()).isEqualTo(2021);
        assertThat(year.get("tradeValueUsd").toString()).isEqualTo("4380000000.00");
        assertThat(year.get("planPct").toString()).isEqualTo("142.20");
        assertThat(year.get("growthPct").toString()).isEqualTo("55.80");
        assertThat(report.get("border").get("period").get("tradeValueUsd").toString()).isEqualTo("4380000000.00");
        assertThat(report.get("border").get("congestion")).hasSize(4)
                .allSatisfy(e -> assertThat(e.get("raisedAt").asText()).startsWith("2021-12-"));
        assertThat(report.get("alerts").get("raised").asLong()).isEqualTo(4);
        assertThat(report.get("alerts").get("cleared").asLong()).isEqualTo(4);
        assertThat(report.get("screenings").get("peopleScreened").asLong()).isPositive();

        // Projections as of the report's day: every adolescent has a first dose, so that target is reached;
        // on 31 December the trade run-rate is the year's trade.
        JsonNode[] projections = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            projections[0] = json(base + "/api/v1/vaccination/projections?asOf=2022-01-09");
            assertThat(projections[0].path("targets")).hasSize(4);
        });
        LOG.info("SAMPLE projections as of 2022-01-09: {}", projections[0].get("province"));
        LOG.info("SAMPLE projections as of 2021-12-01: {}", json(base + "/api/v1/vaccination/projections?asOf=2021-12-01").get("province"));
        JsonNode adolescentsFirstDose = projections[0].get("province").get("projections").get(0);
        assertThat(adolescentsFirstDose.get("ageGroup").asText()).isEqualTo("12-17");
        assertThat(adolescentsFirstDose.get("measure").asText()).isEqualTo("atLeastOneDose");
        assertThat(adolescentsFirstDose.get("currentPct").toString()).isEqualTo("100.00");
        assertThat(adolescentsFirstDose.get("status").asText()).isEqualTo("REACHED");
        assertThat(projections[0].get("province").get("code").asText()).isEqualTo("20");
        assertThat(projections[0].get("districts")).hasSize(11);
        JsonNode runRate = json(base + "/api/v1/border/run-rate?asOf=2021-12-31");
        LOG.info("SAMPLE run-rate as of 2021-06-30: {}", json(base + "/api/v1/border/run-rate?asOf=2021-06-30"));
        assertThat(runRate.get("runRateUsd").toString()).isEqualTo("4380000000.00");
        assertThat(runRate.get("runRatePlanPct").toString()).isEqualTo("142.20");
        assertThat(runRate.get("runRateGrowthPct").toString()).isEqualTo("55.80");

        // The published figures, written the province's way, in the PDF and the DOCX.
        Path out = Path.of("target", "situation-report-2021");
        Files.createDirectories(out);
        byte[] pdf = bytes(base + PERIOD + "&lang=vi&format=pdf");
        Files.write(out.resolve("situation-report-2021-vi.pdf"), pdf);
        String[] published = {"1.155.156 liều/1.182.158 liều", "đạt 97,71 %", "55.544 mũi", "98,06 %", "94,34 %", "100,00 %",
            "95,48 %", "4,38 tỷ USD", "bằng 142,20 % kế hoạch", "tăng 55,80 % so với năm 2020", "Lạng Sơn"};
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(pdfText(document).replaceAll("\\s+", " ")).contains(published);
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 110);
            ImageIO.write(page, "png", out.resolve("situation-report-2021-vi-page1.png").toFile());
        }
        try (XWPFWordExtractor docx = new XWPFWordExtractor(new XWPFDocument(new ByteArrayInputStream(
                bytes(base + PERIOD + "&lang=vi&format=docx"))))) {
            assertThat(docx.getText().replaceAll("\\s+", " ")).contains(published);
        }
        byte[] english = bytes(base + PERIOD + "&lang=en&format=pdf");
        Files.write(out.resolve("situation-report-2021-en.pdf"), english);
        try (PDDocument document = Loader.loadPDF(english)) {
            assertThat(pdfText(document).replaceAll("\\s+", " ")).contains("1,155,156 of the 1,182,158 doses",
                    "(97.71%)", "55,544 booster doses", "98.06%", "94.34%", "95.48%", "4.38 billion USD", "142.20% of the year's plan",
                    "rose 55.80% over 2020");
        }
        LOG.info("Report checked after {} s", (long) seconds(started));
    }

    @Test
    @Order(2)
    void theBorderYearShowsTheReportsTradeAgainstPlanAndTheDecemberCongestion() throws Exception {
        // An API with the border's modules only: its alerts are the border's (the whole API's also has the vaccine stock's).
        try (ApiServer borderApi = ApiServer.start(new ApiConfig(broker.bootstrapServers(), registry.url(), "127.0.0.1", 0),
                BorderApi.modules(broker.bootstrapServers(), registry.url(), topics))) {
            checkTheBorderYear("http://127.0.0.1:" + borderApi.port() + "/api/v1");
        }
    }

    private static void checkTheBorderYear(String base) throws Exception {
        JsonNode summary = awaitJson(base + "/border/summary?year=2021",
                s -> s.get("tradeValueUsd").decimalValue().compareTo(new BigDecimal("4380000000.00")) == 0);
        LOG.info("Border figures complete {} s after the start: {}", (long) seconds(started), summary);
        assertThat(summary.get("tradeValueUsd").toString()).isEqualTo("4380000000.00");
        assertThat(summary.get("exportValueUsd").toString()).isEqualTo("1650000000.00");
        assertThat(summary.get("importValueUsd").toString()).isEqualTo("2730000000.00");
        assertThat(summary.get("planValueUsd").toString()).isEqualTo("3080100000.00");
        assertThat(summary.get("planPct").toString()).isEqualTo("142.20");
        assertThat(summary.get("previousYearValueUsd").toString()).isEqualTo("2811300000.00");
        assertThat(summary.get("growthPct").toString()).isEqualTo("55.80");

        // As of the report's day (and of the year's last), the year's figures are the report's.
        for (String day : List.of("2021-12-31", "2022-01-09")) {
            JsonNode then = awaitJson(base + "/border/summary?year=2021&asOf=" + day,
                    s -> s.get("tradeValueUsd").decimalValue().compareTo(new BigDecimal("4380000000.00")) == 0);
            for (String figure : List.of("tradeValueUsd", "exportValueUsd", "importValueUsd", "planValueUsd", "planPct",
                    "previousYearValueUsd", "growthPct")) {
                assertThat(then.get(figure).toString()).as("%s as of %s", figure, day).isEqualTo(summary.get(figure).toString());
            }
        }
        // As of 30 June: the gates' months of January to June. As of 31 December: each gate's year, summed from its
        // days, is the sum of its months.
        JsonNode june = get(base + "/border/summary?asOf=2021-06-30");
        BigDecimal halfYear = BigDecimal.ZERO;
        for (JsonNode gate : get(base + "/border/gates?asOf=2021-12-31").get("gates")) {
            String code = gate.get("code").asText();
            BigDecimal year = BigDecimal.ZERO;
            long vehicles = 0;
            for (JsonNode month : get(base + "/border/gates/" + code + "/trade?granularity=month&from=2021-01&to=2021-12").get("periods")) {
                if (month.get("period").asText().compareTo("2021-06") <= 0) {
                    halfYear = halfYear.add(month.get("tradeValueUsd").decimalValue());
                }
                year = year.add(month.get("tradeValueUsd").decimalValue());
                vehicles += month.get("vehicles").asLong();
            }
            assertThat(gate.get("tradeThisYear").get("tradeValueUsd").decimalValue()).as(code).isEqualByComparingTo(year);
            assertThat(gate.get("tradeThisYear").get("vehicles").asLong()).as(code).isEqualTo(vehicles);
            assertThat(gate.get("backlog").isNull()).as(code).isTrue();
        }
        LOG.info("As of 2021-06-30: {}", june);
        assertThat(june.get("tradeValueUsd").decimalValue()).isEqualByComparingTo(halfYear);
        assertThat(june.get("planValueUsd").toString()).isEqualTo("3080100000.00");

        JsonNode huuNghi = get(base + "/border/gates/HUU_NGHI").get("gate");
        assertThat(huuNghi.get("name").asText()).isEqualTo("Cửa khẩu quốc tế Hữu Nghị");
        assertThat(huuNghi.get("tradeThisYear").get("vehicles").asLong()).isPositive();

        // The December episode raised backlog and wait alerts at Hữu Nghị and Tân Thanh, and cleared them.
        JsonNode cleared = awaitJson(base + "/alerts?active=false", a -> a.get("alerts").size() >= 4).get("alerts");
        cleared.forEach(a -> LOG.info("Alert {} {}..{} peak {}: {}", a.get("id").asText(), a.get("raisedAt").asText(),
                a.get("clearedAt").asText(), a.get("peakValue").asLong(), a.get("message").asText()));
        for (String gate : List.of("HUU_NGHI", "TAN_THANH")) {
            for (String kind : List.of("BACKLOG", "WAIT_P90")) {
                assertThat(cleared).as("%s %s cleared", gate, kind).anySatisfy(a -> {
                    assertThat(a.get("gateCode").asText()).isEqualTo(gate);
                    assertThat(a.get("kind").asText()).isEqualTo(kind);
                    assertThat(a.get("raisedAt").asText()).startsWith("2021-12-");
                    assertThat(a.get("clearedAt").asText()).startsWith("2021-12-");
                });
            }
        }
        assertThat(cleared).as("one backlog and one wait episode at each, nothing else in the year").hasSize(4);
        assertThat(get(base + "/alerts?active=true").get("alerts")).isEmpty();
        // Late events were within the grace, repeats were dropped: nothing was rejected.
        assertThat(recordsIn(broker, topics.name(Topics.DEAD_LETTERS))).isZero();
    }

    @Test
    @Order(3)
    void theReplayedScenarioGivesEveryFigureOfTheReportThroughTheApi() throws Exception {
        String base = "http://127.0.0.1:" + api.port() + "/api/v1/vaccination";

        // Every figure comes from its own topic and reader (coverage, allocations): wait for all of them.
        JsonNode summary = awaitSummary(base, s -> {
            assertThat(s.get("dosesAdministered").asLong()).isEqualTo(1_155_156);
            assertThat(s.get("dosesAllocated").asLong()).isEqualTo(1_182_158);
            assertThat(s.get("boosterDoses").asLong()).isEqualTo(55_544);
            assertThat(s.get("asOf").asText()).startsWith("2022-01-09");
        });
        System.out.printf("Figures reached through the API after %.1f s: %s%n", seconds(started), summary);
        assertThat(summary.get("dosesAdministered").isIntegralNumber()).isTrue();
        assertThat(summary.get("dosesAllocated").asLong()).isEqualTo(1_182_158);
        assertThat(summary.get("dosesUsedPct").decimalValue()).isEqualByComparingTo("97.71");
        assertThat(summary.get("boosterDoses").asLong()).isEqualTo(55_544);
        JsonNode adults = summary.get("coverage").get("18+");
        assertThat(adults.get("atLeastOneDosePct").decimalValue()).isEqualByComparingTo("98.06");
        assertThat(adults.get("twoDosesPct").decimalValue()).isEqualByComparingTo("94.34");
        assertThat(adults.get("boosters").asLong()).isEqualTo(55_544);
        assertThat(adults.get("population").asLong()).isEqualTo(LangSon2021.ADULTS);
        JsonNode adolescents = summary.get("coverage").get("12-17");
        assertThat(adolescents.get("atLeastOneDosePct").decimalValue()).isEqualByComparingTo("100");
        assertThat(adolescents.get("twoDosesPct").decimalValue()).isEqualByComparingTo("95.48");
        assertThat(adolescents.get("boosters").asLong()).isZero();
        assertThat(summary.get("asOf").asText()).startsWith("2022-01-09");

        // Per district: the 11 units add up to the province (the province's own stock aside).
        JsonNode districts = get(base + "/districts").get("districts");
        assertThat(districts).hasSize(11);
        long districtDoses = 0;
        long districtAllocated = 0;
        for (JsonNode d : districts) {
            districtDoses += d.get("dosesAdministered").asLong();
            districtAllocated += d.get("dosesAllocated").asLong();
        }
        assertThat(districtDoses).isEqualTo(1_155_156);
        assertThat(districtAllocated).isEqualTo(1_182_158 - LangSon2021.PROVINCE_STOCK);
        JsonNode huuLung = get(base + "/districts/186");
        System.out.println("SAMPLE " + huuLung);
        System.out.println("SAMPLE " + get(base + "/daily?from=2021-09-14&to=2021-09-15&district=178"));
        assertThat(huuLung.get("name").asText()).isEqualTo("Huyện Hữu Lũng");
        assertThat(huuLung.get("coverage").get("12-17").get("atLeastOneDosePct").decimalValue()).isEqualByComparingTo("100");
        assertThat(status(base + "/districts/999")).isEqualTo(404);

        // Daily doses over the whole campaign add up to the total; the 7-day average is the mean of a week.
        // (The daily doses have a reader of their own, which may be a poll behind the coverage's.)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            long daily = 0;
            for (JsonNode day : get(base + "/daily?from=2021-03-01&to=2022-01-15").get("days")) {
                daily += day.get("doses").asLong();
            }
            assertThat(daily).isEqualTo(1_155_156);
        });
        JsonNode week = get(base + "/daily?from=2021-09-14&to=2021-09-20&district=178").get("days");
        long weekDoses = 0;
        for (JsonNode day : week) {
            weekDoses += day.get("doses").asLong();
        }
        assertThat(week.get(6).get("sevenDayAverage").decimalValue())
                .isEqualByComparingTo(BigDecimal.valueOf(weekDoses).divide(BigDecimal.valueOf(7), 2, RoundingMode.HALF_UP));

        // As of the report's day, the figures are the report's; as of any day, the sum of the daily doses up to it.
        JsonNode[] read = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            read[0] = get(base + "/summary?asOf=2022-01-09");
            assertThat(read[0].get("dosesAdministered").asLong()).as("the daily doses read up to the coverage").isEqualTo(1_155_156);
        });
        JsonNode reportDay = read[0];
        for (String figure : List.of("asOf", "dosesAdministered", "dosesAllocated", "dosesUsedPct", "boosterDoses", "coverage")) {
            assertThat(reportDay.get(figure)).as("%s as of 2022-01-09", figure).isEqualTo(summary.get(figure));
        }
        assertThat(get(base + "/districts?asOf=2022-01-09").get("districts")).isEqualTo(districts);
        JsonNode october = get(base + "/summary?asOf=2021-10-01");
        long doses = 0;
        long firstDoses = 0;
        long boosters = 0;
        for (JsonNode day : get(base + "/daily?from=2021-01-01&to=2021-10-01").get("days")) {
            doses += day.get("doses").asLong();
            firstDoses += day.get("firstDoses").asLong();
            boosters += day.get("boosterDoses").asLong();
        }
        System.out.println("SAMPLE as of 2021-10-01: " + october);
        assertThat(october.get("dosesAdministered").asLong()).isEqualTo(doses).isPositive().isLessThan(1_155_156);
        assertThat(october.get("boosterDoses").asLong()).isEqualTo(boosters);
        assertThat(october.get("coverage").get("18+").get("atLeastOneDose").asLong()
                + october.get("coverage").get("12-17").get("atLeastOneDose").asLong()).isEqualTo(firstDoses);
        assertThat(october.get("asOf").asText()).startsWith("2021-10-01");
        assertThat(october.get("dosesAllocated").isNull()).as("deliveries followed in October: the total then is unknown").isTrue();
        long octoberDistricts = 0;
        for (JsonNode d : get(base + "/districts?asOf=2021-10-01").get("districts")) {
            octoberDistricts += d.get("dosesAdministered").asLong();
        }
        assertThat(octoberDistricts).isEqualTo(doses);
    }

    @Test
    @Order(4)
    void aNewPopulationEstimateIsJoinedInAndTheCoverageMovesWithIt() throws Exception {
        String base = "http://127.0.0.1:" + api.port() + "/api/v1/vaccination";
        awaitSummary(base, s -> assertThat(s.get("coverage").get("18+").get("population").asLong()).isEqualTo(LangSon2021.ADULTS));
        long dinhLapAdults = LangSon2021.cohorts().stream()
                .filter(c -> c.districtCode().equals("189") && c.ageGroup().equals("18+")).findFirst().orElseThrow().population();
        try (KafkaProducer<String, SpecificRecord> producer =
                     ProducerFactory.avroProducer(broker.bootstrapServers(), registry.url(), "scenario-it-population")) {
            producer.send(new ProducerRecord<>(topics.name(Topics.POPULATION), "189|18+", Population.newBuilder().setDistrictCode("189")
                    .setAgeGroup("18+").setYear(2022).setPopulation(dinhLapAdults + 10_000).build())).get();
        }
        awaitSummary(base, s -> assertThat(s.get("coverage").get("18+").get("population").asLong())
                .isEqualTo(LangSon2021.ADULTS + 10_000));
    }

    @Test
    @Order(5)
    void theSameScenarioReplayedAgainOnTheKeptDataCountsNoIdTwice() throws Exception {
        String base = "http://127.0.0.1:" + api.port() + "/api/v1/vaccination";
        awaitSummary(base, s -> assertThat(s.get("dosesAdministered").asLong()).isEqualTo(1_155_156));
        // A second run, a feed re-sent: no id counts twice, whatever its date (an allocation delivered months
        // before the newest one included).
        try (Feed again = VaccinationScenario.feed(context, topics)) {
            again.start();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(again::finished);
        }
        awaitProcessed(broker, applicationId, List.of(topics.name(Topics.VACCINATION_DOSES), topics.name(Topics.DOSE_CORRECTIONS),
                topics.name(Topics.VACCINE_ALLOCATIONS)));
        Thread.sleep(3_000); // the API applies what Streams committed within a second or two
        JsonNode again = get(base + "/summary");
        assertThat(again.get("dosesAdministered").asLong()).isEqualTo(1_155_156);
        assertThat(again.get("dosesAllocated").asLong()).isEqualTo(1_182_158);
        assertThat(again.get("dosesUsedPct").decimalValue()).isEqualByComparingTo("97.71");
        assertThat(again.get("boosterDoses").asLong()).isEqualTo(55_544);
        System.out.printf("Scenario IT done after %.1f s%n", seconds(started));
    }

    /**
     * Backlog marks for a fraction of the traffic. The raise mark keeps half again of margin: at a tenth
     * of the volume a normal day's noise is relatively larger.
     */
    private static AlertThresholds scaled(AlertThresholds marks) {
        return new AlertThresholds(Math.round(marks.backlogRaise() * SCALE * 1.5), Math.round(marks.backlogClear() * SCALE),
                marks.waitP90RaiseMinutes(), marks.waitP90ClearMinutes(), marks.minWaitSamples());
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Until the Streams app committed every input record written so far. */
    private static void awaitProcessed(KafkaBroker broker, String group, List<String> inputs) {
        try (Admin admin = broker.admin()) {
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (var description : admin.describeTopics(inputs).allTopicNames().get().values()) {
                    description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()),
                            OffsetSpec.latest()));
                }
                var ends = admin.listOffsets(latest).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
            });
        }
    }

    /** The alerts of an {@code /alerts} answer that are a gate's (the vaccine stock's have none). */
    private static long gateAlerts(JsonNode answer) {
        long n = 0;
        for (JsonNode alert : answer.path("alerts")) {
            if (alert.hasNonNull("gateCode")) {
                n++;
            }
        }
        return n;
    }

    private static long recordsIn(KafkaBroker broker, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static JsonNode awaitJson(String url, Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .conditionEvaluationListener(c -> {
                        if (c.getElapsedTimeInMS() / 500 % 40 == 0) {
                            LOG.info("Waiting for {}: {}", url, last[0]);
                        }
                    })
                    .until(() -> {
                        last[0] = get(url);
                        return done.test(last[0]);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no answer from " + url + " matched in time; the last one: " + last[0], e);
        }
        return last[0];
    }

    private static JsonNode awaitSummary(String base, ThrowingConsumer<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        // A time budget, not a target: the 1.17 M records take 2 min on a quiet 2-core machine and
        // over 3.5 min when other builds load it (seen at load average 40).
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            last[0] = get(base + "/summary");
            condition.accept(last[0]);
        });
        return last[0];
    }

    /** The answer of a route that must answer 200. */
    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The answer of a route while its figures may still be coming: an empty object until it answers 200. */
    private static JsonNode json(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    private static int status(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static byte[] bytes(String url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    /** The PDF's text in reading order (by position: the layout draws a line's runs in more than one pass). */
    private static String pdfText(PDDocument document) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        return stripper.getText(document);
    }
}
