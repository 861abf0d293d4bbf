package vn.pulse.tools.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.KafkaAvroSerializer;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.DoseLedgerEntry;
import vn.pulse.streams.vaccination.VaccinationTopology;
import vn.pulse.tools.geography.NationalDataSet;

/**
 * The scale rows: how the Streams app's cost grows with the work, each figure a ratio against a
 * baseline run in the same bench. Every run is the Streams app as its own process
 * ({@link StreamsChild}) on a broker of its own ({@link ScaleBroker}) over pre-loaded doses, timed from
 * the instance's ready (Streams RUNNING) until its group has committed every dose and every record
 * of its repartition topics, and checked afterwards: the coverage it wrote must show exactly the doses
 * written, per cohort, or the row fails.
 *
 * <ul>
 *   <li>10: the national key space (the generated national data set, 3,298 communes) against Lạng Sơn
 *       (11 districts), the same number of doses drawn the same way; throughput and peak RSS.</li>
 *   <li>11: a dose ledger pre-loaded with {@link BenchSize#ledgerIds()} ids (written straight to the
 *       ledger store's changelog, which the instance restores at start) against an empty ledger;
 *       then the time from a {@code kill -9} of the instance to new doses counted, restarted at once
 *       without a standby, and with a standby replica on a second instance.</li>
 *   <li>12: 24 partitions against 6, the same doses.</li>
 * </ul>
 */
final class ScaleRows implements AutoCloseable {

    static final String PROVINCE = "langson-2021";
    /** Restoring tens of millions of ledger entries on a loaded 2-core machine takes minutes. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration DONE_TIMEOUT = Duration.ofMinutes(20);
    /** Doses written after each {@code kill -9}: the instance that takes over must count them. */
    private static final int AFTER_KILL = 1_000;
    /**
     * {@code num.standby.replicas} of every instance of these rows: row 11's second instance keeps a
     * standby; an instance alone has none to keep, so the setting does not change the other runs.
     */
    private static final int STANDBYS = 1;

    private final Bench.Env env;
    private final Path dir;
    private final Instant now = Instant.now();
    private final boolean withNational;
    private final boolean withPartitions;
    private ScaleBroker province;
    private ScaleDoses.Batch provinceDoses;
    /** Set once the interleaved runs have been made (by the first row asking). */
    private boolean measured;
    private Exception baselineFailure;
    private Exception nationalFailure;
    private Exception partitionsFailure;
    private final List<Run> baseline = new ArrayList<>();
    private final List<Run> nationalRuns = new ArrayList<>();
    private final List<Run> manyPartitionRuns = new ArrayList<>();
    private int nationalUnits;

    /**
     * @param national   whether row 10 runs (its runs are interleaved with the baseline's)
     * @param partitions whether row 12 runs (likewise)
     */
    ScaleRows(Bench.Env env, boolean national, boolean partitions) {
        this.env = env;
        this.dir = env.dataDir().resolve("scale");
        this.withNational = national;
        this.withPartitions = partitions;
    }

    /** What one timed run gave. */
    record Run(double perSecond, double startToReady, double seconds, double rssMib) {
    }

    /**
     * The runs of rows 10 and 12 and their shared baseline, interleaved: per round, the baseline (Lạng
     * Sơn, {@link Topics#VACCINATION_DOSES}' partitions, nothing pre-loaded), then the national key
     * space, then 24 partitions, each over the same number of doses; the medians count. A variant that
     * fails fails its row only; a baseline that fails fails every scale row.
     */
    private void measureAll() throws Exception {
        if (measured) {
            return;
        }
        measured = true;
        ScaleBroker nationalBroker = null;
        ScaleBroker manyBroker = null;
        ScaleDoses.Batch nationalDoses = null;
        String nationalDir = dir.resolve("national-dataset").toAbsolutePath().toString();
        try {
            ScaleBroker six = province();
            if (withNational) {
                try {
                    NationalDataSet.write(Path.of(nationalDir), 2025);
                    GeoDataSet national = Geography.load(nationalDir);
                    nationalUnits = national.countingUnits().size();
                    env.say("Row 10: the national data set (" + nationalUnits + " communes) on a broker of its own ...");
                    nationalBroker = ScaleBroker.start(dir.resolve("kafka-national"), six.partitions(), national, env.registryUrl());
                    nationalDoses = ScaleDoses.generate(codes(national), env.size().scaleDoses(), "scale-national-dose-", 2021, now,
                            env.registryUrl());
                    nationalBroker.write(nationalDoses);
                } catch (Exception e) {
                    nationalFailure = e;
                }
            }
            if (withPartitions) {
                try {
                    env.say("Row 12: the same doses on a broker with 24 partitions per topic ...");
                    manyBroker = ScaleBroker.start(dir.resolve("kafka-24"), 24, Geography.load(PROVINCE), env.registryUrl());
                    manyBroker.write(provinceDoses);
                } catch (Exception e) {
                    partitionsFailure = e;
                }
            }
            for (int run = 1; run <= env.size().scaleRuns(); run++) {
                env.say("Scale rows: baseline (Lạng Sơn, " + six.partitions() + " partitions), run " + run + " ...");
                baseline.add(measure(six, "pulse-bench-scale-base-" + run, PROVINCE, provinceDoses.perCohort()));
                if (withNational && nationalFailure == null) {
                    env.say("Row 10: national key space, run " + run + " ...");
                    try {
                        nationalRuns.add(measure(nationalBroker, "pulse-bench-scale-national-" + run, nationalDir, nationalDoses.perCohort()));
                        note("10", run, "baseline", baseline.get(run - 1), "national", nationalRuns.get(run - 1));
                    } catch (Exception e) {
                        nationalFailure = e;
                    }
                }
                if (withPartitions && partitionsFailure == null) {
                    env.say("Row 12: 24 partitions, run " + run + " ...");
                    try {
                        manyPartitionRuns.add(measure(manyBroker, "pulse-bench-scale-p24-" + run, PROVINCE, provinceDoses.perCohort()));
                        note("12", run, "baseline", baseline.get(run - 1), "24 partitions", manyPartitionRuns.get(run - 1));
                    } catch (Exception e) {
                        partitionsFailure = e;
                    }
                }
            }
        } catch (Exception e) {
            baselineFailure = e;
        } finally {
            for (ScaleBroker broker : new ScaleBroker[] {nationalBroker, manyBroker}) {
                if (broker != null) {
                    broker.close();
                }
            }
        }
    }

    /** The baseline's median throughput; rethrows why it failed. */
    private double baselinePerSecond() throws Exception {
        measureAll();
        if (baselineFailure != null) {
            throw baselineFailure;
        }
        return median(baseline, Run::perSecond);
    }

    private String baselineWhat() {
        return String.format(Locale.ROOT, "Streams app process, Lạng Sơn (11 districts), %,d doses, %d partitions, nothing pre-loaded"
                + " (median of %d; the scale rows' shared baseline)", provinceDoses.count(), province.partitions(), baseline.size());
    }

    // ---- row 10: the national key space -------------------------------------------------------------

    void national() throws Exception {
        double base = baselinePerSecond();
        if (nationalFailure != null) {
            throw nationalFailure;
        }
        double value = median(nationalRuns, Run::perSecond);
        env.report().add(BenchRow.figure("10-province", baselineWhat(), "records/s", base, "rec/s"));
        env.report().add(BenchRow.figure("10", String.format(Locale.ROOT, "the same number of doses over the national key space"
                        + " (generated: %,d communes in 34 provinces; interleaved, median of %d)", nationalUnits, nationalRuns.size()),
                        "records/s", value, "rec/s").against("10-province", base)
                .target("≥ 0.8 × (10-province)", value >= 0.8 * base));
        env.report().add(BenchRow.figure("10-province", "peak RSS of the Streams process, Lạng Sơn", "VmHWM", max(baseline, Run::rssMib),
                "MiB"));
        double rss = max(nationalRuns, Run::rssMib);
        env.report().add(BenchRow.figure("10", "peak RSS of the Streams process, national", "VmHWM", rss, "MiB")
                .target("≤ 512 MiB", rss <= 512));
    }

    // ---- row 12: partitions --------------------------------------------------------------------------

    void partitions() throws Exception {
        double base = baselinePerSecond();
        if (partitionsFailure != null) {
            throw partitionsFailure;
        }
        String id = "12-" + province.partitions();
        double value = median(manyPartitionRuns, Run::perSecond);
        env.report().add(BenchRow.figure(id, baselineWhat(), "records/s", base, "rec/s"));
        env.report().add(BenchRow.figure("12", "the same doses, 24 partitions per topic (interleaved, median of "
                + manyPartitionRuns.size() + ")", "records/s", value, "rec/s").against(id, base));
        env.report().add(BenchRow.figure(id, "peak RSS of the Streams process, " + province.partitions() + " partitions", "VmHWM",
                max(baseline, Run::rssMib), "MiB"));
        env.report().add(BenchRow.figure("12", "peak RSS of the Streams process, 24 partitions", "VmHWM",
                max(manyPartitionRuns, Run::rssMib), "MiB"));
    }

    // ---- row 11: a large dose ledger, and its restore ---------------------------------------------------

    void ledger() throws Exception {
        double emptyPerSecond = baselinePerSecond();
        ScaleBroker broker = province();
        int ids = env.size().ledgerIds();
        List<String> units = codes(Geography.load(PROVINCE));

        String app = "pulse-bench-scale-ledger";
        String changelog = app + "-" + VaccinationTopology.LEDGER_STORE + "-changelog";
        env.say(String.format(Locale.ROOT, "Row 11: writing %,d ledger entries to %s ...", ids, changelog));
        long preloadStart = System.nanoTime();
        long preloadBytes = preload(broker, changelog, ids, units);
        double preloadSeconds = (System.nanoTime() - preloadStart) / 1e9;
        env.report().note(String.format(Locale.ROOT, "11: %,d ledger entries written to the changelog in %.1f s (%,.0f entries/s, %.0f bytes"
                + " each before compression)", ids, preloadSeconds, ids / preloadSeconds, (double) preloadBytes / ids));

        Map<String, Long> expected = provinceDoses.perCohort();
        Map<TopicPartition, Long> from = broker.coverageEnds();
        StreamsChild a = new StreamsChild("ledger-a", broker, app, dir, PROVINCE, STANDBYS);
        StreamsChild b = null;
        try {
            env.say("Row 11: an instance on the pre-loaded ledger (restores it first) ...");
            Map<TopicPartition, Long> inputs = broker.doseEnds();
            long start = System.nanoTime();
            a.start();
            long ready = a.awaitReady(READY_TIMEOUT);
            long done = awaitCommitted(broker, a, app, inputs);
            verify(broker, from, expected, "row 11, pre-loaded ledger");
            long restored = a.restoredRecords(VaccinationTopology.LEDGER_STORE);
            if (restored < ids) {
                throw new IllegalStateException(String.format(Locale.ROOT, "the instance restored %,d ledger entries, not the %,d written",
                        restored, ids));
            }
            Run loaded = new Run(sum(inputs) / ((done - ready) / 1e9), (ready - start) / 1e9, (done - ready) / 1e9, a.peakRssMib());
            double stateMib = a.stateMib();
            env.report().note(String.format(Locale.ROOT, "11: %,d ids: %,.0f records/s (%.1f s; start to ready %.1f s, %,d ledger entries"
                    + " restored, peak RSS %.0f MiB)", ids, loaded.perSecond(), loaded.seconds(), loaded.startToReady(), restored,
                    loaded.rssMib()));

            env.say("Row 11: kill -9, restart at once (no standby) ...");
            a.kill();
            long killed = System.nanoTime();
            ScaleDoses.Batch first = ScaleDoses.generate(units, AFTER_KILL, "scale-ledger-after-kill-1-", 11, now, env.registryUrl());
            broker.write(first);
            expected = ScaleDoses.plus(expected, first.perCohort());
            a.start();
            long readyAgain = a.awaitReady(READY_TIMEOUT);
            long counted = awaitCommitted(broker, a, app, broker.doseEnds());
            long restoredAfterKill = a.restoredRecords(VaccinationTopology.LEDGER_STORE);
            verify(broker, from, expected, "row 11, after kill -9 and restart");
            double noStandby = (counted - killed) / 1e9;
            env.report().note(String.format(Locale.ROOT, "11: kill -9, restarted at once: ready after %.1f s, %,d new doses counted after"
                    + " %.1f s; %,d ledger entries restored", (readyAgain - killed) / 1e9, AFTER_KILL, noStandby, restoredAfterKill));

            env.say("Row 11: a second instance (standby replica), then kill -9 of the first ...");
            b = new StreamsChild("ledger-b", broker, app, dir, PROVINCE, STANDBYS);
            long bStart = System.nanoTime();
            b.start();
            b.awaitReady(READY_TIMEOUT);
            StandbyCaughtUp caughtUp = awaitCaughtUp(b, changelog, bStart);
            long restoredOnB = b.restoredRecords(VaccinationTopology.LEDGER_STORE);
            a.kill();
            killed = System.nanoTime();
            ScaleDoses.Batch second = ScaleDoses.generate(units, AFTER_KILL, "scale-ledger-after-kill-2-", 12, now, env.registryUrl());
            broker.write(second);
            expected = ScaleDoses.plus(expected, second.perCohort());
            counted = awaitCommitted(broker, b, app, broker.doseEnds());
            long restoredByTakeOver = b.restoredRecords(VaccinationTopology.LEDGER_STORE) - restoredOnB;
            verify(broker, from, expected, "row 11, after kill -9 with a standby");
            double withStandby = (counted - killed) / 1e9;
            env.report().note(String.format(Locale.ROOT, "11: second instance caught up (lag 0 on the %d ledger partitions it keeps as"
                    + " standby) %.1f s after its start; kill -9 of the first: %,d new doses counted after %.1f s; %,d ledger entries"
                    + " restored by the take-over (session timeout %d s)", caughtUp.partitions(), caughtUp.seconds(), AFTER_KILL,
                    withStandby, restoredByTakeOver, StreamsChild.SESSION_TIMEOUT_SECONDS));

            String idsWords = String.format(Locale.ROOT, "%,d ids", ids);
            env.report().add(BenchRow.figure("11-empty", baselineWhat(), "records/s", emptyPerSecond, "rec/s"));
            env.report().add(BenchRow.figure("11", "the same doses, dose ledger pre-loaded with " + idsWords, "records/s",
                    loaded.perSecond(), "rec/s").against("11-empty", emptyPerSecond)
                    .target("≥ 0.8 × (11-empty)", loaded.perSecond() >= 0.8 * emptyPerSecond));
            env.report().add(BenchRow.figure("11-empty", "process start to ready, nothing to restore (median)", "seconds",
                    median(baseline, Run::startToReady), "s"));
            env.report().add(BenchRow.figure("11", "process start to ready, restoring the " + idsWords + " (fresh state directory)",
                    "seconds", loaded.startToReady(), "s"));
            env.report().add(BenchRow.figure("11", "state directory of the instance with the " + idsWords, "on disk", stateMib, "MiB"));
            env.report().add(BenchRow.figure("11", "kill -9 to new doses counted, restarted at once, no standby (session timeout "
                    + StreamsChild.SESSION_TIMEOUT_SECONDS + " s)", "seconds", noStandby, "s"));
            env.report().add(BenchRow.figure("11", "kill -9 to new doses counted, standby replica on a second instance", "seconds",
                    withStandby, "s"));
            env.report().add(BenchRow.figure("11", "peak RSS of the Streams process with the " + idsWords, "VmHWM",
                    Math.max(loaded.rssMib(), a.peakRssMib()), "MiB").target("≤ 512 MiB", Math.max(loaded.rssMib(), a.peakRssMib()) <= 512));
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
        }
    }

    /**
     * Writes {@code ids} ledger entries (counted doses of made-up ids, keys as the ledger's store writes
     * them) straight to the ledger store's changelog, the fastest path to a ledger of that size: one
     * producer, large lz4 batches, leader acknowledgement only, values from a pool serialized once.
     * Returns the bytes written (keys and values, before compression).
     */
    private long preload(ScaleBroker broker, String changelog, int ids, List<String> units) throws Exception {
        broker.admin().createTopics(List.of(new NewTopic(changelog, broker.partitions(), (short) 1)
                .configs(Map.of("cleanup.policy", "compact")))).all().get();
        byte[][] pool = new byte[256][];
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, env.registryUrl()), false);
            DoseKind[] kinds = DoseKind.values();
            for (int i = 0; i < pool.length; i++) {
                pool[i] = serializer.serialize(changelog, DoseLedgerEntry.newBuilder().setCounted(true).setRetracted(false)
                        .setDistrictCode(units.get(i % units.size())).setAgeGroup(i % 8 == 0 ? "12-17" : "18+")
                        .setDoseKind(kinds[i % kinds.length]).setAdministeredAt(now.minus(Duration.ofDays(1 + i)))
                        .build());
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-bench-ledger-preload");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        AtomicReference<Exception> failed = new AtomicReference<>();
        long bytes = 0;
        byte[] prefix = "preloaded-dose-".getBytes(StandardCharsets.US_ASCII);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < ids && failed.get() == null; i++) {
                byte[] key = new byte[prefix.length + 9];
                System.arraycopy(prefix, 0, key, 0, prefix.length);
                for (int d = key.length - 1, n = i; d >= prefix.length; d--, n /= 10) {
                    key[d] = (byte) ('0' + n % 10);
                }
                byte[] value = pool[i & 0xff];
                bytes += key.length + value.length;
                producer.send(new ProducerRecord<>(changelog, key, value), (m, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("ledger entries not written to " + changelog + ": " + failed.get(), failed.get());
        }
        return bytes;
    }

    /**
     * Waits until the standby's restore consumer fetches the ledger changelog with no lag, twice in a row
     * a quarter of a second apart (the lag metric appears with the first fetch of each partition).
     *
     * @return seconds since {@code since}, and over how many partitions
     */
    private static StandbyCaughtUp awaitCaughtUp(StreamsChild standby, String changelog, long since) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        StreamsChild.ChangelogLag lag = null;
        boolean zeroBefore = false;
        while (System.nanoTime() < deadline) {
            standby.checkAlive();
            lag = standby.changelogLag(changelog);
            boolean zero = lag.partitions() > 0 && lag.records() == 0;
            if (zero && zeroBefore) {
                return new StandbyCaughtUp((System.nanoTime() - since) / 1e9, lag.partitions());
            }
            zeroBefore = zero;
            Thread.sleep(250);
        }
        throw new IllegalStateException(standby.name() + ": the standby replica of " + changelog + " did not catch up within "
                + READY_TIMEOUT + " (" + lag + ")");
    }

    private record StandbyCaughtUp(double seconds, int partitions) {
    }

    // ---- shared ---------------------------------------------------------------------------------------

    /** The Lạng Sơn broker (6 partitions), started with the first row that needs it, its doses written once. */
    private ScaleBroker province() throws Exception {
        if (province == null) {
            env.say("Scale rows: a broker of their own, Lạng Sơn reference data, " + env.size().scaleDoses() + " doses ...");
            GeoDataSet langSon = Geography.load(PROVINCE);
            province = ScaleBroker.start(dir.resolve("kafka-province"), Topics.VACCINATION_DOSES.partitions(), langSon, env.registryUrl());
            provinceDoses = ScaleDoses.generate(codes(langSon), env.size().scaleDoses(), "scale-dose-", 2021, now, env.registryUrl());
            province.write(provinceDoses);
        }
        return province;
    }

    /** One instance over every dose of {@code broker}, from a fresh application id; checked, then killed. */
    private Run measure(ScaleBroker broker, String app, String geography, Map<String, Long> expected) throws Exception {
        Map<TopicPartition, Long> from = broker.coverageEnds();
        Map<TopicPartition, Long> inputs = broker.doseEnds();
        try (StreamsChild child = new StreamsChild(app, broker, app, dir, geography, STANDBYS)) {
            long start = System.nanoTime();
            child.start();
            long ready = child.awaitReady(READY_TIMEOUT);
            long done = awaitCommitted(broker, child, app, inputs);
            double rss = child.peakRssMib();
            child.kill();
            verify(broker, from, expected, app);
            return new Run(sum(inputs) / ((done - ready) / 1e9), (ready - start) / 1e9, (done - ready) / 1e9, rss);
        }
    }

    /** Waits until {@code group} has committed {@code inputs} and the end of its repartition topics; returns the time then. */
    private static long awaitCommitted(ScaleBroker broker, StreamsChild child, String group, Map<TopicPartition, Long> inputs)
            throws Exception {
        long deadline = System.nanoTime() + DONE_TIMEOUT.toNanos();
        while (true) {
            child.checkAlive();
            if (StreamsRun.committedAll(broker.admin(), group, inputs)
                    && StreamsRun.committedAll(broker.admin(), group, StreamsRun.repartitionEnds(broker.admin(), group))) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(group + " did not commit every dose within " + DONE_TIMEOUT + "; log tail of "
                        + child.name() + ":\n" + child.logTail(40));
            }
            Thread.sleep(20);
        }
    }

    private void verify(ScaleBroker broker, Map<TopicPartition, Long> from, Map<String, Long> expected, String what) throws Exception {
        ScaleDoses.verify(broker.bootstrapServers(), broker.registryUrl(), from,
                () -> StreamsRun.committedEnds(broker.admin(), List.of(Topics.VACCINATION_COVERAGE.name())), expected, what);
    }

    private void note(String row, int run, String baseName, Run base, String name, Run value) {
        env.report().note(String.format(Locale.ROOT, "%s: run %d: %s %,.0f records/s (%.1f s; start to ready %.1f s, peak RSS %.0f MiB),"
                        + " %s %,.0f records/s (%.1f s; start to ready %.1f s, peak RSS %.0f MiB)", row, run, baseName, base.perSecond(),
                base.seconds(), base.startToReady(), base.rssMib(), name, value.perSecond(), value.seconds(), value.startToReady(),
                value.rssMib()));
    }

    private static List<String> codes(GeoDataSet dataSet) {
        return dataSet.countingUnits().stream().map(AdminUnit::code).toList();
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        return BenchStats.median(runs.stream().map(figure::applyAsDouble).toList());
    }

    private static double max(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        return runs.stream().mapToDouble(figure).max().orElse(Double.NaN);
    }

    @Override
    public void close() {
        if (province != null) {
            province.close();
        }
    }
}
