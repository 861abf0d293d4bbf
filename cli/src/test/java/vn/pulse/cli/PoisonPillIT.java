package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.topics.Topics;
import vn.pulse.platform.LocalKafka;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.producer.SimulatedDoses;
import vn.pulse.registry.serde.KafkaAvroSerializer;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.CheckpointScreening;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.VehicleType;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.VaccineAllocation;
import vn.pulse.streams.common.DeadLetters;
import vn.pulse.testing.LogCapture;

/**
 * Poison pills on every raw topic the topology reads, interleaved with good records, through the
 * whole local run (real broker, registry, exactly-once Streams app, API): each bad record lands in
 * the dead-letter topic with headers that say why and where from, every good record is counted,
 * the metrics count the bad ones, and the API's totals are those of the good records alone.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class PoisonPillIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2021-09-01T03:00:00Z");
    private static final String GATE = "HUU_NGHI";
    /** Records that cannot be read at all: the same five on each of the five topics. */
    private static final int UNREADABLE_PER_TOPIC = 4;

    @TempDir
    Path dataDir;

    /** What was sent: where each bad record went, and the expected totals of the good ones. */
    private final Map<String, String> badBySourcePosition = new HashMap<>();
    private final Map<String, Integer> badPerTopic = new TreeMap<>();
    private int goodRecords;

    @Test
    void badRecordsAreDeadLetteredWithTheirOriginAndTheGoodOnesAroundThemAreAllCounted() throws Exception {
        int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
        LocalRunOptions options = new LocalRunOptions(dataDir, false, "127.0.0.1", ports[0], ports[1], 0, 0, 0, "none", 1);
        // Everything logged from the start of the run, to check that no key is ever logged.
        try (LogCapture logs = LogCapture.start();
             LocalRun run = LocalRun.start(options);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                     ProducerFactory.durableProperties(run.kafkaBootstrapServers(), "poison-pill-it"),
                     new StringSerializer(), new ByteArraySerializer());
             KafkaAvroSerializer avro = new KafkaAvroSerializer()) {
            avro.configure(run.registryClients().serdeConfig(run.registryUrl()), false);
            Sender send = new Sender(producer, avro);

            // Doses: 6 good, 1 of them corrected later (a good correction), so 5 count.
            SimulatedDoses generator = new SimulatedDoses(7);
            List<DoseAdministered> good = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                good.add(generator.next(T0.plusSeconds(i)));
            }
            String doses = Topics.VACCINATION_DOSES.name();
            send.poisonInterleaved(doses, good.stream().map(d -> (SpecificRecord) d).toList(),
                    List.of(new Invalid(dose(good.get(0), "d-bad-district", "999", good.get(0).getAgeGroup(), T0), "districtCode"),
                            new Invalid(dose(good.get(0), "d-bad-age", "180", "200+", T0), "ageGroup"),
                            new Invalid(dose(good.get(0), "d-before-campaign", "180", good.get(0).getAgeGroup(),
                                    Instant.parse("2019-05-01T00:00:00Z")), "administeredAt")),
                    r -> ((DoseAdministered) r).getEventId());

            String corrections = Topics.DOSE_CORRECTIONS.name();
            send.poisonInterleaved(corrections,
                    List.of(new DoseCorrection("c-1", good.get(0).getEventId(), T0.plusSeconds(60), "entered twice")),
                    List.of(new Invalid(new DoseCorrection("c-bad-dose", " ", T0.plusSeconds(60), "no dose named"), "doseEventId"),
                            new Invalid(new DoseCorrection("c-bad-reason", good.get(1).getEventId(), T0.plusSeconds(60), ""), "reason")),
                    r -> ((DoseCorrection) r).getCorrectionId());

            String allocations = Topics.VACCINE_ALLOCATIONS.name();
            LocalDate delivered = LocalDate.of(2021, 8, 30);
            send.poisonInterleaved(allocations,
                    List.of(new VaccineAllocation("a-1", "180", "AstraZeneca", 1000L, delivered),
                            new VaccineAllocation("a-2", "181", "Pfizer", 2000L, delivered),
                            new VaccineAllocation("a-3", null, "Vero Cell", 500L, delivered)),
                    List.of(new Invalid(new VaccineAllocation("a-negative", "180", "AstraZeneca", -5000L, delivered), "doses"),
                            new Invalid(new VaccineAllocation("a-bad-district", "999", "AstraZeneca", 1000L, delivered), "districtCode"),
                            new Invalid(new VaccineAllocation("a-no-product", "180", "", 1000L, delivered), "vaccineProduct")),
                    r -> ((VaccineAllocation) r).getAllocationId());

            String gateEvents = Topics.GATE_EVENTS.name();
            List<SpecificRecord> crossings = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                crossings.add(crossing("g-" + i, GATE, T0.plusSeconds(60L * i), "12.500"));
            }
            send.poisonInterleaved(gateEvents, crossings,
                    List.of(new Invalid(crossing("g-nowhere", "NOWHERE", T0, "1.000"), "gateCode"),
                            new Invalid(crossing("g-negative", GATE, T0.plusSeconds(30), "-40.000"), "tons"),
                            new Invalid(crossing("", GATE, T0.plusSeconds(30), "1.000"), "eventId")),
                    r -> ((GateEvent) r).getGateCode());

            String screenings = Topics.CHECKPOINT_SCREENINGS.name();
            List<SpecificRecord> reports = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reports.add(new CheckpointScreening("s-" + i, GATE, T0.plusSeconds(60L * i), 10, 5, 1));
            }
            send.poisonInterleaved(screenings, reports,
                    List.of(new Invalid(new CheckpointScreening("s-negative", GATE, T0, -10, 0, 0), "peopleScreened"),
                            new Invalid(new CheckpointScreening("s-more-positive", GATE, T0, 10, 2, 3), "positive"),
                            new Invalid(new CheckpointScreening("s-unknown-gate", "NOWHERE", T0, 10, 2, 1), "gateCode")),
                    r -> ((CheckpointScreening) r).getEventId());
            producer.flush();

            // The API shows the good records' totals only.
            JsonNode summary = awaitJson(run.apiUrl() + "/api/v1/vaccination/summary",
                    s -> s.get("dosesAdministered").asLong() == 5 && s.get("dosesAllocated").asLong() == 3500);
            assertThat(summary.get("dosesAdministered").asLong()).isEqualTo(5);
            String day = "from=2021-09-01&to=2021-09-01";
            JsonNode trade = awaitJson(run.apiUrl() + "/api/v1/border/gates/" + GATE + "/trade?granularity=day&" + day,
                    t -> t.get("periods").get(0).get("vehicles").asLong() == 5);
            assertThat(new BigDecimal(trade.get("periods").get(0).get("exportTons").asText())).isEqualByComparingTo("62.5");
            JsonNode screened = awaitJson(run.apiUrl() + "/api/v1/border/gates/" + GATE + "/screenings?" + day,
                    s -> s.get("days").get(0).get("peopleScreened").asLong() == 40);
            assertThat(screened.get("days").get(0).get("positive").asLong()).isEqualTo(4);

            // Requests to the gateway with its keys (each refused, nothing written), then: no key in any log line.
            List<String> secrets = ingestSecrets(run);
            String ingest = run.ingestUrl();
            assertThat(post(ingest + "/ingest/v1/vaccination-doses", secrets.get(0), "{}").statusCode()).isIn(400, 403);
            assertThat(post(ingest + "/ingest/v1/vaccination-doses", secrets.get(0) + "x", "{}").statusCode()).isEqualTo(401);
            assertThat(post(ingest + "/ingest/v1/gate-events", secrets.get(secrets.size() / 2 - 1), "[1]").statusCode()).isIn(400, 403);
            secrets.addAll(registrySecrets(run));
            logs.assertNoneContains(secrets);

            // Every bad record, and nothing else, is in the dead-letter topic, with its origin.
            Map<String, ConsumerRecord<byte[], byte[]>> letters = readDeadLetters(run.kafkaBootstrapServers());
            assertThat(letters.keySet()).containsExactlyInAnyOrderElementsOf(badBySourcePosition.keySet());
            Map<String, Integer> reasons = new TreeMap<>();
            for (var letter : letters.entrySet()) {
                Headers h = letter.getValue().headers();
                String reason = header(h, DeadLetters.REASON);
                String expected = badBySourcePosition.get(letter.getKey());
                assertThat(reason).as(letter.getKey()).contains(expected);
                assertThat(header(h, DeadLetters.STEP)).isNotBlank();
                assertThat(Long.parseLong(header(h, DeadLetters.TIMESTAMP))).isPositive();
                reasons.merge(header(h, DeadLetters.STEP), 1, Integer::sum);
            }
            System.out.printf("PoisonPillIT: %d good records, %d bad records per topic %s, dead letters per step %s%n",
                    goodRecords, letters.size(), badPerTopic, reasons);

            // The metrics count them: unreadable ones by kind and topic, invalid ones by step.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = get(run.streamsUrl() + "/metrics").body();
                for (String topic : badPerTopic.keySet()) {
                    for (String kind : List.of("bad-magic-byte", "unknown-schema-id", "malformed-avro", "too-short")) {
                        assertThat(sum(metrics, "pulse_streams_undeserializable_records_total", "reason=\"" + kind + "\"",
                                "topic=\"" + topic + "\"")).as(topic + " " + kind).isEqualTo(1.0);
                    }
                }
                assertThat(sum(metrics, "kafka_stream_pulse_dead_letters_dead_lettered_total"))
                        .isEqualTo(letters.size() - UNREADABLE_PER_TOPIC * badPerTopic.size());
            });
        }
    }

    /** The local run's plain ingest keys (last word of each line of its key file) and their hashes. */
    private List<String> ingestSecrets(LocalRun run) throws IOException {
        List<String> plain = new ArrayList<>();
        for (String line : Files.readAllLines(run.ingestKeysFile())) {
            if (!line.isBlank() && !line.startsWith("#")) {
                plain.add(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        List<String> hashes = new ArrayList<>();
        for (String line : Files.readAllLines(dataDir.resolve("ingest-keys.properties"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                hashes.add(line.substring(line.lastIndexOf('|') + 1));
            }
        }
        assertThat(plain).hasSizeGreaterThan(1).hasSameSizeAs(hashes);
        List<String> secrets = new ArrayList<>(plain);
        secrets.addAll(hashes);
        return secrets;
    }

    /** The local run's registry passwords and their hashes. */
    private List<String> registrySecrets(LocalRun run) throws IOException {
        List<String> secrets = new ArrayList<>();
        for (String line : Files.readAllLines(run.registryCredentialsFile())) {
            if (line.contains("user-info=")) {
                secrets.add(line.substring(line.indexOf(':') + 1));
            }
        }
        for (String line : Files.readAllLines(dataDir.resolve("registry-users.properties"))) {
            if (line.contains("pbkdf2-sha256:")) {
                secrets.add(line.substring(line.lastIndexOf(':') + 1, line.lastIndexOf(',')));
            }
        }
        assertThat(secrets).hasSize(4);
        return secrets;
    }

    private static HttpResponse<String> post(String url, String key, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Valid Avro with an impossible value, and a word its dead-letter reason must contain (the field). */
    private record Invalid(SpecificRecord value, String reasonContains) {
    }

    /** Sends records as raw bytes, good ones Avro-framed by the registry serializer, noting where the bad ones went. */
    private final class Sender {
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaAvroSerializer avro;

        Sender(KafkaProducer<String, byte[]> producer, KafkaAvroSerializer avro) {
            this.producer = producer;
            this.avro = avro;
        }

        /** Good records with, between them, every unreadable kind, a null value and each invalid record. */
        void poisonInterleaved(String topic, List<SpecificRecord> good, List<Invalid> invalid,
                               java.util.function.Function<SpecificRecord, String> key) throws Exception {
            byte[] framed = avro.serialize(topic, good.get(0));
            List<Runnable> bad = new ArrayList<>();
            String k = key.apply(good.get(0)) + "-poison";
            bad.add(() -> bad(topic, k + "-magic", withFirstByte(framed, (byte) 1), "bad-magic-byte"));
            bad.add(() -> bad(topic, k + "-schema", withSchemaId(framed, 987_654_321), "unknown-schema-id"));
            bad.add(() -> bad(topic, k + "-truncated", Arrays.copyOf(framed, framed.length / 2), "malformed-avro"));
            bad.add(() -> bad(topic, k + "-empty", new byte[0], "too-short"));
            bad.add(() -> bad(topic, k + "-null", null, "value is missing"));
            for (Invalid i : invalid) {
                bad.add(() -> bad(topic, key.apply(i.value()), avro.serialize(topic, i.value()), i.reasonContains()));
            }
            // The bad ones go between the good ones, two before each; whatever is left before the last good one.
            int b = 0;
            for (int g = 0; g < good.size(); g++) {
                int share = g == good.size() - 1 ? bad.size() - b : Math.min(2, bad.size() - b);
                for (int i = 0; i < share; i++) {
                    bad.get(b++).run();
                }
                send(topic, key.apply(good.get(g)), avro.serialize(topic, good.get(g)));
                goodRecords++;
            }
        }

        private void bad(String topic, String key, byte[] value, String reasonContains) {
            RecordMetadata at = send(topic, key, value);
            badBySourcePosition.put(position(topic, at.partition(), at.offset()), reasonContains);
            badPerTopic.merge(topic, 1, Integer::sum);
        }

        private RecordMetadata send(String topic, String key, byte[] value) {
            try {
                return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot send to " + topic, e);
            }
        }
    }

    private Map<String, ConsumerRecord<byte[], byte[]>> readDeadLetters(String bootstrap) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "poison-pill-it-" + System.nanoTime());
        Map<String, ConsumerRecord<byte[], byte[]>> letters = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Headers h = r.headers();
                    letters.put(position(header(h, DeadLetters.SOURCE_TOPIC), Integer.parseInt(header(h, DeadLetters.SOURCE_PARTITION)),
                            Long.parseLong(header(h, DeadLetters.SOURCE_OFFSET))), r);
                }
                return letters.size() >= badBySourcePosition.size();
            });
            // Nothing more arrives: a good record sent to the dead-letter topic would show up here.
            Set<String> before = new HashSet<>(letters.keySet());
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> letters.put("unexpected@" + r.offset(), r));
            assertThat(letters.keySet()).isEqualTo(before);
        }
        return letters;
    }

    private static DoseAdministered dose(DoseAdministered like, String id, String district, String ageGroup, Instant at) {
        return DoseAdministered.newBuilder(like).setEventId(id).setDistrictCode(district).setAgeGroup(ageGroup)
                .setAdministeredAt(at).setReportedAt(T0.plusSeconds(3600)).build();
    }

    private static GateEvent crossing(String id, String gate, Instant at, String tons) {
        return new GateEvent(id, gate, at, GateEventKind.CROSSED, TradeDirection.EXPORT, "51C-" + id, VehicleType.TRUCK,
                CargoCategory.AGRICULTURAL_PRODUCE, false, new BigDecimal(tons), new BigDecimal("1000.00"));
    }

    private static byte[] withFirstByte(byte[] framed, byte magic) {
        byte[] copy = framed.clone();
        copy[0] = magic;
        return copy;
    }

    private static byte[] withSchemaId(byte[] framed, int id) {
        byte[] copy = framed.clone();
        copy[1] = (byte) (id >>> 24);
        copy[2] = (byte) (id >>> 16);
        copy[3] = (byte) (id >>> 8);
        copy[4] = (byte) id;
        return copy;
    }

    private static String position(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    private static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        assertThat(h).as("header " + name).isNotNull();
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Sum of the Prometheus samples of {@code metric} whose labels contain every one of {@code labels}. */
    private static double sum(String exposition, String metric, String... labels) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)} (\\S+)$").matcher(exposition);
        while (m.find()) {
            String found = m.group(1);
            if (Arrays.stream(labels).allMatch(found::contains)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private static JsonNode awaitJson(String url, java.util.function.Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<String> response = get(url);
                if (response.statusCode() != 200) {
                    return false;
                }
                last[0] = JSON.readTree(response.body());
                return done.test(last[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Last answer of " + url + ": " + last[0], e);
        }
        return last[0];
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
