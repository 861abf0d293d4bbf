package vn.pulse.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.http.HttpTls;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.scenario.border.BorderScenario;
import vn.pulse.producer.scenario.vaccination.CoverageTargetsReferenceData;
import vn.pulse.producer.scenario.vaccination.VaccinationReferenceData;
import vn.pulse.producer.scenario.vaccination.VaccinationScenario;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.streams.border.AlertThresholds;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * The situation report of 2021 (to 9 January 2022, the date of the province's vaccination figures),
 * generated from both Lạng Sơn 2021 scenarios replayed through the real pipeline (broker, registry,
 * the exactly-once Streams app, the API with every module): it states the province's published
 * figures (FIGURES.md), in the PDF, the DOCX and the JSON. Leaves the PDFs and the first page as PNG
 * in {@code target/situation-report-2021/} (docs/reports.md shows them).
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 900, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class SituationReport2021IT {

    private static final Logger LOG = LoggerFactory.getLogger(SituationReport2021IT.class);
    /** The border scenario's traffic scale, as BorderScenarioIT's (money is not scaled; vehicles and backlogs are). */
    private static final double SCALE = 0.1;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final String PERIOD = "/api/v1/reports/situation?from=2021-01-01&to=2022-01-09";

    @TempDir
    Path stateDir;

    @Test
    void theReportOf2021StatesThePublishedFigures(KafkaBroker broker) throws Exception {
        TopicNames topics = broker.createUniqueTopics();
        BorderConfig border = BorderConfig.defaults()
                .withThresholds("HUU_NGHI", scaled(BorderConfig.defaults().thresholdsFor("HUU_NGHI")))
                .withThresholds("TAN_THANH", scaled(BorderConfig.defaults().thresholdsFor("TAN_THANH")));
        long started = System.nanoTime();
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
             StreamsApp streams = StreamsApp.start(new StreamsAppConfig(broker.bootstrapServers(), registry.url(),
                     broker.uniqueName("report-2021-it"), stateDir, Duration.ofSeconds(1), 1, "127.0.0.1", 0,
                     ClientProperties.NONE, HttpTls.NONE, border), topics);
             ApiServer api = ApiServer.start(new ApiConfig(broker.bootstrapServers(), registry.url(), "127.0.0.1", 0),
                     ApiServer.modules(new ApiConfig(broker.bootstrapServers(), registry.url(), "127.0.0.1", 0), topics))) {
            VaccinationReferenceData.publish(broker.bootstrapServers(), registry.url(), topics.name(Topics.POPULATION),
                    topics.name(Topics.DISTRICTS));
            CoverageTargetsReferenceData.publish(broker.bootstrapServers(), registry.url(), topics.name(Topics.COVERAGE_TARGETS));
            FeedContext context = new FeedContext(broker.bootstrapServers(), registry.url(), Clock.systemUTC(), 2021);
            try (Feed doses = VaccinationScenario.feed(context, topics);
                 Feed gates = BorderScenario.feed(context, topics, BorderScenario.Options.defaults().withScale(SCALE))) {
                doses.start();
                gates.start();
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() -> doses.finished() && gates.finished());
            }
            LOG.info("Both scenarios written after {} s", seconds(started));
            String base = "http://127.0.0.1:" + api.port();
            await().atMost(Duration.ofSeconds(420)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                JsonNode v = json(base + "/api/v1/vaccination/summary");
                JsonNode b = json(base + "/api/v1/border/summary?year=2021");
                JsonNode cleared = json(base + "/api/v1/alerts?active=false");
                return v.path("dosesAdministered").asLong() == 1_155_156 && v.path("dosesAllocated").asLong() == 1_182_158
                        && b.path("tradeValueUsd").asText().equals("4380000000.00") && cleared.path("alerts").size() >= 4;
            });
            LOG.info("Figures complete after {} s", seconds(started));

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
            LOG.info("Report IT done after {} s", seconds(started));
        }
    }

    private static AlertThresholds scaled(AlertThresholds marks) {
        return new AlertThresholds(Math.round(marks.backlogRaise() * SCALE * 1.5), Math.round(marks.backlogClear() * SCALE),
                marks.waitP90RaiseMinutes(), marks.waitP90ClearMinutes(), marks.minWaitSamples());
    }

    private static long seconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }

    private static JsonNode json(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
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
