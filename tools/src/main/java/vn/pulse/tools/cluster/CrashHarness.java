package vn.pulse.tools.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.http.Json;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.reference.Gate;
import vn.pulse.core.reference.Gates;
import vn.pulse.core.topics.Topics;

/**
 * The crash test, after Kafka's own Streams exactly-once system test: the pipeline as separate
 * processes ({@link PulseCluster}), a seeded workload with duplicates, late events and corrections
 * ({@link CrashWorkload}), and at seeded random moments {@code kill -9} of a Streams instance (restarted
 * each time), a kill and restart of the API, a broker kill and restart on the same data and ports, and a
 * registry outage during which a Streams instance restarts with a cold schema cache. At the end every
 * aggregate is compared with a recomputation from the input topics ({@link Recomputation}), the API's
 * totals with the same, and two readers that ran throughout ({@link AggregateWatcher}) are checked for
 * values that were rolled back.
 */
public final class CrashHarness {

    private static final Logger LOG = LoggerFactory.getLogger(CrashHarness.class);
    private static final String APPLICATION_ID = "pulse-streams";
    private static final ObjectMapper JSON = Json.newMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(4);
    /** How long the registry stays down at most, waiting for the cold-cache Streams instance to need it. */
    private static final Duration OUTAGE_EVIDENCE_WAIT = Duration.ofSeconds(120);

    /**
     * How hard and how long.
     *
     * @param duration         how long the workload runs (faults happen inside it)
     * @param eventsPerSecond  new events per second (duplicates come on top)
     * @param streamsKills     {@code kill -9} of a random Streams instance, each restarted at once
     * @param apiKills         {@code kill -9} and restart of the API
     * @param brokerRestart    one {@code kill -9} of the broker, restarted on its data directory and ports
     * @param registryOutage   how long the registry is stopped (zero: not stopped)
     * @param commitInterval   the Streams commit interval: long, so that kills land on open transactions
     * @param brokers          1, or a three-node cluster (replication 3, {@code min.insync.replicas} 2; {@link PulseCluster.Options#brokers()})
     * @param leaderKills      {@code kill -9} of the leader of a partition under an open Streams transaction, restarted after (cluster only)
     * @param networkFaults    between the first Streams instance and the brokers: delay, a cut each way and both ways, resets (cluster only)
     */
    public record Profile(String name, Duration duration, int eventsPerSecond, int streamsKills, int apiKills,
                          boolean brokerRestart, Duration registryOutage, Duration commitInterval, int brokers, int leaderKills,
                          boolean networkFaults) {

        public Profile {
            if (brokers == 1 && (leaderKills > 0 || networkFaults)) {
                throw new IllegalArgumentException("leader kills and network faults need the three-node cluster (brokers 3)");
            }
        }

        /** A profile on one broker. */
        public Profile(String name, Duration duration, int eventsPerSecond, int streamsKills, int apiKills, boolean brokerRestart,
                       Duration registryOutage, Duration commitInterval) {
            this(name, duration, eventsPerSecond, streamsKills, apiKills, brokerRestart, registryOutage, commitInterval, 1, 0, false);
        }

        /** The CI profile: at least 60 s of workload (longer while faults take their time), every kind of fault, Streams killed three times. */
        public static Profile shortProfile() {
            return new Profile("short", Duration.ofSeconds(60), 80, 2, 1, true, Duration.ofSeconds(10), Duration.ofSeconds(3));
        }

        /** The soak: 10 minutes, a Streams kill about every 40 s. Documented, not in CI. */
        public static Profile soak() {
            return new Profile("soak", Duration.ofMinutes(10), 150, 15, 3, true, Duration.ofSeconds(15), Duration.ofSeconds(3));
        }

        /**
         * The cluster faults: three brokers, the leader of a partition under an open transaction killed
         * and restarted, and network faults between the first Streams instance and the brokers; one
         * Streams kill besides. Its own CI test (CrashHarnessClusterIT): too long to join the short profile.
         */
        public static Profile cluster() {
            return new Profile("cluster", Duration.ofSeconds(75), 50, 1, 0, false, Duration.ZERO, Duration.ofSeconds(3), 3, 1, true);
        }

        public static Profile named(String name) {
            return switch (name) {
                case "short" -> shortProfile();
                case "soak" -> soak();
                case "cluster" -> cluster();
                default -> throw new IllegalArgumentException("profile: 'short', 'soak' or 'cluster', not '" + name + "'");
            };
        }

        public Profile withDuration(Duration d) {
            return new Profile(name, d, eventsPerSecond, streamsKills, apiKills, brokerRestart, registryOutage, commitInterval, brokers,
                    leaderKills, networkFaults);
        }
    }

    private enum FaultKind { STREAMS_KILL, API_KILL, BROKER_RESTART, REGISTRY_OUTAGE, LEADER_KILL, NETWORK }

    private record Fault(Duration at, FaultKind kind) {
    }

    private final Profile profile;
    private final long seed;
    private final Path runDir;
    private final Random random;
    private final List<String> timeline = new ArrayList<>();
    private final List<String> recoveryFailures = new ArrayList<>();
    private final long started = System.nanoTime();
    /** Faults that are no process kill, by name, in the order first injected. */
    private final Map<String, Integer> otherFaults = new LinkedHashMap<>();

    public CrashHarness(Profile profile, long seed, Path runDir) {
        this.profile = profile;
        this.seed = seed;
        this.runDir = runDir;
        this.random = new Random(seed ^ 0x5DEECE66DL);
    }

    /** Runs the whole test and returns its report (see {@link CrashReport#passed()}); the cluster is stopped after. */
    public CrashReport run() {
        PulseCluster.Options options = PulseCluster.Options.defaults(runDir).withCommitInterval(profile.commitInterval())
                .withBrokers(profile.brokers());
        try (PulseCluster cluster = PulseCluster.create(options)) {
            cluster.start();
            log("cluster up (" + cluster.services().size() + " processes)");
            keepAggregateHistory(cluster);
            return drive(cluster);
        }
    }

    private CrashReport drive(PulseCluster cluster) {
        List<String> aggregateTopics = List.of(Topics.VACCINATION_COVERAGE.name(), Topics.DAILY_DOSES.name(), Topics.GATE_TRADE.name());
        CrashReport.Builder report = new CrashReport.Builder(profile, seed);
        CrashWorkload workload = new CrashWorkload(seed, cluster.bootstrapServers(), cluster.registryUrl(), cluster.ingestUrl(),
                cluster.siteKey(), cluster.customsKey());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> workloadFailure = new AtomicReference<>();
        Thread feeder = new Thread(() -> {
            try {
                workload.run(profile.eventsPerSecond(), stop::get);
            } catch (Throwable t) {
                workloadFailure.set(t);
                LOG.error("Workload failed", t);
            }
        }, "crash-workload");
        feeder.setDaemon(true); // a fault that fails the run must not leave the workload running
        try (AggregateWatcher committed = new AggregateWatcher(cluster.bootstrapServers(), true, aggregateTopics);
             AggregateWatcher uncommitted = new AggregateWatcher(cluster.bootstrapServers(), false, aggregateTopics)) {
            try {
                return runFaultsAndVerify(cluster, workload, feeder, stop, workloadFailure, committed, uncommitted, aggregateTopics, report);
            } finally {
                stop.set(true);
            }
        }
    }

    private CrashReport runFaultsAndVerify(PulseCluster cluster, CrashWorkload workload, Thread feeder, AtomicBoolean stop,
                                          AtomicReference<Throwable> workloadFailure, AggregateWatcher committed,
                                          AggregateWatcher uncommitted, List<String> aggregateTopics, CrashReport.Builder report) {
        long workloadStart = System.nanoTime();
        feeder.start();
        for (Fault fault : schedule()) {
            long due = workloadStart + fault.at().toNanos();
            while (System.nanoTime() < due && workloadFailure.get() == null) {
                ServiceProcess.sleep(Duration.ofMillis(100));
            }
            if (workloadFailure.get() != null) {
                break;
            }
            inject(cluster, workload, fault);
        }
        while (System.nanoTime() < workloadStart + profile.duration().toNanos() && workloadFailure.get() == null) {
            ServiceProcess.sleep(Duration.ofMillis(100));
        }
        stop.set(true);
        join(feeder);
        recoveryFailures.forEach(report::failure);
        workload.close();
        log("workload stopped: " + workload.stats().events() + " events");
        if (workloadFailure.get() != null) {
            report.failure("workload failed: " + workloadFailure.get());
        }
        workload.problems().forEach(report::failure);
        report.workload(workload.stats());
        report.kills(cluster);
        otherFaults.forEach(report::fault);

        long settleStart = System.nanoTime();
        Map<TopicPartition, Long> lag = awaitInputsProcessed(cluster);
        report.lagAtEnd(lag);
        Recomputation.Expected expected = Recomputation.fromInputTopics(cluster.bootstrapServers(), cluster.registryUrl());
        report.expected(expected);
        checkNothingLostOnTheWayIn(workload.acknowledgedIds(), expected, report);
        List<String> differences = awaitAggregatesEqual(cluster, expected);
        report.caughtUpIn(Duration.ofNanos(System.nanoTime() - settleStart));
        differences.forEach(d -> report.failure("aggregate differs: " + d));
        report.aggregateKeysCompared(expected.aggregates().keys());
        apiDifferences(cluster, expected).forEach(d -> report.failure("API differs: " + d));
        report.repartitionLag(repartitionLag(cluster));

        committed.close();
        uncommitted.close();
        // Transactions open when the watchers stopped commit within a commit interval.
        ServiceProcess.sleep(profile.commitInterval().multipliedBy(2));
        Map<String, byte[]> finalLog = new HashMap<>();
        for (String topic : aggregateTopics) {
            Recomputation.readAll(cluster.bootstrapServers(), topic, true,
                    r -> finalLog.put(r.topic() + "/" + r.partition() + "@" + r.offset(), r.value()));
        }
        try (Deserializer<Object> avro = Recomputation.avroDeserializer(cluster.registryUrl())) {
            report.watcher(true, committed.seenCount(), committed.rolledBack(finalLog).size(),
                    committed.tradeRegressions(Topics.GATE_TRADE.name(), avro, expected.aggregates().trade()));
            report.watcher(false, uncommitted.seenCount(), uncommitted.rolledBack(finalLog).size(),
                    uncommitted.tradeRegressions(Topics.GATE_TRADE.name(), avro, expected.aggregates().trade()));
        }
        if (committed.failure() != null || uncommitted.failure() != null) {
            report.failure("a watcher failed: " + (committed.failure() != null ? committed.failure() : uncommitted.failure()));
        }
        report.deadLetters(Recomputation.readAll(cluster.bootstrapServers(), Topics.DEAD_LETTERS.name(), true, r -> { }));
        cluster.services().forEach(ServiceProcess::sampleRss);
        report.peakRss(cluster.services());
        report.timeline(timeline);
        report.elapsed(Duration.ofNanos(System.nanoTime() - started));
        return report.build();
    }

    /** The faults, at seeded random moments between 10 % and 85 % of the workload, in time order. */
    private List<Fault> schedule() {
        List<Fault> faults = new ArrayList<>();
        long span = profile.duration().toMillis();
        for (int i = 0; i < profile.streamsKills(); i++) {
            faults.add(new Fault(Duration.ofMillis(span / 10 + (long) (random.nextDouble() * span * 0.75)), FaultKind.STREAMS_KILL));
        }
        for (int i = 0; i < profile.apiKills(); i++) {
            faults.add(new Fault(Duration.ofMillis(span / 10 + (long) (random.nextDouble() * span * 0.75)), FaultKind.API_KILL));
        }
        if (profile.brokerRestart()) {
            faults.add(new Fault(Duration.ofMillis((long) (span * (0.35 + random.nextDouble() * 0.1))), FaultKind.BROKER_RESTART));
        }
        if (!profile.registryOutage().isZero()) {
            faults.add(new Fault(Duration.ofMillis((long) (span * (0.6 + random.nextDouble() * 0.1))), FaultKind.REGISTRY_OUTAGE));
        }
        if (profile.networkFaults()) {
            faults.add(new Fault(Duration.ofMillis((long) (span * (0.1 + random.nextDouble() * 0.05))), FaultKind.NETWORK));
        }
        for (int i = 0; i < profile.leaderKills(); i++) {
            faults.add(new Fault(Duration.ofMillis((long) (span * (0.55 + random.nextDouble() * 0.2))), FaultKind.LEADER_KILL));
        }
        faults.sort((a, b) -> a.at().compareTo(b.at()));
        return faults;
    }

    private void inject(PulseCluster cluster, CrashWorkload workload, Fault fault) {
        switch (fault.kind()) {
            case STREAMS_KILL -> {
                ServiceProcess target = cluster.streams(random.nextInt(cluster.streamsInstances().size()));
                log("kill -9 " + target.name() + " (pid " + target.pid() + ")");
                target.kill();
                awaitRecovery(target.start(), "after its kill -9");
                log(target.name() + " restarted and RUNNING (pid " + target.pid() + ")");
            }
            case API_KILL -> {
                log("kill -9 api (pid " + cluster.api().pid() + ")");
                cluster.api().kill();
                awaitRecovery(cluster.api().start(), "after its kill -9");
                log("api restarted and ready");
            }
            case BROKER_RESTART -> {
                log("kill -9 broker (pid " + cluster.broker().pid() + ")");
                cluster.killAndRestart(cluster.broker());
                log("broker restarted on the same data directory and ports");
            }
            case LEADER_KILL -> killLeaderUnderOpenTransaction(cluster);
            case NETWORK -> networkFaults(cluster);
            case REGISTRY_OUTAGE -> {
                long eventsBefore = workload.stats().events();
                long viaIngestBefore = workload.stats().viaIngest.get();
                log("registry stopped (SIGTERM, exit " + cluster.registry().stop(Duration.ofSeconds(30)) + ")");
                long outageStart = System.nanoTime();
                ServiceProcess target = cluster.streams(random.nextInt(cluster.streamsInstances().size()));
                log("during the outage: kill -9 " + target.name() + " and start it with a cold schema cache");
                target.kill();
                // Keep the registry down until the new instance has met the outage (every record it reads
                // needs a schema it has not cached; restoring state needs none), at most OUTAGE_EVIDENCE_WAIT.
                target.start();
                long evidenceDeadline = System.nanoTime() + OUTAGE_EVIDENCE_WAIT.toNanos();
                while (countSinceLastStart(target, "SchemaRegistryUnavailable") <= 0 && System.nanoTime() < evidenceDeadline) {
                    ServiceProcess.sleep(Duration.ofMillis(500));
                }
                log(target.name() + (countSinceLastStart(target, "SchemaRegistryUnavailable") > 0
                        ? " met the outage (registry unreachable, task retried)" : " did not meet the outage within " + OUTAGE_EVIDENCE_WAIT));
                ServiceProcess.sleep(Duration.ofNanos(Math.max(0, outageStart + profile.registryOutage().toNanos() - System.nanoTime())));
                log("registry restarting; meanwhile " + (workload.stats().events() - eventsBefore) + " new events were written ("
                        + (workload.stats().viaIngest.get() - viaIngestBefore) + " of them through the gateway, which has its schema ids cached)");
                cluster.registry().start().awaitReady(PulseCluster.READY_TIMEOUT);
                log("registry back after " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStart) + " s; " + target.name()
                        + "'s log has " + countSinceLastStart(target, "SchemaRegistryUnavailable") + " lines naming SchemaRegistryUnavailable");
                awaitRecovery(target, "after the registry came back");
                log(target.name() + " RUNNING");
            }
        }
    }

    /**
     * Finds a partition of an aggregate topic on which a Streams transaction is open (a producer with a
     * current transaction start offset), kills its leader with {@code kill -9}, waits until another
     * node leads the partition, and restarts the killed node on its data. The transaction can then
     * only end by the coordinator's abort or the producer's commit on the new leader; either way the
     * aggregates must still equal the recomputation and no reader may see a value rolled back.
     */
    private void killLeaderUnderOpenTransaction(PulseCluster cluster) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.GATE_TRADE.name(), Topics.VACCINATION_COVERAGE.name(), Topics.DAILY_DOSES.name())) {
            for (int p = 0; p < 6; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        try (Admin admin = cluster.admin()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState> states;
                try {
                    states = admin.describeProducers(partitions).all().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    ServiceProcess.sleep(Duration.ofMillis(200));
                    continue;
                }
                for (var entry : states.entrySet()) {
                    var open = entry.getValue().activeProducers().stream()
                            .filter(ps -> ps.currentTransactionStartOffset().isPresent()).findFirst();
                    if (open.isEmpty()) {
                        continue;
                    }
                    TopicPartition tp = entry.getKey();
                    int leader = leaderOf(admin, tp);
                    if (leader < 1) {
                        continue;
                    }
                    ServiceProcess node = cluster.brokers().get(leader - 1);
                    log("partition " + tp + " has an open transaction (producer " + open.get().producerId() + " since offset "
                            + open.get().currentTransactionStartOffset().getAsLong() + "); kill -9 its leader " + node.name()
                            + " (pid " + node.pid() + ")");
                    node.kill();
                    long killed = System.nanoTime();
                    int next = -1;
                    while (System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(60)) {
                        next = leaderOf(admin, tp);
                        if (next > 0 && next != leader) {
                            break;
                        }
                        ServiceProcess.sleep(Duration.ofMillis(200));
                    }
                    log(next > 0 && next != leader
                            ? tp + " now led by broker-" + next + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed) + " ms"
                            : tp + " has no new leader within 60 s");
                    // Run on two nodes a while (min.insync.replicas 2 still met), then bring the node back.
                    ServiceProcess.sleep(Duration.ofSeconds(5));
                    awaitRecovery(node.start(), "after its kill -9");
                    log(node.name() + " restarted on its data directory and ports");
                    otherFaults.merge("leader under open transaction kill -9", 1, Integer::sum);
                    return;
                }
                ServiceProcess.sleep(Duration.ofMillis(100));
            }
            log("no aggregate partition had an open transaction within 60 s: no leader killed");
            recoveryFailures.add("no partition under an open transaction found for the leader kill");
        }
    }

    private static int leaderOf(Admin admin, TopicPartition tp) {
        try {
            var description = admin.describeTopics(List.of(tp.topic())).allTopicNames().get(10, TimeUnit.SECONDS).get(tp.topic());
            var leader = description.partitions().get(tp.partition()).leader();
            return leader == null || leader.isEmpty() ? -1 : leader.id();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    /**
     * Network faults between the first Streams instance and every broker, through the proxies: 300 ms of
     * delay each way, the requests cut (service to broker), the answers cut (broker to service), both
     * ways cut for longer than the session timeout (the instance is dropped from the group and its
     * producer fenced while it still believes it owns its tasks), then every connection reset.
     */
    private void networkFaults(PulseCluster cluster) {
        ServiceProcess target = cluster.streams(0);
        List<TcpProxy> proxies = cluster.proxies();
        Duration partition = cluster.options().streamsSessionTimeout().plusSeconds(5);
        log("network: 300 ms delay both ways between " + target.name() + " and the brokers, 10 s");
        proxies.forEach(p -> {
            p.delay(TcpProxy.Direction.UPSTREAM, Duration.ofMillis(300));
            p.delay(TcpProxy.Direction.DOWNSTREAM, Duration.ofMillis(300));
        });
        ServiceProcess.sleep(Duration.ofSeconds(10));
        proxies.forEach(TcpProxy::heal);
        otherFaults.merge("network delay 300 ms both ways", 1, Integer::sum);
        for (TcpProxy.Direction direction : TcpProxy.Direction.values()) {
            log("network: " + (direction == TcpProxy.Direction.UPSTREAM ? target.name() + " -> brokers" : "brokers -> " + target.name())
                    + " cut for 6 s");
            proxies.forEach(p -> p.cut(direction, true));
            ServiceProcess.sleep(Duration.ofSeconds(6));
            proxies.forEach(p -> p.cut(direction, false));
            otherFaults.merge("network cut " + (direction == TcpProxy.Direction.UPSTREAM ? "service->broker" : "broker->service"),
                    1, Integer::sum);
        }
        log("network: both ways cut for " + partition.toSeconds() + " s (longer than the session timeout)");
        proxies.forEach(p -> {
            p.cut(TcpProxy.Direction.UPSTREAM, true);
            p.cut(TcpProxy.Direction.DOWNSTREAM, true);
        });
        ServiceProcess.sleep(partition);
        int reset = proxies.stream().mapToInt(TcpProxy::resetConnections).sum();
        proxies.forEach(TcpProxy::heal);
        otherFaults.merge("network cut both ways", 1, Integer::sum);
        otherFaults.merge("connections reset", reset, Integer::sum);
        log("network healed; " + reset + " connections reset");
        awaitRecovery(target, "after the network faults");
        log(target.name() + " ready after the network faults");
    }

    /**
     * Waits until a restarted service is ready; if it is not within {@link PulseCluster#READY_TIMEOUT}, that is a
     * finding of the run (reported with a thread dump of the service, the run goes on: it may still recover before
     * the checks).
     */
    private void awaitRecovery(ServiceProcess service, String when) {
        try {
            service.awaitReady(PulseCluster.READY_TIMEOUT);
        } catch (IllegalStateException e) {
            String what = service.name() + " not ready within " + PulseCluster.READY_TIMEOUT + " " + when + " (log: " + service.logFile()
                    + "; thread dump: " + service.threadDump() + ")";
            log(what);
            recoveryFailures.add(what);
        }
    }

    /**
     * Stops the aggregate topics' segments from rolling during the run (records carry 2021 event times,
     * so a time-based roll would come at once): nothing is compacted away, and the final log is the whole
     * committed history the watchers are checked against. The topics stay compacted.
     */
    private static void keepAggregateHistory(PulseCluster cluster) {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
        for (String topic : List.of(Topics.VACCINATION_COVERAGE.name(), Topics.DAILY_DOSES.name(), Topics.GATE_TRADE.name())) {
            changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry("segment.ms", Long.toString(Duration.ofDays(3650).toMillis())), AlterConfigOp.OpType.SET)));
        }
        try (Admin admin = cluster.admin()) {
            admin.incrementalAlterConfigs(changes).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot change the aggregate topics' segment.ms", e);
        }
    }

    /** Waits until the Streams group has committed the end of every input partition; returns the lags seen last. */
    private Map<TopicPartition, Long> awaitInputsProcessed(PulseCluster cluster) {
        Set<String> inputs = Set.of(Topics.VACCINATION_DOSES.name(), Topics.DOSE_CORRECTIONS.name(), Topics.GATE_EVENTS.name());
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        Map<TopicPartition, Long> lag = Map.of();
        while (System.nanoTime() < deadline) {
            lag = lag(cluster, tp -> inputs.contains(tp.topic()));
            if (!lag.isEmpty() && lag.values().stream().allMatch(l -> l == 0)) {
                log("Streams caught up on the input topics");
                return lag;
            }
            ServiceProcess.sleep(Duration.ofSeconds(1));
        }
        log("Streams did NOT catch up on the inputs within " + SETTLE_TIMEOUT + ": " + lag);
        return lag;
    }

    private Map<TopicPartition, Long> repartitionLag(PulseCluster cluster) {
        return lag(cluster, tp -> tp.topic().startsWith(APPLICATION_ID + "-") && tp.topic().endsWith("-repartition"));
    }

    /** Lag of the Streams group per partition: last stable offset minus committed offset (input partitions with no commit count whole). */
    private static Map<TopicPartition, Long> lag(PulseCluster cluster, java.util.function.Predicate<TopicPartition> which) {
        try (Admin admin = cluster.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String topic : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                for (int p = 0; p < 6; p++) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    if (which.test(tp) && (committed.containsKey(tp) || !topic.endsWith("-repartition"))) {
                        request.put(tp, OffsetSpec.latest());
                    }
                }
            }
            Map<TopicPartition, Long> lag = new LinkedHashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> {
                        OffsetAndMetadata c = committed.get(tp);
                        lag.put(tp, info.offset() - (c == null ? 0 : c.offset()));
                    });
            return lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Cannot read the Streams group's lag: {}", e.toString());
            return Map.of();
        }
    }

    private static void checkNothingLostOnTheWayIn(Map<String, List<String>> acknowledged, Recomputation.Expected expected,
                                                   CrashReport.Builder report) {
        acknowledged.forEach((topic, ids) -> {
            Set<String> inTopic = expected.idsByTopic().get(topic);
            long missing = ids.stream().filter(id -> !inTopic.contains(id)).count();
            if (missing > 0) {
                report.failure(missing + " acknowledged events are missing from " + topic + " (e.g. "
                        + ids.stream().filter(id -> !inTopic.contains(id)).findFirst().orElseThrow() + ")");
            }
        });
    }

    private List<String> awaitAggregatesEqual(PulseCluster cluster, Recomputation.Expected expected) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        List<String> differences;
        do {
            differences = Recomputation.differences(expected.aggregates(),
                    Recomputation.fromAggregateTopics(cluster.bootstrapServers(), cluster.registryUrl()));
            if (differences.isEmpty()) {
                log("every aggregate equals the recomputation (" + expected.aggregates().keys() + " keys)");
                return differences;
            }
            ServiceProcess.sleep(Duration.ofSeconds(2));
        } while (System.nanoTime() < deadline);
        log(differences.size() + " aggregates still differ after " + SETTLE_TIMEOUT);
        return differences;
    }

    /** The API's province and district dose totals and each gate's month of trade, against the recomputation. */
    private List<String> apiDifferences(PulseCluster cluster, Recomputation.Expected expected) {
        Recomputation.Aggregates agg = expected.aggregates();
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        List<String> out;
        do {
            out = new ArrayList<>();
            JsonNode summary = get(cluster.apiUrl() + "/api/v1/vaccination/summary");
            if (summary == null || summary.path("dosesAdministered").asLong(-1) != agg.dosesCounted()) {
                out.add("summary dosesAdministered " + (summary == null ? "no answer" : summary.path("dosesAdministered"))
                        + ", expected " + agg.dosesCounted());
            }
            for (District d : Districts.ALL) {
                long want = agg.coverage().entrySet().stream().filter(e -> e.getKey().startsWith(d.code() + "|"))
                        .mapToLong(e -> e.getValue().total()).sum();
                JsonNode district = get(cluster.apiUrl() + "/api/v1/vaccination/districts/" + d.code());
                if (district == null || district.path("dosesAdministered").asLong(-1) != want) {
                    out.add("district " + d.code() + " dosesAdministered " + (district == null ? "no answer" : district.path("dosesAdministered"))
                            + ", expected " + want);
                }
            }
            for (Gate g : Gates.ALL) {
                Recomputation.Trade want = agg.trade().getOrDefault(g.code() + "|MONTH|2021-12", Recomputation.Trade.ZERO);
                JsonNode trade = get(cluster.apiUrl() + "/api/v1/border/gates/" + g.code() + "/trade?granularity=month&from=2021-12&to=2021-12");
                JsonNode period = trade == null ? null : trade.path("periods").path(0);
                long vehicles = period == null ? -1 : period.path("vehicles").asLong(0);
                BigDecimal exportUsd = period == null ? null : period.path("exportValueUsd").decimalValue();
                BigDecimal importUsd = period == null ? null : period.path("importValueUsd").decimalValue();
                if (vehicles != want.vehicles() || exportUsd == null || exportUsd.compareTo(want.exportUsd()) != 0
                        || importUsd.compareTo(want.importUsd()) != 0) {
                    out.add("gate " + g.code() + " 2021-12: " + vehicles + " vehicles, export " + exportUsd + ", import " + importUsd
                            + "; expected " + want.vehicles() + ", " + want.exportUsd() + ", " + want.importUsd());
                }
            }
            if (out.isEmpty()) {
                log("the API's totals equal the recomputation");
                return out;
            }
            ServiceProcess.sleep(Duration.ofSeconds(2));
        } while (System.nanoTime() < deadline);
        return out;
    }

    /** Lines containing {@code text} in the service's log since its last start. */
    private static long countSinceLastStart(ServiceProcess service, String text) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(service.logFile());
            int from = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("=== ")) {
                    from = i;
                }
            }
            return lines.subList(from, lines.size()).stream().filter(l -> l.contains(text)).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> response = ReadyCheck.HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.MINUTES.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void log(String what) {
        String line = String.format("%6.1f s  %s", (System.nanoTime() - started) / 1e9, what);
        timeline.add(line);
        LOG.info("[crash-test] {}", line);
    }
}
