package vn.pulse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.pulse.api.http.Sessions;
import vn.pulse.api.live.StreamLimits;
import vn.pulse.api.report.ReportApi;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.SpecificAvroSerde;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.schemas.border.AlertStatus;
import vn.pulse.schemas.border.CongestionAlert;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.GateHour;
import vn.pulse.schemas.border.GateScreenings;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.reference.CoverageTarget;
import vn.pulse.schemas.health.VaccineStock;
import vn.pulse.schemas.reference.Gate;
import vn.pulse.schemas.reference.GateKind;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * Keeps {@code /openapi.json} honest: real servers on port 0 read real aggregate records (Avro
 * through the registry, from the real broker); every documented answer of every operation
 * (success, 304, and each error status) is provoked and its status, content type, headers and
 * body are validated against the document; every documented answer must have been seen, and the
 * routes Javalin serves must be exactly the documented operations.
 *
 * <p>Two servers: {@code ready} has loaded its topics and requires a bearer token (so 401 is real);
 * {@code loading} reads topics that never appear, so it answers 503 with {@code Retry-After}.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("integration")
class OpenApiContractIT {

    private static final String TOKEN = "contract-token";
    private static final Instant NOW = Instant.parse("2021-12-31T16:30:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApi API = OpenApi.load();

    private static SchemaRegistryServer registry;
    private static ApiServer ready;
    private static ApiServer loading;
    /** Every answer seen, as {@code "GET /api/v1/alerts 400"} (documented path templates). */
    private final Set<String> answered = new ConcurrentSkipListSet<>();

    @BeforeAll
    static void start(KafkaBroker broker) throws Exception {
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
        TopicNames topics = broker.createUniqueTopics();
        publish(broker, topics);
        // One live stream at most, so that the test can provoke the 503 beyond the cap.
        ready = ApiServer.start(new ApiConfig(broker.bootstrapServers(), registry.url(), "127.0.0.1", 0, List.of(TOKEN), List.of())
                        .withStream(new StreamLimits(1, 256, Duration.ofSeconds(10), 100, Duration.ofSeconds(10))),
                modules(broker, topics));

        // Topics never created: the API stays not ready, answering 503.
        TopicNames never = TopicNames.renamed(spec -> broker.uniqueName("never-" + spec.name()));
        loading = ApiServer.start(new ApiConfig(broker.bootstrapServers(), registry.url(), "127.0.0.1", 0),
                modules(broker, never));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> send(ready, "/health/ready", Map.of()).statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {ready, loading, registry}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void everyDocumentedAnswerIsReallyGivenAndMatchesTheDocument() throws Exception {
        // Vaccination.
        successAndNotModified("GET /api/v1/vaccination/summary", "/api/v1/vaccination/summary");
        successAndNotModified("GET /api/v1/vaccination/districts", "/api/v1/vaccination/districts");
        successAndNotModified("GET /api/v1/vaccination/districts/{code}", "/api/v1/vaccination/districts/178");
        expect(404, "GET /api/v1/vaccination/districts/{code}", "/api/v1/vaccination/districts/999");
        successAndNotModified("GET /api/v1/vaccination/daily", "/api/v1/vaccination/daily?from=2021-09-01&to=2021-09-10");
        expect(200, "GET /api/v1/vaccination/daily", "/api/v1/vaccination/daily?from=2021-09-01&to=2021-09-03&district=186");
        expect(400, "GET /api/v1/vaccination/daily", "/api/v1/vaccination/daily?from=2021-09-10");
        expect(400, "GET /api/v1/vaccination/daily", "/api/v1/vaccination/daily?from=2021-09-10&to=2021-09-01");
        expect(400, "GET /api/v1/vaccination/daily", "/api/v1/vaccination/daily?from=2021-09-01&to=2021-09-10&district=999");
        successAndNotModified("GET /api/v1/vaccination/projections", "/api/v1/vaccination/projections?asOf=2021-09-10");
        expect(200, "GET /api/v1/vaccination/projections", "/api/v1/vaccination/projections");
        expect(400, "GET /api/v1/vaccination/projections", "/api/v1/vaccination/projections?asOf=2020-12-31");
        successAndNotModified("GET /api/v1/vaccination/stock", "/api/v1/vaccination/stock");
        expect(400, "GET /api/v1/vaccination/stock", "/api/v1/vaccination/stock?asOf=2021-09-05");

        // Border.
        successAndNotModified("GET /api/v1/border/summary", "/api/v1/border/summary");
        expect(200, "GET /api/v1/border/summary", "/api/v1/border/summary?year=2021");
        expect(404, "GET /api/v1/border/summary", "/api/v1/border/summary?year=2019");
        expect(400, "GET /api/v1/border/summary", "/api/v1/border/summary?year=last");
        successAndNotModified("GET /api/v1/border/trade/months", "/api/v1/border/trade/months");
        expect(200, "GET /api/v1/border/trade/months", "/api/v1/border/trade/months?year=2020");
        expect(400, "GET /api/v1/border/trade/months", "/api/v1/border/trade/months?year=last");
        expect(404, "GET /api/v1/border/trade/months", "/api/v1/border/trade/months?year=2030");
        successAndNotModified("GET /api/v1/border/gates", "/api/v1/border/gates");
        successAndNotModified("GET /api/v1/border/gates/{code}", "/api/v1/border/gates/HUU_NGHI");
        expect(404, "GET /api/v1/border/gates/{code}", "/api/v1/border/gates/LAO_CAI");
        String gate = "/api/v1/border/gates/HUU_NGHI";
        successAndNotModified("GET /api/v1/border/gates/{code}/throughput", gate + "/throughput");
        expect(200, "GET /api/v1/border/gates/{code}/throughput", gate + "/throughput?from=2021-12-31&to=2021-12-31");
        expect(400, "GET /api/v1/border/gates/{code}/throughput", gate + "/throughput?from=yesterday");
        expect(404, "GET /api/v1/border/gates/{code}/throughput", "/api/v1/border/gates/LAO_CAI/throughput");
        successAndNotModified("GET /api/v1/border/gates/{code}/trade", gate + "/trade");
        expect(200, "GET /api/v1/border/gates/{code}/trade", gate + "/trade?granularity=month&from=2021-10&to=2021-12");
        expect(400, "GET /api/v1/border/gates/{code}/trade", gate + "/trade?granularity=week");
        expect(404, "GET /api/v1/border/gates/{code}/trade", "/api/v1/border/gates/LAO_CAI/trade");
        successAndNotModified("GET /api/v1/border/gates/{code}/screenings", gate + "/screenings?from=2021-12-30&to=2021-12-31");
        expect(400, "GET /api/v1/border/gates/{code}/screenings", gate + "/screenings?from=2021-12-31&to=2021-12-30");
        expect(404, "GET /api/v1/border/gates/{code}/screenings", "/api/v1/border/gates/LAO_CAI/screenings");
        successAndNotModified("GET /api/v1/border/run-rate", "/api/v1/border/run-rate?asOf=2021-12-31");
        expect(200, "GET /api/v1/border/run-rate", "/api/v1/border/run-rate");
        expect(400, "GET /api/v1/border/run-rate", "/api/v1/border/run-rate?asOf=tomorrow");

        // Alerts.
        successAndNotModified("GET /api/v1/alerts", "/api/v1/alerts");
        expect(200, "GET /api/v1/alerts", "/api/v1/alerts?active=true");
        expect(200, "GET /api/v1/alerts", "/api/v1/alerts?active=false");
        expect(400, "GET /api/v1/alerts", "/api/v1/alerts?active=maybe");

        // Figures as of a past day, and what asOf and format refuse.
        expect(200, "GET /api/v1/vaccination/summary", "/api/v1/vaccination/summary?asOf=2021-09-05");
        expect(200, "GET /api/v1/vaccination/districts", "/api/v1/vaccination/districts?asOf=2021-09-05");
        expect(200, "GET /api/v1/vaccination/districts/{code}", "/api/v1/vaccination/districts/178?asOf=2021-07-01");
        expect(200, "GET /api/v1/border/summary", "/api/v1/border/summary?asOf=2021-12-31");
        expect(200, "GET /api/v1/border/gates", "/api/v1/border/gates?asOf=2021-12-31");
        expect(200, "GET /api/v1/border/gates/{code}", "/api/v1/border/gates/HUU_NGHI?asOf=2021-12-30");
        expect(400, "GET /api/v1/vaccination/summary", "/api/v1/vaccination/summary?asOf=2020-12-31");
        expect(400, "GET /api/v1/vaccination/districts", "/api/v1/vaccination/districts?asOf=tomorrow");
        expect(400, "GET /api/v1/vaccination/districts/{code}", "/api/v1/vaccination/districts/178?asOf=2021-02-30");
        expect(400, "GET /api/v1/border/gates", "/api/v1/border/gates?asOf=9999-01-01");
        expect(400, "GET /api/v1/border/gates/{code}", gate + "?asOf=31/12/2021");
        // Every data answer downloads as CSV (by Accept) and XLSX (by format); an Accept for none of them is a 406.
        for (String operation : API.operations()) {
            if (operation.startsWith("GET /api/") && !operation.equals("GET /api/v1/stream")
                    && !operation.equals("GET " + ReportApi.PATH) && !operation.equals("GET /api/v1/geography")) {
                String path = example(operation);
                HttpResponse<String> csv = call(ready, operation, path, Map.of("Authorization", "Bearer " + TOKEN, "Accept", "text/csv"), 200);
                assertThat(csv.headers().firstValue("Content-Disposition")).as(path).hasValueSatisfying(d -> assertThat(d).endsWith(".csv\""));
                expect(200, operation, path + (path.contains("?") ? "&" : "?") + "format=xlsx");
                call(ready, operation, path, Map.of("Authorization", "Bearer " + TOKEN, "Accept", "image/png"), 406);
                expect(400, operation, path + (path.contains("?") ? "&" : "?") + "format=pdf");
            }
        }

        // Areas of the geography data set (the 2021 set: the country, the province, its districts).
        successAndNotModified("GET /api/v1/areas", "/api/v1/areas");
        expect(400, "GET /api/v1/areas", "/api/v1/areas?on=2021-13-01");
        successAndNotModified("GET /api/v1/areas/{code}", "/api/v1/areas/20");
        expect(200, "GET /api/v1/areas/{code}", "/api/v1/areas/178?on=2021-12-31");
        expect(404, "GET /api/v1/areas/{code}", "/api/v1/areas/LS99");
        expect(400, "GET /api/v1/areas/{code}", "/api/v1/areas/VN?on=yesterday");
        successAndNotModified("GET /api/v1/geography", "/api/v1/geography");
        call(ready, "GET /api/v1/geography", "/api/v1/geography?format=csv", Map.of("Authorization", "Bearer " + TOKEN), 406);
        expect(400, "GET /api/v1/geography", "/api/v1/geography?format=pdf");

        // Situation reports: the figures as JSON, and the documents.
        String report = "/api/v1/reports/situation?from=2021-12-01&to=2021-12-31";
        successAndNotModified("GET " + ReportApi.PATH, report + "&format=json");
        expect(200, "GET " + ReportApi.PATH, report);
        expect(200, "GET " + ReportApi.PATH, report + "&lang=en&format=pdf");
        expect(200, "GET " + ReportApi.PATH, report + "&format=docx");
        call(ready, "GET " + ReportApi.PATH, report, Map.of("Authorization", "Bearer " + TOKEN, "Accept", "application/pdf"), 200);
        call(ready, "GET " + ReportApi.PATH, report, Map.of("Authorization", "Bearer " + TOKEN, "Accept", "image/png"), 406);
        expect(400, "GET " + ReportApi.PATH, report + "&lang=fr");
        expect(400, "GET " + ReportApi.PATH, "/api/v1/reports/situation?from=2021-12-31&to=2021-12-01");

        // Live feed: every kind of event arrives, each valid.
        liveEventsOfEveryType();

        // Browser sessions: the token opens one, whose cookie then authorizes a read; nothing else opens one.
        HttpResponse<String> session = call(ready, "POST " + Sessions.PATH, Sessions.PATH, "POST",
                Map.of("Authorization", "Bearer " + TOKEN), 204);
        String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        call(ready, "GET /api/v1/alerts", "/api/v1/alerts", Map.of("Cookie", cookie), 200);
        call(ready, "POST " + Sessions.PATH, Sessions.PATH, "POST", Map.of(), 401);
        call(ready, "POST " + Sessions.PATH, Sessions.PATH, "POST", Map.of("Cookie", cookie), 401);

        // Operations.
        HttpResponse<String> document = expect(200, "GET /openapi.json", "/openapi.json");
        assertThat(JSON.readTree(document.body())).isEqualTo(API.document());
        headLikeGet("/openapi.json", document, null);
        expect(200, "GET /health/live", "/health/live");
        expect(200, "GET /health/ready", "/health/ready");
        assertThat(expect(200, "GET /metrics", "/metrics").body()).contains("service=\"api\"");

        // Without a token, every read under /api/ is refused.
        for (String operation : API.operations()) {
            if (operation.startsWith("GET /api/")) {
                call(ready, operation, example(operation), Map.of(), 401);
            }
        }
        // Before the read model is loaded, every data read answers 503 and the instance is not ready.
        for (String operation : API.operations()) {
            if (operation.startsWith("GET /api/") && !operation.equals("GET /api/v1/stream")) {
                call(loading, operation, example(operation), Map.of(), 503);
            }
        }
        call(loading, "GET /health/ready", "/health/ready", Map.of(), 503);

        assertThat(answered).as("documented answers that the test saw").isEqualTo(API.answers());
    }

    /**
     * The routes are the documented operations, plus a {@code HEAD} beside every documented
     * {@code GET} but the live stream (the document says so once, in its description, rather than
     * repeating each operation).
     */
    @Test
    void javalinServesExactlyTheDocumentedOperations() {
        TreeSet<String> expected = new TreeSet<>(API.operations());
        for (String operation : API.operations()) {
            if (operation.startsWith("GET ") && !operation.equals("GET /api/v1/stream")) {
                expected.add("HEAD " + operation.substring(4));
            }
        }
        assertThat(new TreeSet<>(ready.routes())).isEqualTo(expected);
        assertThat(API.document().path("info").path("description").asText()).contains("`HEAD`");
    }

    // ---- calls

    private void successAndNotModified(String operation, String path) throws Exception {
        HttpResponse<String> ok = expect(200, operation, path);
        String etag = ok.headers().firstValue("ETag").orElseThrow();
        call(ready, operation, path, Map.of("Authorization", "Bearer " + TOKEN, "If-None-Match", etag), 304);
        headLikeGet(path, ok, etag);
    }

    /** A HEAD answers the status and headers of its GET, without a body, and 304 on the GET's ETag. */
    private static void headLikeGet(String path, HttpResponse<String> get, String etag) throws Exception {
        HttpResponse<String> head = send(ready, path, "HEAD", Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(get.statusCode());
        assertThat(head.body()).as("HEAD " + path).isEmpty();
        for (String name : List.of("Content-Type", "ETag", "Cache-Control", "Content-Length")) {
            assertThat(head.headers().allValues(name)).as(name + " of HEAD " + path).isEqualTo(get.headers().allValues(name));
        }
        get.headers().firstValueAsLong("Content-Length").ifPresent(length -> assertThat(length).as("Content-Length of " + path)
                .isEqualTo(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        if (etag != null) {
            HttpResponse<String> notModified = send(ready, path, "HEAD", Map.of("Authorization", "Bearer " + TOKEN, "If-None-Match", etag));
            assertThat(notModified.statusCode()).as("HEAD " + path + " with If-None-Match").isEqualTo(304);
            assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
        }
    }

    private HttpResponse<String> expect(int status, String operation, String path) throws Exception {
        return call(ready, operation, path, Map.of("Authorization", "Bearer " + TOKEN), status);
    }

    /** Sends a request, checks it against the document and records the answer as seen. */
    private HttpResponse<String> call(ApiServer server, String operation, String path, Map<String, String> headers,
                                      int expectedStatus) throws Exception {
        return call(server, operation, path, "GET", headers, expectedStatus);
    }

    private HttpResponse<String> call(ApiServer server, String operation, String path, String method, Map<String, String> headers,
                                      int expectedStatus) throws Exception {
        HttpResponse<String> response = send(server, path, method, headers);
        String what = operation + " as " + path + " -> " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(what).isEqualTo(expectedStatus);
        checkAgainstDocument(operation, response.statusCode(), response.headers().map(), response.body(), what);
        return response;
    }

    private void checkAgainstDocument(String operation, int status, Map<String, List<String>> headers, String body,
                                      String what) throws Exception {
        JsonNode documented = API.response(operation, status)
                .orElseThrow(() -> new AssertionError("undocumented answer: " + what));
        answered.add(operation + " " + status);
        for (Map.Entry<String, JsonNode> header : API.headers(documented).entrySet()) {
            String value = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(header.getKey()))
                    .map(h -> h.getValue().get(0)).findFirst().orElse(null);
            if (header.getValue().path("required").asBoolean()) {
                assertThat(value).as(header.getKey() + " header of " + what).isNotNull();
            }
            String pointer = API.headerSchemaPointer(documented, header.getKey());
            if (value != null && pointer != null) {
                JsonNode asJson = value.matches("[0-9]+") ? IntNode.valueOf(Integer.parseInt(value)) : TextNode.valueOf(value);
                assertThat(API.errors(pointer, asJson)).as(header.getKey() + " header of " + what).isEmpty();
            }
        }
        JsonNode content = documented.path("content");
        if (content.isMissingNode()) {
            assertThat(body).as("no body for " + what).isEmpty();
            return;
        }
        String contentType = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
                .map(h -> h.getValue().get(0)).findFirst().orElse("");
        List<String> documentedTypes = new ArrayList<>();
        content.fieldNames().forEachRemaining(documentedTypes::add);
        String mediaType = documentedTypes.stream().filter(contentType::startsWith).findFirst()
                .orElseThrow(() -> new AssertionError("Content-Type of " + what + " is '" + contentType + "', documented: " + documentedTypes));
        if (mediaType.contains("json")) {
            List<String> errors = API.errors(API.schemaPointer(operation, status, mediaType), JSON.readTree(body));
            assertThat(errors).as(what).isEmpty();
        }
    }

    private void liveEventsOfEveryType() throws Exception {
        String operation = "GET /api/v1/stream";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ready.port() + "/api/v1/stream"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + TOKEN).build();
        CompletableFuture<HttpResponse<Stream<String>>> pending = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = pending.get(10, TimeUnit.SECONDS);
        checkAgainstDocument(operation, response.statusCode(), response.headers().map(), null, operation);
        // The cap is one stream: a second one, while this one is open, is refused.
        call(ready, operation, "/api/v1/stream", Map.of("Authorization", "Bearer " + TOKEN, "Accept", "text/event-stream"), 503);
        Set<String> types = new TreeSet<>();
        List<String> errors = new ArrayList<>();
        Set<String> expected = new TreeSet<>();
        API.document().at("/components/schemas/LiveEvent/properties/type/enum").forEach(t -> expected.add(t.asText()));
        try (Stream<String> lines = response.body()) {
            var it = lines.iterator();
            while (!types.equals(expected) && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data:")) {
                    JsonNode event = JSON.readTree(line.substring(5).trim());
                    types.add(event.path("type").asText());
                    errors.addAll(API.componentErrors("LiveEvent", event));
                }
            }
        }
        assertThat(errors).isEmpty();
        assertThat(types).isEqualTo(expected);
    }

    private static HttpResponse<String> send(ApiServer server, String path, Map<String, String> headers) throws Exception {
        return send(server, path, "GET", headers);
    }

    private static HttpResponse<String> send(ApiServer server, String path, String method, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A concrete path of a documented operation (path parameters filled in). */
    private static String example(String operation) {
        String template = operation.split(" ", 2)[1];
        return template.replace("/vaccination/districts/{code}", "/vaccination/districts/178")
                .replace("/gates/{code}", "/gates/HUU_NGHI")
                .replace("/areas/{code}", "/areas/20")
                + (template.endsWith("/daily") || template.endsWith("/situation") ? "?from=2021-09-01&to=2021-09-02" : "");
    }

    // ---- data

    /** The modules every deployment serves ({@link ApiServer#modules}), over the test's topics. */
    private static List<ApiModule> modules(KafkaBroker broker, TopicNames topics) {
        return ApiServer.modules(new ApiConfig(broker.bootstrapServers(), registry.url(), "127.0.0.1", 0), topics);
    }

    private static void publish(KafkaBroker broker, TopicNames topics) throws Exception {
        SpecificAvroSerde<SpecificRecord> values = new SpecificAvroSerde<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), values.serializer())) {
            List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
            records.add(new ProducerRecord<>(topics.name(Topics.VACCINATION_COVERAGE), "178|18+", coverage("178", "18+", 2_000L, 1_999, 1_000, 10)));
            records.add(new ProducerRecord<>(topics.name(Topics.VACCINATION_COVERAGE), "178|12-17", coverage("178", "12-17", 300L, 300, 3, 0)));
            records.add(new ProducerRecord<>(topics.name(Topics.VACCINATION_COVERAGE), "186|18+", coverage("186", "18+", null, 5, 0, 0)));
            for (int day = 1; day <= 10; day++) {
                LocalDate date = LocalDate.of(2021, 9, day);
                records.add(new ProducerRecord<>(topics.name(Topics.DAILY_DOSES), "178|18+|" + date, DailyDoses.newBuilder()
                        .setDistrictCode("178").setAgeGroup("18+").setDay(date).setFirstDoses(10L * day).setSecondDoses(day)
                        .setBoosterDoses(0).setAsOf(NOW).build()));
            }
            records.add(new ProducerRecord<>(topics.name(Topics.ALLOCATION_TOTALS), "178", allocation("178", 4_000)));
            records.add(new ProducerRecord<>(topics.name(Topics.COVERAGE_TARGETS), "18+|twoDoses", CoverageTarget.newBuilder()
                    .setAgeGroup("18+").setMeasure("twoDoses").setTargetPct(new BigDecimal("95.00")).build()));
            records.add(new ProducerRecord<>(topics.name(Topics.COVERAGE_TARGETS), "12-17|atLeastOneDose", CoverageTarget.newBuilder()
                    .setAgeGroup("12-17").setMeasure("atLeastOneDose").setTargetPct(new BigDecimal("90.00")).build()));
            records.add(new ProducerRecord<>(topics.name(Topics.ALLOCATION_TOTALS), "province", allocation(null, 1_000)));

            records.add(new ProducerRecord<>(topics.name(Topics.GATES), "HUU_NGHI", Gate.newBuilder().setCode("HUU_NGHI")
                    .setName("Cửa khẩu quốc tế Hữu Nghị").setKind(GateKind.INTERNATIONAL_ROAD).setDistrictCode("183").setOpen(true).build()));
            records.add(new ProducerRecord<>(topics.name(Topics.GATE_YARDS), "HUU_NGHI", GateYard.newBuilder().setGateCode("HUU_NGHI")
                    .setBacklog(412).setArrivals(1000).setCrossings(580).setDeparturesWithoutCrossing(8).setCrossingsWithoutArrival(0)
                    .setAsOf(NOW).build()));
            // A gate seen in the data but missing from the reference topic: its reference fields are null.
            records.add(new ProducerRecord<>(topics.name(Topics.GATE_YARDS), "CHI_MA", GateYard.newBuilder().setGateCode("CHI_MA")
                    .setBacklog(3).setArrivals(10).setCrossings(7).setDeparturesWithoutCrossing(0).setCrossingsWithoutArrival(0)
                    .setAsOf(NOW.minusSeconds(600)).build()));
            records.add(new ProducerRecord<>(topics.name(Topics.GATE_TRADE), "HUU_NGHI|DAY|2021-12-31", trade(TradePeriod.DAY, "2021-12-31")));
            records.add(new ProducerRecord<>(topics.name(Topics.GATE_TRADE), "HUU_NGHI|MONTH|2021-12", trade(TradePeriod.MONTH, "2021-12")));
            records.add(new ProducerRecord<>(topics.name(Topics.GATE_TRADE), "HUU_NGHI|YEAR|2021", trade(TradePeriod.YEAR, "2021")));
            records.add(new ProducerRecord<>(topics.name(Topics.GATE_HOURS), "HUU_NGHI|2021-12-31T15:00:00Z", GateHour.newBuilder()
                    .setGateCode("HUU_NGHI").setHourStart(Instant.parse("2021-12-31T15:00:00Z")).setVehiclesCrossed(37)
                    .setExportVehicles(30).setImportVehicles(7).setGreenLaneVehicles(2).setArrivals(40).setDeparturesWithoutCrossing(1)
                    .setWaitSamples(37).setWaitMinutes(List.of(95, 410)).setWaitCounts(List.of(36L, 1L))
                    .setWaitP50Minutes(95).setWaitP90Minutes(410).setNormalLaneWaitSamples(35)
                    .setNormalLaneWaitMinutes(List.of(95, 410)).setNormalLaneWaitCounts(List.of(34L, 1L))
                    .setNormalLaneWaitP90Minutes(410).setAsOf(NOW).build()));
            records.add(new ProducerRecord<>(topics.name(Topics.GATE_SCREENINGS), "HUU_NGHI|2021-12-31", GateScreenings.newBuilder()
                    .setGateCode("HUU_NGHI").setDate("2021-12-31").setReports(8).setPeopleScreened(900).setTested(300)
                    .setPositive(2).setAsOf(NOW).build()));
            records.add(new ProducerRecord<>(topics.name(Topics.PROVINCE_TRADE), "2021", ProvinceTrade.newBuilder().setYear(2021)
                    .setExportValueUsd(usd("1650000000")).setImportValueUsd(usd("2730000000")).setTradeValueUsd(usd("4380000000"))
                    .setPlanValueUsd(usd("3080100000")).setPreviousYearValueUsd(usd("2811300000"))
                    .setPlanPct(new BigDecimal("142.20")).setGrowthPct(new BigDecimal("55.80")).setAsOf(NOW).build()));
            records.add(new ProducerRecord<>(topics.name(Topics.ALERT_STATES), "HUU_NGHI|BACKLOG|2021-12-20T02:00:00Z",
                    alert("HUU_NGHI|BACKLOG|2021-12-20T02:00:00Z", CongestionKind.BACKLOG, AlertStatus.RAISED, null)));
            records.add(new ProducerRecord<>(topics.name(Topics.ALERT_STATES), "HUU_NGHI|WAIT_P90|2021-12-02T02:00:00Z",
                    alert("HUU_NGHI|WAIT_P90|2021-12-02T02:00:00Z", CongestionKind.WAIT_P90, AlertStatus.CLEARED, NOW)));
            // A district's stock under a stock-out alert, and the province's own store.
            records.add(new ProducerRecord<>(topics.name(Topics.VACCINE_STOCK), "178|Pfizer-BioNTech",
                    stock("178", "Pfizer-BioNTech", 1_000, 960, Instant.parse("2021-09-19T03:00:00Z"))));
            records.add(new ProducerRecord<>(topics.name(Topics.VACCINE_STOCK), "province|Moderna", stock(null, "Moderna", 6_000, 0, null)));
            List<Future<?>> sent = new ArrayList<>();
            records.forEach(record -> sent.add(producer.send(record)));
            for (Future<?> ack : sent) {
                ack.get();
            }
        }
    }

    private static CohortCoverage coverage(String district, String ageGroup, Long population, long first, long second, long booster) {
        return CohortCoverage.newBuilder().setDistrictCode(district).setAgeGroup(ageGroup).setPopulation(population)
                .setPopulationYear(population == null ? null : 2021)
                .setFirstDoses(first).setSecondDoses(second).setBoosterDoses(booster).setAsOf(Instant.parse("2021-09-20T09:30:00Z")).build();
    }

    private static VaccineStock stock(String district, String product, long allocated, long administered, Instant alertRaisedAt) {
        return VaccineStock.newBuilder().setDistrictCode(district).setVaccineProduct(product).setDosesAllocated(allocated)
                .setDosesAdministered(administered).setOnHand(allocated - administered)
                .setWindowEndsOn(district == null ? null : LocalDate.parse("2021-09-20"))
                .setDailyDoses7d(district == null ? List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L) : List.of(10L, 10L, 10L, 10L, 10L, 10L, 10L))
                .setAlertRaisedAt(alertRaisedAt).setLastAlertRaisedAt(null).setLastAlertClearedAt(null)
                .setAlertRaiseBelowDays(7).setAlertClearAtDays(14).setAsOf(Instant.parse("2021-09-20T09:30:00Z")).build();
    }

    private static AllocationTotal allocation(String district, long doses) {
        return AllocationTotal.newBuilder().setDistrictCode(district).setDosesAllocated(doses)
                .setLastDeliveredOn(LocalDate.parse("2021-08-01")).build();
    }

    private static GateTrade trade(TradePeriod granularity, String period) {
        return GateTrade.newBuilder().setGateCode("HUU_NGHI").setGranularity(granularity).setPeriod(period)
                .setExportValueUsd(usd("1000.50")).setImportValueUsd(usd("2000.25"))
                .setExportTons(new BigDecimal("1.000")).setImportTons(new BigDecimal("2.500"))
                .setExportVehicles(3).setImportVehicles(4).setGreenLaneVehicles(1).setAsOf(NOW).build();
    }

    private static CongestionAlert alert(String id, CongestionKind kind, AlertStatus status, Instant clearedAt) {
        return CongestionAlert.newBuilder().setAlertId(id).setGateCode("HUU_NGHI").setKind(kind)
                .setStatus(status).setRaisedAt(Instant.parse(id.substring(id.lastIndexOf('|') + 1))).setClearedAt(clearedAt)
                .setValue(700).setPeakValue(900).setRaiseThreshold(600).setClearThreshold(300)
                .setMessage("Congestion at Cua khau quoc te Huu Nghi (HUU_NGHI)").build();
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value).setScale(2);
    }
}
