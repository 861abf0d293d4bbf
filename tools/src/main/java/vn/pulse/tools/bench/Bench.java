package vn.pulse.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.javalin.Javalin;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.http.Json;
import vn.pulse.core.topics.TopicProvisioner;
import vn.pulse.core.topics.Topics;
import vn.pulse.platform.LocalKafka;
import vn.pulse.platform.LocalKafkaConfig;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.producer.SimulatedDoses;
import vn.pulse.producer.ingest.ApiKeys;
import vn.pulse.producer.ingest.EventValidator;
import vn.pulse.producer.ingest.IngestConfig;
import vn.pulse.producer.ingest.IngestKey;
import vn.pulse.producer.ingest.IngestKind;
import vn.pulse.producer.ingest.IngestServer;
import vn.pulse.producer.scenario.border.BorderReferenceData;
import vn.pulse.producer.scenario.vaccination.VaccinationReferenceData;
import vn.pulse.producer.simulate.SimulatedTraffic;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.KafkaAvroSerializer;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.streams.border.BorderTopology;
import vn.pulse.streams.vaccination.VaccinationTopology;

/**
 * {@code ./pulse bench}: one run on one fresh in-process broker, every figure next to the baseline
 * it is judged against, measured in the same run (absolute figures on a shared machine drift; the
 * ratios are what the targets in docs/benchmarks.md are about). Rows run one after the other, never
 * concurrently; a row that fails is reported as failed and the others still run.
 */
public final class Bench {

    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);
    static final String HOST = "127.0.0.1";
    private static final Duration STREAMS_TIMEOUT = Duration.ofMinutes(8);
    private static final String FLOOR_OUTPUT = "bench.floor-counts";
    /** The district of rows 5c and 6: the first counting unit of the bench's data set ({@link ScaleRows#PROVINCE}). */
    private static final String DISTRICT = Geography.load(ScaleRows.PROVINCE).countingUnits().get(0).code();

    private final BenchSize size;
    private final BenchRows rows;
    private final PrintStream progress;
    private final BenchReport report = new BenchReport();
    private final ObjectMapper json = Json.newMapper();
    private final List<String> failures = new ArrayList<>();
    private final long started = System.nanoTime();

    private LocalKafka kafka;
    private SchemaRegistryServer registry;
    private Admin admin;
    private Path dataDir;
    /** The end offsets of the dose topic right after row 1 wrote it: row 9 loads exactly those records. */
    private Map<TopicPartition, Long> doseEnds;
    /** The API's summary of those doses (row 5), which row 9's SQL summary must equal. */
    private JsonNode apiSummary;

    private Bench(BenchSize size, BenchRows rows, PrintStream progress) {
        this.size = size;
        this.rows = rows;
        this.progress = progress;
    }

    /** Runs every row; the data directory is a fresh temporary one, deleted afterwards. */
    public static Bench run(BenchSize size, PrintStream progress) {
        return run(size, BenchRows.all(), progress);
    }

    /** Runs the given rows (with the rows they need); the data directory is a fresh temporary one, deleted afterwards. */
    public static Bench run(BenchSize size, BenchRows rows, PrintStream progress) {
        Bench bench = new Bench(size, rows, progress);
        try {
            bench.runAll();
        } finally {
            bench.stop();
        }
        return bench;
    }

    public BenchReport report() {
        return report;
    }

    /** The rows that failed, with why; empty when every measured row ran. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    private void runAll() {
        try {
            dataDir = Files.createTempDirectory("pulse-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the bench", e);
        }
        int[] ports = LocalKafka.freePorts(HOST, 2);
        kafka = LocalKafka.start(new LocalKafkaConfig(dataDir.resolve("kafka"), HOST, ports[0], ports[1], 6));
        admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()));
        TopicProvisioner.ensure(admin, Topics.all(), (short) 1);
        try {
            admin.createTopics(List.of(new NewTopic(FLOOR_OUTPUT, 6, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + FLOOR_OUTPUT, e);
        }
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.forKafka(kafka.bootstrapServers()).withHost(HOST).withPort(0));
        VaccinationReferenceData.publish(kafka.bootstrapServers(), registry.url());
        BorderReferenceData.publish(kafka.bootstrapServers(), registry.url());
        report.note(String.format(Locale.ROOT, "sizes: %,d dose records, %,d gate events, HTTP loads of %d s with %d clients,"
                + " ingest batches of %d; one in-process broker (6 partitions per topic), all in this JVM; scale rows: %,d doses"
                + " per run, a ledger of %,d ids", size.doses(), size.gateEvents(), size.load().toSeconds(), size.httpThreads(),
                size.batch(), size.scaleDoses(), size.ledgerIds()));

        report.note("rows: " + rows.describe());

        if (rows.runs("1")) {
            Records doses = step("generate doses", this::doseRecords);
            step("1", () -> rawProducer(doses));
            doseEnds = step("1", () -> StreamsRun.endOffsets(admin, List.of(Topics.VACCINATION_DOSES.name())));
            step("1", this::rawConsumer);
        }
        step("2", this::streamsFloor);
        step("3", this::doseTopology);
        step("3", this::gateTopology);
        step("5", this::api);
        // After (5), before (6): it continues the vaccination application of (3a) from its commits,
        // so the doses (6) writes must come after it. The table lists rows by number whatever the order.
        step("4", () -> FreshnessRow.run(env(), lastVaccinationApp, lastBorderApp));
        step("6", this::ingest);
        step("7", () -> ScenarioRow.run(env(), size.scenario()));
        step("9", () -> PostgresRow.run(env(), doseEnds, apiSummary));
        if (rows.runs("10") || rows.runs("11") || rows.runs("12")) {
            // Scale rows: brokers of their own, the Streams app as its own process; the ledger's row last, as it
            // appends doses to the Lạng Sơn broker whose baseline the other two share.
            try (ScaleRows scale = new ScaleRows(env(), rows.runs("10"), rows.runs("12"))) {
                step("10", scale::national);
                step("12", scale::partitions);
                step("11", scale::ledger);
            }
        }
    }

    /** What a row kept in its own class needs of the run. */
    record Env(String bootstrapServers, String registryUrl, Admin admin, Path dataDir, BenchSize size, BenchReport report,
               Consumer<String> progress) {

        void say(String line) {
            progress.accept(line);
        }
    }

    private Env env() {
        return new Env(kafka.bootstrapServers(), registry.url(), admin, dataDir, size, report, this::say);
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private interface VoidStep {
        void run() throws Exception;
    }

    /** Runs a step of a row unless the row was left out ({@code --rows}). */
    private <T> T step(String row, Step<T> step) {
        if (BenchRows.ALL.contains(row) && !rows.runs(row)) {
            return null;
        }
        try {
            return step.run();
        } catch (Exception e) {
            fail(row, e);
            return null;
        }
    }

    private void step(String row, VoidStep step) {
        step(row, () -> {
            step.run();
            return null;
        });
    }

    private void fail(String row, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        LOG.error("Bench row {} failed", row, e);
        failures.add("row " + row + ": " + e);
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        report.add(new BenchRow(row, "FAILED: " + (message.length() > 100 ? message.substring(0, 100) + "..." : message),
                "", Double.NaN, "", Double.NaN, "", "", null));
    }

    private void say(String line) {
        progress.printf(Locale.ROOT, "[bench %5.1f s] %s%n", (System.nanoTime() - started) / 1e9, line);
        progress.flush();
    }

    // ---- records of our real size ------------------------------------------------------------------

    /** Serialized records: the keys and values exactly as our producers write them. */
    private record Records(String topic, byte[][] keys, byte[][] values, long bytes) {
        int count() {
            return keys.length;
        }
    }

    private KafkaAvroSerializer serializer() {
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        return serializer;
    }

    private Records doseRecords() {
        say("Generating " + size.doses() + " dose records (Avro, registry wire format) ...");
        SimulatedDoses generator = new SimulatedDoses(2021);
        String topic = Topics.VACCINATION_DOSES.name();
        byte[][] keys = new byte[size.doses()][];
        byte[][] values = new byte[size.doses()][];
        long bytes = 0;
        Instant now = Instant.now();
        try (KafkaAvroSerializer serializer = serializer()) {
            for (int i = 0; i < keys.length; i++) {
                DoseAdministered dose = generator.next(now);
                keys[i] = dose.getEventId().getBytes(StandardCharsets.UTF_8);
                values[i] = serializer.serialize(topic, dose);
                bytes += keys[i].length + values[i].length;
            }
        }
        report.note(String.format(Locale.ROOT, "dose records: %.0f bytes on average (key + Avro value)", (double) bytes / keys.length));
        return new Records(topic, keys, values, bytes);
    }

    private Records gateRecords() {
        say("Generating " + size.gateEvents() + " gate events (simulated yards: arrivals, then crossings) ...");
        String topic = Topics.GATE_EVENTS.name();
        // One slot every 10 simulated seconds from well in the past (quiet night hours hold few events);
        // the validator's clock sits past the last slot, so it judges the events and not the calendar.
        Instant start = Instant.now().minusSeconds(60L * size.gateEvents());
        EventValidator validator = new EventValidator(Clock.fixed(Instant.now().plus(Duration.ofDays(3660)), ZoneOffset.UTC),
                Duration.ofMinutes(5));
        SimulatedTraffic traffic = new SimulatedTraffic(2021, start, 1, 10, SimulatedTraffic.Domain.BORDER);
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        long bytes = 0;
        try (KafkaAvroSerializer serializer = serializer()) {
            while (keys.size() < size.gateEvents()) {
                for (SimulatedTraffic.Event event : traffic.next()) {
                    if (event.kind() != IngestKind.GATE_EVENTS || keys.size() >= size.gateEvents()) {
                        continue;
                    }
                    EventValidator.Result result = validator.validate(event.kind(), event.body(), "$", false);
                    if (!result.valid()) {
                        throw new IllegalStateException("simulated gate event rejected: " + result.errors());
                    }
                    byte[] key = result.event().key().getBytes(StandardCharsets.UTF_8);
                    byte[] value = serializer.serialize(topic, result.event().value());
                    keys.add(key);
                    values.add(value);
                    bytes += key.length + value.length;
                }
            }
        }
        report.note(String.format(Locale.ROOT, "gate events: %.0f bytes on average (key + Avro value)", (double) bytes / keys.size()));
        return new Records(topic, keys.toArray(byte[][]::new), values.toArray(byte[][]::new), bytes);
    }

    // ---- row 1: the ceiling -------------------------------------------------------------------------

    /** Writes the records with our producers' settings (acks=all, idempotent, linger 5 ms, lz4); returns seconds taken. */
    private double produce(Records records, String clientId) throws InterruptedException {
        Properties p = ProducerFactory.durableProperties(kafka.bootstrapServers(), clientId);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records.count(); i++) {
                producer.send(new ProducerRecord<>(records.topic(), records.keys()[i], records.values()[i]), (metadata, exception) -> {
                    if (exception != null && failed.getAndIncrement() == 0) {
                        firstError.set(exception);
                    }
                });
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records not written to " + records.topic(), firstError.get());
        }
        return seconds;
    }

    private void rawProducer(Records doses) throws InterruptedException {
        say("Row 1: raw producer ...");
        double seconds = produce(doses, "pulse-bench-producer");
        report.add(BenchRow.figure("1a", "raw producer, acks=all idempotent (our producer settings)", "records/s",
                doses.count() / seconds, "rec/s"));
        report.note(String.format(Locale.ROOT, "1a: %,d records, %.1f MB in %.2f s", doses.count(), doses.bytes() / 1e6, seconds));
    }

    private void rawConsumer() {
        say("Row 1: raw consumer ...");
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-bench-consumer");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        String topic = Topics.VACCINATION_DOSES.name();
        long expected = size.doses();
        long count = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (count < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumer read " + count + " of " + expected + " records");
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                count += records.count();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report.add(BenchRow.figure("1b", "raw consumer, read_committed", "records/s", count / seconds, "rec/s"));
    }

    // ---- row 2: the framework floor ----------------------------------------------------------------

    private Properties streamsProperties(String applicationId) {
        return streamsProperties(env(), applicationId);
    }

    /** The Streams app's own properties (exactly_once_v2, commit every 100 ms) for {@code applicationId}. */
    static Properties streamsProperties(Env env, String applicationId) {
        StreamsAppConfig config = new StreamsAppConfig(env.bootstrapServers(), env.registryUrl(), applicationId,
                env.dataDir().resolve("streams"), Duration.ofMillis(100), 1, HOST, 0);
        return StreamsApp.streamsProperties(config, TopicNames.defaults());
    }

    private void streamsFloor() throws Exception {
        say("Row 2: minimal Streams count, exactly_once_v2 ...");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.VACCINATION_DOSES.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("bench-doses"))
                .groupByKey(Grouped.with("bench-by-key", Serdes.ByteArray(), Serdes.ByteArray()))
                .count(Named.as("bench-count"), Materialized.<byte[], Long, KeyValueStore<Bytes, byte[]>>as("bench-count-store")
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("bench-count-changes"))
                .to(FLOOR_OUTPUT, Produced.with(Serdes.ByteArray(), Serdes.Long()).withName("bench-count-sink"));
        // Twice, each with a fresh application id: the first Streams run in the JVM also pays for the JIT
        // and RocksDB's native library; the floor is the better of the two.
        double best = 0;
        for (int run = 1; run <= 2; run++) {
            StreamsRun.Result result = StreamsRun.run(admin, builder.build(), streamsProperties("pulse-bench-floor-" + run),
                    List.of(Topics.VACCINATION_DOSES.name()), STREAMS_TIMEOUT);
            report.note(String.format(Locale.ROOT, "2: run %d: %,.0f records/s (%.1f s)", run, result.perSecond(), result.seconds()));
            best = Math.max(best, result.perSecond());
        }
        report.add(BenchRow.figure("2", "minimal Streams count by key into RocksDB, exactly_once_v2 (better of 2 runs)", "records/s",
                best, "rec/s").against("1b", report.value("1b")));
    }

    // ---- row 3: our topologies against the fair floor -------------------------------------------------

    /** The application ids of the last topology runs of (3a) and (3b): row 4 continues them. */
    private String lastVaccinationApp = "pulse-bench-vaccination-1";
    private String lastBorderApp = "pulse-bench-border-1";

    private void doseTopology() throws Exception {
        lastVaccinationApp = interleaved("3a", "vaccination", List.of(Topics.VACCINATION_DOSES.name()),
                () -> FairFloor.vaccination(TopicNames.defaults(), PulseSerdes.forRegistry(registry.url()), FLOOR_OUTPUT),
                () -> {
                    StreamsBuilder builder = new StreamsBuilder();
                    VaccinationTopology.addTo(builder, TopicNames.defaults(), PulseSerdes.forRegistry(registry.url()),
                            VaccinationTopology.Options.defaults());
                    return builder.build();
                },
                "decode Avro, dedup by event id (point lookup), count per district", 0.8);
    }

    private void gateTopology() throws Exception {
        Records gates = gateRecords();
        produce(gates, "pulse-bench-gates");
        lastBorderApp = interleaved("3b", "border", List.of(Topics.GATE_EVENTS.name()),
                () -> FairFloor.border(TopicNames.defaults(), PulseSerdes.forRegistry(registry.url()), FLOOR_OUTPUT),
                () -> {
                    StreamsBuilder builder = new StreamsBuilder();
                    BorderTopology.addTo(builder, TopicNames.defaults(), BorderConfig.defaults(), PulseSerdes.forRegistry(registry.url()));
                    return builder.build();
                },
                "decode Avro, dedup by event id (point lookup), count per gate", 0.6);
    }

    /**
     * Runs the fair floor and the topology alternately ({@link BenchSize#topologyRuns()} times each,
     * each run a fresh application id over the same pre-loaded input, so both see the machine in the
     * same states) and reports the medians and the topology's ratio against the floor's.
     *
     * @return the application id of the topology's last run
     */
    private String interleaved(String id, String domain, List<String> inputs, Supplier<Topology> floor,
                               Supplier<Topology> topology, String floorWhat, double target)
            throws Exception {
        List<Double> floors = new ArrayList<>();
        List<Double> topologies = new ArrayList<>();
        String app = null;
        int runs = size.topologyRuns();
        for (int run = 1; run <= runs; run++) {
            say("Row " + id + ": fair floor, " + domain + ", run " + run + " of " + runs + " ...");
            StreamsRun.Result f = StreamsRun.run(admin, floor.get(), streamsProperties("pulse-bench-floor-" + domain + "-" + run),
                    inputs, STREAMS_TIMEOUT);
            floors.add(f.perSecond());
            say("Row " + id + ": " + domain + " topology, run " + run + " of " + runs + " ...");
            app = "pulse-bench-" + domain + "-" + run;
            StreamsRun.Result t = StreamsRun.run(admin, topology.get(), streamsProperties(app), inputs, STREAMS_TIMEOUT);
            topologies.add(t.perSecond());
            report.note(String.format(Locale.ROOT, "%s: run %d: fair floor %,.0f records/s (%.1f s), topology %,.0f records/s (%.1f s)",
                    id, run, f.perSecond(), f.seconds(), t.perSecond(), t.seconds()));
        }
        double floorMedian = BenchStats.median(floors);
        double topologyMedian = BenchStats.median(topologies);
        String floorId = id + "-floor";
        report.add(BenchRow.figure(floorId, "fair floor, " + domain + ": " + floorWhat + ", app properties (median of " + runs + ")",
                "records/s", floorMedian, "rec/s").against("2", report.value("2")));
        String targetWords = String.format(Locale.ROOT, "≥ %.1f × (%s)", target, floorId);
        report.add(BenchRow.figure(id, "PulseTopology, " + domain + " part, pre-loaded input (median of " + runs + ", interleaved with the floor)",
                "records/s", topologyMedian, "rec/s").against(floorId, floorMedian).target(targetWords, topologyMedian >= target * floorMedian));
        return app;
    }

    // ---- row 5: the API ------------------------------------------------------------------------------

    /** The static baseline's answer: a constant body, the least an HTTP route can do. */
    static final byte[] STATIC_BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private void api() throws Exception {
        Javalin statics = Javalin.create(cfg -> cfg.routes.get("/static", ctx -> ctx.contentType("application/json").result(STATIC_BODY)));
        try (ApiServer api = ApiServer.start(new ApiConfig(kafka.bootstrapServers(), registry.url(), HOST, 0))) {
            statics.start(HOST, 0);
            String base = "http://" + HOST + ":" + api.port();
            apiSummary = awaitSummary(base);
            List<String> urls = List.of("http://" + HOST + ":" + statics.port() + "/static", base + "/api/v1/vaccination/summary",
                    base + "/api/v1/vaccination/districts/" + DISTRICT);
            // The loads run in a JVM of their own (HttpLoadProcess), after an unmeasured warm-up of every route: first
            // each route as fast as the clients go, then every route at the same rate, half the slowest route's maximum.
            say("Row 5: API load (in its own JVM): " + urls.size() + " routes, as fast as " + size.httpThreads()
                    + " clients go, then all at one rate ...");
            Duration warmUp = Duration.ofMillis(Math.min(2000, size.load().toMillis() / 2));
            HttpLoadProcess.Row row = HttpLoadProcess.run(urls, size.httpThreads(), warmUp, size.load(), dataDir.resolve("logs"));
            List<HttpLoadProcess.Result> max = row.max();
            List<HttpLoadProcess.Result> paced = row.paced();
            double rate = row.rate();
            for (int i = 0; i < urls.size(); i++) {
                requireNoFailures(urls.get(i), max.get(i));
                requireNoFailures(urls.get(i), paced.get(i));
            }
            for (int i = 0; i < urls.size(); i++) {
                report.note(String.format(Locale.ROOT, "5: %s: max %,.0f req/s (p50 %.2f ms, p99 %.2f ms); at %,.0f req/s: %,.0f req/s served,"
                                + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", URI.create(urls.get(i)).getPath(), max.get(i).perSecond(),
                        max.get(i).p50(), max.get(i).p99(), rate, paced.get(i).perSecond(), paced.get(i).p50(), paced.get(i).p90(),
                        paced.get(i).p99(), paced.get(i).max()));
            }
            String at = String.format(Locale.ROOT, "p99 at %,.0f req/s (every route)", rate);
            report.add(BenchRow.figure("5a", "static baseline: a constant body (own Javalin server), " + size.httpThreads()
                    + " clients in their own JVM", "requests/s", max.get(0).perSecond(), "req/s"));
            report.add(BenchRow.figure("5a", "static baseline: a constant body", at, paced.get(0).p99(), "ms"));
            addEndpoint("5b", "API /api/v1/vaccination/summary", max.get(1), paced.get(1), max.get(0), at);
            addEndpoint("5c", "API /api/v1/vaccination/districts/" + DISTRICT, max.get(2), paced.get(2), max.get(0), at);
        } finally {
            statics.stop();
        }
    }

    private void addEndpoint(String id, String what, HttpLoadProcess.Result max, HttpLoadProcess.Result paced, HttpLoadProcess.Result statics,
                             String at) {
        report.add(BenchRow.figure(id, what, "requests/s", max.perSecond(), "req/s").against("5a", statics.perSecond())
                .target("≥ 0.7 × (5a)", max.perSecond() >= 0.7 * statics.perSecond()));
        report.add(BenchRow.figure(id, what, at, paced.p99(), "ms").target("≤ 10 ms", paced.p99() <= 10));
    }

    private static HttpLoadProcess.Result requireNoFailures(String url, HttpLoadProcess.Result result) {
        if (result.failed() > 0 || result.ok() == 0) {
            throw new IllegalStateException(url + ": " + result.failed() + " requests failed, " + result.ok() + " succeeded");
        }
        return result;
    }

    private static void requireNoFailures(String url, HttpLoad.Result result) {
        if (result.failed() > 0 || result.ok() == 0) {
            throw new IllegalStateException(url + ": " + result.failed() + " requests failed, " + result.ok() + " succeeded");
        }
    }

    /** Waits until the API has read every dose the vaccination row counted. */
    private JsonNode awaitSummary(String base) throws Exception {
        HttpLoad load = new HttpLoad();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = load.client().send(HttpLoad.get(base + "/api/v1/vaccination/summary"),
                    HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode body = json.readTree(response.body());
                if (body.path("dosesAdministered").asLong() >= size.doses()) {
                    return body;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the API's summary did not reach " + size.doses() + " doses; last answer " + last);
    }

    // ---- row 6: the ingest gateway -------------------------------------------------------------------

    private void ingest() throws Exception {
        say("Row 6: ingest gateway, batches of " + size.batch() + " doses ...");
        String key = ApiKeys.generate();
        try (IngestServer ingest = IngestServer.start(ingestConfig(env(), key))) {
            String url = "http://" + HOST + ":" + ingest.port() + IngestServer.PATH_PREFIX + IngestKind.VACCINATION_DOSES.path();
            AtomicLong sequence = new AtomicLong();
            String administeredAt = Instant.now().minusSeconds(60).toString();
            HttpLoad load = new HttpLoad();
            IntFunction<HttpRequest> batch = t -> HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString(doseBatch(json, "bench-", sequence.getAndAdd(size.batch()), size.batch(),
                            administeredAt, List.of(DISTRICT))))
                    .build();
            load.run(batch, size.httpThreads(), Duration.ofMillis(Math.min(2000, size.load().toMillis() / 2)), 0, 202);
            HttpLoad.Result result = load.run(batch, size.httpThreads(), size.load(), 0, 202);
            requireNoFailures(url, result);
            double events = result.perSecond() * size.batch();
            report.add(BenchRow.figure("6", "ingest gateway, " + size.httpThreads() + " clients, batches of " + size.batch() + " doses",
                    "events/s", events, "ev/s").against("1a", report.value("1a")).target("≥ 0.3 × (1a)", events >= 0.3 * report.value("1a")));
            report.note(String.format(Locale.ROOT, "6: %,d requests accepted (202), p50 %.1f ms, p99 %.1f ms per batch",
                    result.ok(), result.percentileMillis(50), result.percentileMillis(99)));
        }
    }

    /**
     * The gateway the bench posts to (rows 4 and 6): one site key for every district ({@code key}), the
     * rate limit raised out of the way (1,000,000 events/s) so the gateway itself is measured.
     */
    static IngestConfig ingestConfig(Env env, String key) {
        return ingestConfigWithKeys(env, "bench=" + ApiKeys.entry(IngestKey.Role.SITE, List.of("*"), key));
    }

    /** The same gateway with the inline key entries {@code keys} ({@code name=role|codes|sha256-hex;...}). */
    static IngestConfig ingestConfigWithKeys(Env env, String keys) {
        return new IngestConfig(env.bootstrapServers(), env.registryUrl(), HOST, 0, null, keys,
                64 * 1024 * 1024, Math.max(500, env.size().batch()), Duration.ofMinutes(5), 1_000_000, 10_000_000, Duration.ofSeconds(10));
    }

    /**
     * A JSON array of {@code count} doses, event ids {@code idPrefix + n} from {@code first}, the
     * districts of {@code districts} in turn.
     */
    static String doseBatch(ObjectMapper json, String idPrefix, long first, int count, String administeredAt, List<String> districts) {
        StringBuilder body = new StringBuilder(count * 200).append('[');
        for (int i = 0; i < count; i++) {
            ObjectNode dose = json.createObjectNode();
            String district = districts.get((int) ((first + i) % districts.size()));
            dose.put("eventId", idPrefix + (first + i));
            dose.put("administeredAt", administeredAt);
            dose.put("siteId", "TTYT-" + district);
            dose.put("districtCode", district);
            dose.put("ageGroup", "18+");
            dose.put("doseKind", "FIRST");
            dose.put("vaccineProduct", "Pfizer");
            body.append(i == 0 ? "" : ",").append(dose);
        }
        return body.append(']').toString();
    }

    // ---- teardown ------------------------------------------------------------------------------------

    private void stop() {
        for (AutoCloseable part : new AutoCloseable[] {admin, registry, kafka}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    LOG.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
                }
            }
        }
        if (dataDir != null) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("Could not delete the bench data in {}: {}", dataDir, e.toString());
            }
        }
    }
}
