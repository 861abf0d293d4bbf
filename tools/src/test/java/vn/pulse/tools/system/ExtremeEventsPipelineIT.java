package vn.pulse.tools.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.core.config.Settings;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.reference.Gates;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ingest.ApiKeys;
import vn.pulse.producer.ingest.IngestConfig;
import vn.pulse.producer.ingest.IngestKind;
import vn.pulse.producer.ingest.IngestServer;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.KafkaAvroDeserializer;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.border.VehicleType;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.streams.common.DeadLetters;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;
import vn.pulse.testing.property.Gen;
import vn.pulse.testing.property.Property;

/**
 * A property of the whole pipeline, through the real ingest gateway (HTTP, valid keys), the real
 * exactly-once Streams app and the real API on one broker: whatever extreme but well-formed events
 * are posted (every field at and near its bounds: the longest ids, astral and combining characters,
 * tabs and line breaks, quotes and backslashes, the earliest event times and the newest the clock
 * skew allows, zero and the largest tons and values, written as numbers or as text, both scales),
 * afterwards
 * <ul>
 *   <li>the Streams app's consumer group has no lag,</li>
 *   <li>the gateway, the Streams app and the API report ready,</li>
 *   <li>every event the gateway accepted (202) is either counted (the cohort coverage and the
 *       gates' yearly and daily trade equal the figures recomputed from the accepted events that
 *       were not dead-lettered, and the API's dose total equals them) or is in the dead-letter topic,
 *       traced by its source partition and offset, with a reason,</li>
 *   <li>an ordinary dose and an ordinary crossing posted last are counted, not dead-lettered.</li>
 * </ul>
 * The events come from generators ({@link Gen}) driven by a seeded {@link Random}: a failure prints the seed,
 * and {@code -Dpulse.property.seed=<seed>} runs the same events again. A few tries of a few dozen
 * events each keep it within about a minute on two cores; the pipeline stays up between tries, so
 * the figures accumulate and each try is checked against everything accepted so far.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class ExtremeEventsPipelineIT {

    private static final int TRIES = 3;
    private static final int MIN_EVENTS = 30;
    private static final int MAX_EVENTS = 50;
    private static final String CUSTOMS_KEY = "property-it-customs-key";
    private static final String SITE_KEY = "property-it-site-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every generated id is distinct: the topology rightly counts a re-sent id once. */
    private static long ids;

    @TempDir
    Path stateDir;

    private KafkaBroker broker;
    private TopicNames topics;
    private String applicationId;
    /** Every event accepted so far, by where the gateway wrote it ({@code topic/partition/offset}). */
    private final Map<String, ObjectNode> accepted = new HashMap<>();
    private final Map<String, IngestKind> acceptedKind = new HashMap<>();
    private int posted;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void everyAcceptedEventIsCountedOrDeadLetteredWithAReasonAndTheServicesStayWell(KafkaBroker kafka) throws Exception {
        this.broker = kafka;
        long seed = Property.seed();
        Random random = new Random(seed);
        String failure = "seed " + seed + " (run again with -Dpulse.property.seed=" + seed + ")";
        // Every try's events up front: doses, then gate events.
        List<List<List<ObjectNode>>> tries = new ArrayList<>();
        Gen<ObjectNode> dose = dose();
        Gen<ObjectNode> gateEvent = gateEvent();
        for (int t = 0; t < TRIES; t++) {
            int size = MIN_EVENTS + random.nextInt(MAX_EVENTS - MIN_EVENTS + 1);
            List<ObjectNode> doses = new ArrayList<>();
            List<ObjectNode> gateEvents = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                if (random.nextBoolean()) {
                    doses.add(dose.next(random));
                } else {
                    gateEvents.add(gateEvent.next(random));
                }
            }
            tries.add(List.of(doses, gateEvents));
        }
        topics = broker.createUniqueTopics();
        applicationId = broker.uniqueName("extreme-events-it");
        long started = System.nanoTime();
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
             IngestServer gateway = IngestServer.start(ingestConfig(registry.url()), topics, java.time.Clock.systemUTC());
             StreamsApp streams = StreamsApp.start(new StreamsAppConfig(broker.bootstrapServers(), registry.url(), applicationId,
                     stateDir, Duration.ofMillis(100), 1, "127.0.0.1", 0), topics);
             ApiServer api = startApi(registry.url())) {
            for (int t = 1; t <= TRIES; t++) {
                List<ObjectNode> doses = tries.get(t - 1).get(0);
                List<ObjectNode> gateEvents = tries.get(t - 1).get(1);
                int size = doses.size() + gateEvents.size();
                post(gateway, IngestKind.VACCINATION_DOSES, SITE_KEY, doses);
                post(gateway, IngestKind.GATE_EVENTS, CUSTOMS_KEY, gateEvents);
                // An ordinary dose and crossing, last: the extremes before them must not have stalled anything.
                String normalDose = post(gateway, IngestKind.VACCINATION_DOSES, SITE_KEY, List.of(normalDose())).get(0);
                String normalCrossing = post(gateway, IngestKind.GATE_EVENTS, CUSTOMS_KEY, List.of(normalCrossing())).get(0);
                assertThat(normalDose).as(failure + ": the ordinary dose is accepted").isNotNull();
                assertThat(normalCrossing).as(failure + ": the ordinary crossing is accepted").isNotNull();

                int tryNumber = t;
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(lag()).as(failure + ": lag of " + applicationId + " after try " + tryNumber).isZero();
                    Map<String, String> deadLetters = deadLetters();
                    assertThat(deadLetters).as(failure + ": the ordinary events of try " + tryNumber + " are not dead-lettered")
                            .doesNotContainKeys(normalDose, normalCrossing);
                    assertThat(deadLetters.values()).as(failure + ": every dead letter has a reason").allMatch(r -> !r.isBlank());
                    assertThat(accepted.keySet()).as(failure + ": dead letters trace back to accepted events")
                            .containsAll(deadLetters.keySet());
                    Map<String, long[]> expectedCoverage = new TreeMap<>();
                    Map<String, List<BigDecimal>> expectedTrade = new TreeMap<>();
                    accepted.forEach((where, event) -> {
                        if (!deadLetters.containsKey(where)) {
                            count(acceptedKind.get(where), event, expectedCoverage, expectedTrade);
                        }
                    });
                    assertThat(coverage(registry.url())).as(failure + ": cohort coverage after try " + tryNumber)
                            .isEqualTo(flatten(expectedCoverage));
                    assertThat(trade(registry.url())).as(failure + ": gate trade after try " + tryNumber)
                            .isEqualTo(flattenTrade(expectedTrade));
                    long doseTotal = expectedCoverage.values().stream().mapToLong(c -> c[0] + c[1] + c[2]).sum();
                    assertThat(get(api.port(), "/api/v1/vaccination/summary").get("dosesAdministered").asLong())
                            .as(failure + ": the API's dose total").isEqualTo(doseTotal);
                });
                // Ready is reached, not held from the first record on: a rebalance reads not ready for a moment.
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertThat(status(gateway.port(), "/health/ready")).as("gateway ready").isEqualTo(200);
                    assertThat(status(streams.httpPort(), "/health/ready")).as("Streams ready").isEqualTo(200);
                    assertThat(status(api.port(), "/health/ready")).as("API ready").isEqualTo(200);
                });
                System.out.printf("ExtremeEventsPipelineIT: try %d of %d (%d events) checked after %.1f s; %d accepted so far, %d dead-lettered%n",
                        t, TRIES, size + 2, (System.nanoTime() - started) / 1e9, accepted.size(), deadLetters().size());
            }
            // Not vacuous: most of what was posted was accepted, and some of it was dead-lettered.
            assertThat(accepted.size()).as(failure + ": accepted of " + posted + " posted").isGreaterThan(posted / 2);
            System.out.printf("ExtremeEventsPipelineIT: %s; %d events posted, %d accepted, %d dead-lettered with a reason, in %.1f s%n",
                    failure, posted, accepted.size(), deadLetters().size(), (System.nanoTime() - started) / 1e9);
            // The reasons, without their figures: what the topology refuses that the gateway lets through.
            deadLetters().values().stream()
                    .collect(Collectors.groupingBy(r -> r.replaceAll("[0-9][0-9:.TZ+-]*", "#"), TreeMap::new, Collectors.counting()))
                    .forEach((reason, n) -> System.out.printf("ExtremeEventsPipelineIT:   %3d dead-lettered: %s%n", n, reason));
        }
    }

    // ---- the pipeline

    private IngestConfig ingestConfig(String registryUrl) {
        String keys = "customs=customs|*|" + ApiKeys.hash(CUSTOMS_KEY) + ";site=site|*|" + ApiKeys.hash(SITE_KEY);
        return IngestConfig.from(Settings.of(IngestConfig.DEFAULTS, Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                "registry.url", registryUrl, "ingest.http.port", "0", "ingest.keys", keys)));
    }

    private ApiServer startApi(String registryUrl) {
        ApiConfig config = new ApiConfig(broker.bootstrapServers(), registryUrl, "127.0.0.1", 0);
        return ApiServer.start(config, ApiServer.modules(config, topics));
    }

    /**
     * Posts {@code events} as one batch; if the gateway refuses the batch (one bad event refuses all),
     * each event alone. Remembers the accepted ones; returns where each event was written, or null.
     */
    private List<String> post(IngestServer gateway, IngestKind kind, String key, List<ObjectNode> events) throws Exception {
        if (events.isEmpty()) {
            return List.of();
        }
        posted += events.size();
        ArrayNode batch = JSON.createArrayNode();
        events.forEach(batch::add);
        HttpResponse<String> response = postJson(gateway.port(), kind, key, batch.toString());
        if (response.statusCode() == 202) {
            return accept(kind, events, JSON.readTree(response.body()).get("events"));
        }
        assertThat(response.statusCode()).as("a batch the gateway refuses is refused as invalid: " + response.body()).isEqualTo(400);
        List<String> where = new ArrayList<>();
        for (ObjectNode event : events) {
            HttpResponse<String> one = postJson(gateway.port(), kind, key, event.toString());
            assertThat(one.statusCode()).as("one event: accepted or refused as invalid: " + one.body()).isIn(202, 400);
            where.add(one.statusCode() == 202 ? accept(kind, List.of(event), JSON.readTree(one.body()).get("events")).get(0) : null);
        }
        return where;
    }

    private List<String> accept(IngestKind kind, List<ObjectNode> events, JsonNode results) {
        List<String> where = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode r = results.get(i);
            assertThat(r.get("written").asBoolean()).as("written: " + r).isTrue();
            String at = location(topics.name(kind.topic()), r.get("partition").asInt(), r.get("offset").asLong());
            accepted.put(at, events.get(i));
            acceptedKind.put(at, kind);
            where.add(at);
        }
        return where;
    }

    private static String location(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    private static HttpResponse<String> postJson(int port, IngestKind kind, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + IngestServer.PATH_PREFIX + kind.path()))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    // ---- what the pipeline did

    /** The Streams app's consumer-group lag over every partition it consumes (input and repartition topics). */
    private long lag() throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(
                    admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS));
            // Input partitions the group has not committed yet count from 0.
            for (IngestKind kind : List.of(IngestKind.VACCINATION_DOSES, IngestKind.GATE_EVENTS)) {
                String topic = topics.name(kind.topic());
                admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(p -> committed.putIfAbsent(new TopicPartition(topic, p.partition()), new OffsetAndMetadata(0)));
            }
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
            return committed.entrySet().stream()
                    .mapToLong(e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset())).sum();
        }
    }

    /** Every dead letter's source ({@code topic/partition/offset}) with its reason header ("" if none). */
    private Map<String, String> deadLetters() {
        Map<String, String> letters = new HashMap<>();
        readAll(topics.name(Topics.DEAD_LETTERS), r -> letters.put(
                location(header(r, DeadLetters.SOURCE_TOPIC), Integer.parseInt(header(r, DeadLetters.SOURCE_PARTITION)),
                        Long.parseLong(header(r, DeadLetters.SOURCE_OFFSET))), header(r, DeadLetters.REASON)));
        return letters;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The latest coverage of every cohort: {@code district|ageGroup} to "first/second/booster". */
    private Map<String, String> coverage(String registryUrl) {
        Map<String, String> coverage = new TreeMap<>();
        try (Deserializer<Object> avro = avro(registryUrl)) {
            readAll(topics.name(Topics.VACCINATION_COVERAGE), r -> {
                if (r.value() != null) {
                    CohortCoverage c = (CohortCoverage) avro.deserialize(r.topic(), r.value());
                    coverage.put(AggregateKeys.cohort(c.getDistrictCode(), c.getAgeGroup()),
                            c.getFirstDoses() + "/" + c.getSecondDoses() + "/" + c.getBoosterDoses());
                }
            });
        }
        coverage.values().removeIf("0/0/0"::equals);
        return coverage;
    }

    /** The latest yearly and daily trade of every gate: key to "vehicles/greenLane/tons/usd" (export + import). */
    private Map<String, String> trade(String registryUrl) {
        Map<String, String> trade = new TreeMap<>();
        try (Deserializer<Object> avro = avro(registryUrl)) {
            readAll(topics.name(Topics.GATE_TRADE), r -> {
                if (r.value() != null) {
                    GateTrade g = (GateTrade) avro.deserialize(r.topic(), r.value());
                    if (g.getGranularity() != TradePeriod.MONTH) {
                        trade.put(AggregateKeys.gateTrade(g.getGateCode(), g.getGranularity(), g.getPeriod()),
                                tradeFigures(List.of(BigDecimal.valueOf(g.getExportVehicles() + g.getImportVehicles()),
                                        BigDecimal.valueOf(g.getGreenLaneVehicles()), g.getExportTons().add(g.getImportTons()),
                                        g.getExportValueUsd().add(g.getImportValueUsd()))));
                    }
                }
            });
        }
        return trade;
    }

    /** Adds an event the gateway accepted and the topology did not dead-letter to the expected figures. */
    private static void count(IngestKind kind, ObjectNode event, Map<String, long[]> coverage, Map<String, List<BigDecimal>> trade) {
        if (kind == IngestKind.VACCINATION_DOSES) {
            long[] c = coverage.computeIfAbsent(AggregateKeys.cohort(event.get("districtCode").asText(), event.get("ageGroup").asText()),
                    k -> new long[3]);
            switch (DoseKind.valueOf(event.get("doseKind").asText())) {
                case FIRST -> c[0]++;
                case SECOND -> c[1]++;
                case BOOSTER -> c[2]++;
            }
        } else if (GateEventKind.valueOf(event.get("kind").asText()) == GateEventKind.CROSSED) {
            ZonedDateTime local = Instant.parse(event.get("occurredAt").asText()).atZone(DomainRules.ZONE);
            String gate = event.get("gateCode").asText();
            boolean green = event.has("greenLane") && event.get("greenLane").asBoolean();
            BigDecimal tons = new BigDecimal(event.get("tons").asText());
            BigDecimal usd = new BigDecimal(event.get("declaredValueUsd").asText());
            for (String key : List.of(AggregateKeys.gateTrade(gate, TradePeriod.YEAR, Integer.toString(local.getYear())),
                    AggregateKeys.gateTrade(gate, TradePeriod.DAY, local.toLocalDate().toString()))) {
                List<BigDecimal> t = trade.computeIfAbsent(key, k -> new ArrayList<>(List.of(BigDecimal.ZERO, BigDecimal.ZERO,
                        BigDecimal.ZERO, BigDecimal.ZERO)));
                t.set(0, t.get(0).add(BigDecimal.ONE));
                t.set(1, t.get(1).add(green ? BigDecimal.ONE : BigDecimal.ZERO));
                t.set(2, t.get(2).add(tons));
                t.set(3, t.get(3).add(usd));
            }
        }
    }

    private static Map<String, String> flatten(Map<String, long[]> coverage) {
        Map<String, String> flat = new TreeMap<>();
        coverage.forEach((k, c) -> flat.put(k, c[0] + "/" + c[1] + "/" + c[2]));
        flat.values().removeIf("0/0/0"::equals);
        return flat;
    }

    private static Map<String, String> flattenTrade(Map<String, List<BigDecimal>> trade) {
        Map<String, String> flat = new TreeMap<>();
        trade.forEach((k, t) -> flat.put(k, tradeFigures(t)));
        return flat;
    }

    /** Decimals by value, whatever their scale. */
    private static String tradeFigures(List<BigDecimal> figures) {
        return figures.stream().map(d -> d.stripTrailingZeros().toPlainString()).collect(Collectors.joining("/"));
    }

    private static Deserializer<Object> avro(String registryUrl) {
        KafkaAvroDeserializer d = new KafkaAvroDeserializer();
        d.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl, AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);
        return d;
    }

    /** Every committed record of {@code topic}, from the beginning to its end now. */
    private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading " + topic + " to its end").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    // ---- the events: valid keys, extreme but well-formed values of every field

    private Gen<ObjectNode> dose() {
        Instant latest = now.plus(DomainRules.DEFAULT_CLOCK_SKEW).minus(Duration.ofMinutes(1));
        Gen<Function<String, String>> texts = text();
        Gen<Instant> administered = instant(DomainRules.CAMPAIGN_START, latest);
        Gen<Integer> reportedKinds = Gen.ints(0, 3);
        Gen<String> districts = Gen.of(Districts.ALL.stream().map(d -> d.code()).toList());
        Gen<String> ages = Gen.of(AgeGroups.ALL);
        Gen<DoseKind> kinds = Gen.of(DoseKind.class);
        Gen<String> persons = personRef();
        return r -> {
            Instant at = administered.next(r);
            ObjectNode d = JSON.createObjectNode().put("eventId", texts.next(r).apply("dose-" + nextId()))
                    .put("administeredAt", at.toString()).put("siteId", texts.next(r).apply("site"))
                    .put("districtCode", districts.next(r)).put("ageGroup", ages.next(r)).put("doseKind", kinds.next(r).name())
                    .put("vaccineProduct", texts.next(r).apply("vaccine"));
            // reportedAt: absent (the gateway's clock), the same, up to an hour before it (clocks differ), the latest allowed
            switch (reportedKinds.next(r)) {
                case 1 -> d.put("reportedAt", at.toString());
                case 2 -> d.put("reportedAt", max(at.minus(DomainRules.REPORT_TOLERANCE).plusSeconds(1), DomainRules.CAMPAIGN_START).toString());
                case 3 -> d.put("reportedAt", latest.toString());
                default -> { }
            }
            String person = persons.next(r);
            if (person != null) {
                d.put("personRef", person);
            }
            return d;
        };
    }

    private Gen<ObjectNode> gateEvent() {
        Instant latest = now.plus(DomainRules.DEFAULT_CLOCK_SKEW).minus(Duration.ofMinutes(1));
        Gen<Function<String, String>> texts = text();
        Gen<String> gates = Gen.of(Gates.ALL.stream().map(g -> g.code()).toList());
        Gen<Instant> times = instant(DomainRules.EARLIEST_BORDER_EVENT, latest);
        Gen<GateEventKind> kinds = Gen.of(GateEventKind.class);
        Gen<TradeDirection> directions = Gen.of(TradeDirection.class);
        Gen<VehicleType> types = Gen.of(VehicleType.class);
        Gen<CargoCategory> cargos = Gen.of(CargoCategory.class);
        Gen<BigDecimal> tons = amount(DomainRules.MAX_TONS, DomainRules.TONS_SCALE);
        Gen<BigDecimal> values = amount(DomainRules.MAX_DECLARED_VALUE_USD, DomainRules.USD_SCALE);
        Gen<Integer> greenLanes = Gen.of(0, 1, 2);
        Gen<Boolean> asTexts = Gen.booleans();
        return r -> {
            ObjectNode e = JSON.createObjectNode().put("eventId", texts.next(r).apply("ge-" + nextId())).put("gateCode", gates.next(r))
                    .put("occurredAt", times.next(r).toString()).put("kind", kinds.next(r).name())
                    .put("direction", directions.next(r).name()).put("vehicleRef", texts.next(r).apply("truck"))
                    .put("vehicleType", types.next(r).name()).put("cargoCategory", cargos.next(r).name());
            BigDecimal t = tons.next(r);
            BigDecimal usd = values.next(r);
            if (asTexts.next(r)) {
                e.put("tons", t.toPlainString()).put("declaredValueUsd", usd.toPlainString());
            } else {
                e.put("tons", t).put("declaredValueUsd", usd);
            }
            int green = greenLanes.next(r);
            if (green < 2) {
                e.put("greenLane", green == 1);
            }
            return e;
        };
    }

    private ObjectNode normalDose() {
        Instant at = now.minus(Duration.ofMinutes(30));
        return JSON.createObjectNode().put("eventId", "dose-ordinary-" + nextId()).put("administeredAt", at.toString())
                .put("reportedAt", at.plusSeconds(60).toString()).put("siteId", "site-178-1").put("districtCode", "178")
                .put("ageGroup", AgeGroups.ADULTS).put("doseKind", DoseKind.FIRST.name()).put("vaccineProduct", "AstraZeneca");
    }

    private ObjectNode normalCrossing() {
        return JSON.createObjectNode().put("eventId", "ge-ordinary-" + nextId()).put("gateCode", "HUU_NGHI")
                .put("occurredAt", now.minus(Duration.ofMinutes(10)).toString()).put("kind", GateEventKind.CROSSED.name())
                .put("direction", TradeDirection.EXPORT.name()).put("vehicleRef", "truck-ordinary")
                .put("vehicleType", VehicleType.CONTAINER_TRUCK.name()).put("cargoCategory", CargoCategory.AGRICULTURAL_PRODUCE.name())
                .put("tons", new BigDecimal("20.500")).put("declaredValueUsd", new BigDecimal("31000.00"));
    }

    private static synchronized long nextId() {
        return ++ids;
    }

    /**
     * Text at its edges, made from a base (a fresh id, or a word): as is; padded to the longest length
     * with Vietnamese letters or with astral characters (two UTF-16 units each); with a tab, line
     * breaks, U+2028, quotes and backslashes, combining marks, right-to-left script, a BOM and U+FFFF.
     */
    private static Gen<Function<String, String>> text() {
        return Gen.frequency(
                Gen.weighted(4, Gen.constant(base -> base)),
                Gen.weighted(1, Gen.constant(base -> pad(base + " ", "Đường", DomainRules.MAX_TEXT))),
                Gen.weighted(1, Gen.constant(base -> pad(base, "\uD83D\uDE9A", DomainRules.MAX_TEXT))),
                Gen.weighted(1, Gen.constant(base -> base + "\twith\ttabs\r\nand\nbreaks\u2028")),
                Gen.weighted(1, Gen.constant(base -> "\"" + base + "\\\"\\\\</script>")),
                Gen.weighted(1, Gen.constant(base -> base + "-Nguye\u0302\u0303n-\u0645\u0631\u062D\u0628\u0627-\uFEFF\uFFFF")),
                Gen.weighted(1, Gen.constant(base -> "  " + base + "  ")));
    }

    /** {@code base} followed by {@code filler} as often as fits in {@code length} UTF-16 units (never splitting a pair). */
    private static String pad(String base, String filler, int length) {
        StringBuilder s = new StringBuilder(base);
        while (s.length() + filler.length() <= length) {
            s.append(filler);
        }
        return s.toString();
    }

    /** An instant: the earliest allowed, just after it, the latest allowed, the hour before now, or anywhere between. */
    private static Gen<Instant> instant(Instant earliest, Instant latest) {
        return Gen.frequency(
                Gen.weighted(4, Gen.longs(earliest.getEpochSecond(), latest.getEpochSecond()).map(Instant::ofEpochSecond)),
                Gen.weighted(1, Gen.of(earliest, earliest.plusMillis(1), latest, latest.minus(Duration.ofHours(1)))));
    }

    /** An amount: zero, the smallest step, the largest allowed, or any between, at every scale up to {@code scale}. */
    private static Gen<BigDecimal> amount(BigDecimal max, int scale) {
        BigDecimal step = BigDecimal.ONE.movePointLeft(scale);
        return Gen.frequency(
                Gen.weighted(3, Gen.decimals(BigDecimal.ZERO, max, scale)),
                Gen.weighted(1, Gen.of(BigDecimal.ZERO, BigDecimal.ZERO.setScale(scale), step, max, max.setScale(scale),
                        max.stripTrailingZeros(), max.subtract(step))));
    }

    private static Gen<String> personRef() {
        return Gen.frequency(
                Gen.weighted(1, Gen.constant(null)),
                Gen.weighted(2, r -> {
                    byte[] b = new byte[32];
                    r.nextBytes(b);
                    return HexFormat.of().formatHex(b);
                }),
                Gen.weighted(1, Gen.of("0".repeat(64), "f".repeat(64))));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
