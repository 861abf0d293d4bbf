package vn.pulse.streams;

import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.config.Settings;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.http.Json;
import vn.pulse.core.ops.KafkaMeters;
import vn.pulse.core.ops.OpsRoutes;
import vn.pulse.core.ops.ServiceMetrics;
import vn.pulse.core.topics.Topics;
import vn.pulse.streams.common.DeadLetterOnBadRecord;
import vn.pulse.streams.common.DeadLetterOnFailure;

/**
 * Runs the Pulse topologies with exactly-once processing, plus a small HTTP server for health and
 * metrics. Lifecycle only: the topology itself comes from the pure factories.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    /** Gauge: 1 while the Kafka Streams instance runs the bulk profile, 0 live. */
    static final String PROFILE_METER = "pulse.streams.profile.bulk";
    /** Gauge: the input topics' lag as last read for {@code streams.profile=auto}. */
    static final String INPUT_LAG_METER = "pulse.streams.input.lag";
    /**
     * Longest wait for the stream threads on close. {@code close} returns as soon as they stopped
     * (2-8 s when idle); a thread still restoring state on a loaded machine can take longer, and
     * returning before it stopped would leave it writing to the state directory while the process
     * (or, in the local run, the broker beside it) goes away.
     */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** The producers' first pause before a retry (doubling up to retry.backoff.max.ms, 1 s): see streamsProperties. */
    static final long PRODUCER_RETRY_BACKOFF_MS = 10;
    /**
     * How long the app stays not ready after a stream thread failed: longer than a replaced thread
     * takes to rejoin and fail again on the same record or dependency, so a failure loop never reads UP.
     */
    static final Duration READY_AFTER_THREAD_FAILURE = Duration.ofSeconds(30);
    /**
     * Least time in the bulk profile before going live (from the start, or from the switch to bulk), in lag
     * checks (60 s at the default 5 s): each switch restarts the Kafka Streams instance (seconds of nothing
     * committed), and a replay's producer may start a while after the app.
     */
    static final int MIN_PROFILE_DWELL_CHECKS = 12;
    /**
     * How long the app may stay outside RUNNING (start, rebalance, restore) before it logs a warning
     * with its threads' states, and again each time as long; the same as the not-ready alert's wait.
     */
    static final Duration LONG_REBALANCE = Duration.ofMinutes(2);

    private final StreamsAppConfig config;
    private final Supplier<Topology> topologies;
    private final TopicNames topics;
    private final Map<String, ?> extraProperties;
    private final Set<String> inputTopics;
    private final ServiceMetrics metrics;
    private final StreamThreadHealth health;
    private final RestoreMeter restoreMeter;
    private final AtomicLong inputLag = new AtomicLong(-1);
    private final AtomicLong profileSwitches = new AtomicLong();
    private volatile KafkaStreams streams;
    private volatile KafkaMeters streamsMetrics;
    private volatile StreamsProfile.Profile running;
    private volatile long lastSwitch = System.nanoTime();
    private Admin admin;
    private ScheduledExecutorService profileCheck;
    private Javalin http;
    private volatile boolean closed;

    private StreamsApp(StreamsAppConfig config, Supplier<Topology> topologies, Topology first, TopicNames topics,
                       Map<String, ?> extraProperties) {
        this.config = config;
        this.topologies = topologies;
        this.topics = topics;
        this.extraProperties = Map.copyOf(extraProperties);
        this.inputTopics = sourceTopics(first);
        this.metrics = ServiceMetrics.create("streams");
        this.health = new StreamThreadHealth(Clock.systemUTC(), READY_AFTER_THREAD_FAILURE, LONG_REBALANCE);
        this.restoreMeter = new RestoreMeter(metrics.registry());
    }

    /** Builds the topology, starts processing and the HTTP server; returns at once (processing goes on). */
    public static StreamsApp start(StreamsAppConfig config) {
        return start(config, TopicNames.defaults());
    }

    /** As {@link #start(StreamsAppConfig)}, on topics of other names (integration tests give each test its own). */
    public static StreamsApp start(StreamsAppConfig config, TopicNames topics) {
        return start(config, topics, Map.of());
    }

    /** As {@link #start(StreamsAppConfig, TopicNames)}, with Kafka Streams properties that win over the app's own. */
    public static StreamsApp start(StreamsAppConfig config, TopicNames topics, Map<String, ?> extraProperties) {
        PulseSerdes serdes = PulseSerdes.forRegistry(config.clients(), config.registryUrl());
        return start(config, () -> PulseTopology.build(topics, serdes, config.border(), config.vaccination()), topics, extraProperties);
    }

    /** Runs {@code topology} as the app would, with Kafka Streams properties that win over the app's own (tests). */
    static StreamsApp start(StreamsAppConfig config, Topology topology, TopicNames topics, Map<String, ?> extraProperties) {
        // One instance only: a fixed topology is not rebuilt, so the profile stays what it starts with.
        StreamsAppConfig fixed = config.profile().choice() == StreamsProfile.Choice.AUTO
                ? config.withProfile(new StreamsProfile(StreamsProfile.Choice.LIVE, config.profile().bulkCommitInterval(),
                        config.profile().bulkAboveLag(), config.profile().liveBelowLag(), config.profile().checkInterval()))
                : config;
        return start(fixed, () -> topology, topics, extraProperties);
    }

    private static StreamsApp start(StreamsAppConfig config, Supplier<Topology> topologies, TopicNames topics,
                                    Map<String, ?> extraProperties) {
        Topology first = topologies.get();
        LOG.info("Topology:\n{}", first.describe());
        StreamsApp app = new StreamsApp(config, topologies, first, topics, extraProperties);
        try {
            app.startAll(first);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startAll(Topology first) {
        DeadLetterOnBadRecord.registerCounters(metrics.registry(), inputTopics);
        DeadLetterOnFailure.registerCounters(metrics.registry());
        Gauge.builder(PROFILE_METER, () -> running == StreamsProfile.Profile.BULK ? 1 : 0)
                .description("The profile the Kafka Streams instance runs with: 1 bulk, 0 live").register(metrics.registry());
        Gauge.builder(INPUT_LAG_METER, inputLag::get)
                .description("Records of the input topics not yet committed by the app, as last read for streams.profile=auto (-1: not read)")
                .register(metrics.registry());
        Gauge.builder("pulse.streams.not.running.seconds", health, h -> h.notRunningFor().toMillis() / 1000.0)
                .description("Seconds since the Streams app was last RUNNING (start, rebalance, restore); 0 while it is")
                .strongReference(true).register(metrics.registry());
        StreamsProfile profile = config.profile();
        StreamsProfile.Profile initial = profile.fixed();
        if (profile.choice() == StreamsProfile.Choice.AUTO) {
            admin = Admin.create(adminProperties());
            // Unreadable (the topics are being created, the broker is slow): start as if there were nothing to catch up on.
            initial = profile.initial(readLag().orElse(0L));
        }
        startStreams(first, initial);
        // Watches whichever instance runs (a profile switch replaces it).
        health.watch(() -> streams);
        http = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(Json.javalinMapper());
            OpsRoutes.install(cfg, "streams", metrics, () -> health.readiness(state()));
            config.tls().apply(cfg, config.httpHost(), config.httpPort());
        }).start(config.httpHost(), config.httpPort());
        if (admin != null) {
            profileCheck = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pulse-streams-profile");
                t.setDaemon(true);
                return t;
            });
            long every = profile.checkInterval().toMillis();
            profileCheck.scheduleWithFixedDelay(this::checkProfile, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private Map<String, Object> adminProperties() {
        Map<String, Object> p = new java.util.HashMap<>(config.clients().kafkaConfig(config.bootstrapServers()));
        p.put("client.id", config.applicationId() + "-profile");
        return p;
    }

    /** The input topics' lag; empty when it cannot be read (the broker is away or slow). */
    private java.util.Optional<Long> readLag() {
        try {
            long lag = InputLag.read(admin, config.applicationId(), inputTopics);
            inputLag.set(lag);
            return java.util.Optional.of(lag);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } catch (Exception e) {
            LOG.warn("Cannot read the input topics' lag ({}); no profile decision this time", e.toString());
            return java.util.Optional.empty();
        }
    }

    private void checkProfile() {
        try {
            java.util.Optional<Long> read = readLag();
            if (read.isEmpty()) {
                return;
            }
            long lag = read.get();
            synchronized (this) {
                if (!closed && streams == null) {
                    // The last switch could not start the new instance: try again, with the profile the lag asks for.
                    startStreams(topologies.get(), config.profile().next(running, lag).orElse(running));
                    return;
                }
            }
            // Going bulk is never put off (the backlog grows meanwhile); going live waits out the dwell.
            boolean dwelt = System.nanoTime() - lastSwitch >= config.profile().checkInterval().toNanos() * MIN_PROFILE_DWELL_CHECKS;
            config.profile().next(running, lag).filter(next -> next == StreamsProfile.Profile.BULK || dwelt)
                    .ifPresent(next -> switchTo(next, lag));
        } catch (RuntimeException e) {
            // Never let the schedule die: the next check tries again.
            LOG.error("Profile check failed", e);
        }
    }

    /** Restarts the Kafka Streams instance with {@code next}'s properties: a clean close, so the state stays local. */
    private synchronized void switchTo(StreamsProfile.Profile next, long lag) {
        if (closed || next == running) {
            return;
        }
        long started = System.nanoTime();
        lastSwitch = started;
        LOG.info("Input lag {} records: switching the Streams profile {} -> {} (restarting the Kafka Streams instance)",
                lag, running, next);
        // The new instance takes the state directory's lock: the old one must have stopped, however long that takes.
        while (!stopStreams() && !closed) {
            LOG.warn("Kafka Streams still stopping for the profile switch; waiting on");
        }
        if (closed) {
            return;
        }
        streams = null;
        startStreams(topologies.get(), next);
        profileSwitches.incrementAndGet();
        LOG.info("Streams profile {} in {} ms", next, (System.nanoTime() - started) / 1_000_000);
    }

    private void startStreams(Topology topology, StreamsProfile.Profile profile) {
        Properties properties = streamsProperties(config, topics, profile);
        properties.putAll(extraProperties);
        // Not a string: DeadLetterOnBadRecord counts what it dead-letters in this registry.
        properties.put(DeadLetterOnBadRecord.METER_REGISTRY, metrics.registry());
        KafkaStreams next = new KafkaStreams(topology, properties);
        next.setUncaughtExceptionHandler(exception -> {
            // A record that fails is dead-lettered by the exception handlers (streamsProperties); what gets
            // here is a dependency failure (registry, broker) or Kafka Streams' own: retry on a new thread,
            // not ready meanwhile.
            health.threadFailed();
            LOG.error("Stream thread failed ({} since start); replacing it (exactly-once: its open transaction is aborted)",
                    health.failures(), exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        next.setStateListener((now, previous) -> {
            health.stateChanged(now);
            LOG.info("Streams state {} -> {}", previous, now);
        });
        next.setGlobalStateRestoreListener(restoreMeter);
        // Kafka Streams' metrics (kafka_stream_*, also the topology's own sensors: duplicates dropped,
        // dead letters), rebound every few seconds as tasks are assigned; its scheduler stops with it.
        streamsMetrics = KafkaMeters.bind(metrics.registry(),
                scheduler -> new KafkaStreamsMetrics(next, Tags.empty(), scheduler, KafkaMeters.REFRESH));
        streams = next;
        running = profile;
        LOG.info("Starting Kafka Streams with the {} profile (commit interval {} ms)", profile,
                properties.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        next.start();
    }

    /** Closes the Kafka Streams instance; whether it stopped within {@link #CLOSE_TIMEOUT}. */
    private boolean stopStreams() {
        // Leave the group on a deliberate stop: other instances take over at once, and a restart of
        // this one does not wait for its old membership to time out.
        boolean stopped = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (!stopped) {
            LOG.warn("Stream threads still running {} s after close; state {}", CLOSE_TIMEOUT.toSeconds(), streams.state());
        }
        streamsMetrics.close();
        // The next instance keeps the process id (it is in the state directory), so its meters would have the
        // same names and tags as these: remove them, or the registry would keep answering the closed instance's.
        metrics.registry().getMeters().stream().filter(m -> m.getId().getName().startsWith("kafka."))
                .toList().forEach(metrics.registry()::remove);
        return stopped;
    }

    /**
     * The Kafka Streams properties the app runs with, the one source of them: the bench and the
     * integration tests that run a topology of their own run it with these.
     */
    public static Properties streamsProperties(StreamsAppConfig config, TopicNames topics) {
        return streamsProperties(config, topics, config.profile().fixed());
    }

    /** As {@link #streamsProperties(StreamsAppConfig, TopicNames)}, with {@code profile}'s commit interval and batching. */
    public static Properties streamsProperties(StreamsAppConfig config, TopicNames topics, StreamsProfile.Profile profile) {
        Properties p = new Properties();
        // bootstrap.servers and the kafka.client.* properties (TLS, SASL): Streams gives the unprefixed
        // ones to each of its clients (producers, consumers, restore consumer, admin).
        p.putAll(config.clients().kafkaConfig(config.bootstrapServers()));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        // Each dose counts once even across crashes: transactions span input offsets, state and output.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Also the latency of the aggregate topics: the API sees committed results only (StreamsProfile).
        config.profile().apply(profile, config.commitInterval(), p);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.threads()));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        // Refuse to start with any auto-named store or internal topic: renames would orphan state.
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // A record that cannot be deserialized goes to the dead-letter topic; a registry outage is retried.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnBadRecord.class.getName());
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.name(Topics.DEAD_LETTERS));
        // A step that fails on a record, or a result that cannot be serialized (a total too large for its
        // schema), dead-letters that record with the reason and the task goes on; a dependency failure is
        // retried. The dead letter commits in the task's transaction (DeadLetterOnFailure).
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnFailure.Processing.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnFailure.Serialization.class.getName());
        p.putAll(config.clients().serdeConfig(config.registryUrl()));
        // Every RocksDB store of the process within one budget (one block cache, memtables counted in it), unless
        // streams.rocksdb.memory-mib is 0 or a deployment names a config setter of its own (kafka.client.rocksdb.config.setter).
        if (config.rocksDbMemoryMib() > 0) {
            p.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDb.class.getName());
            p.put(BoundedMemoryRocksDb.TOTAL_BYTES_CONFIG, Long.toString((long) config.rocksDbMemoryMib() << 20));
            p.put(BoundedMemoryRocksDb.MEMTABLE_BYTES_CONFIG, Long.toString((long) config.rocksDbWriteBufferMib() << 20));
        }
        // Process whatever is buffered instead of first fetching every input partition of a task: each of our
        // multi-input tasks is order-independent (the dose ledger takes a correction before or after its dose;
        // the table-table outer joins converge on the same rows), and with the default (0) Kafka Streams
        // formats log strings for each empty input partition on every record (a fifth of the vaccination
        // thread's time in the profile: docs/benchmarks.md, "Tuning").
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // A record sent to a partition whose previous transaction's commit marker is still being written is
        // refused (CONCURRENT_TRANSACTIONS) and retried after retry.backoff.ms; the default, 100 ms, is a whole
        // commit interval. Such refusals are seen after commits (docs/benchmarks.md, "Border: one record per
        // gate"); the shorter pause was not measurably faster on a loaded machine.
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), Long.toString(PRODUCER_RETRY_BACKOFF_MS));
        return p;
    }

    /** The topics the topology reads from outside (its own repartition topics left out). */
    static Set<String> sourceTopics(Topology topology) {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(t -> !t.endsWith("-repartition")).forEach(topics::add);
                }
            }
        }
        return topics;
    }

    public KafkaStreams.State state() {
        KafkaStreams current = streams;
        // Between the two instances of a profile switch.
        return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
    }

    /** Stream threads that failed (and were replaced) since the start. */
    long threadFailures() {
        return health.failures();
    }

    public int httpPort() {
        return http.port();
    }

    public StreamsAppConfig config() {
        return config;
    }

    /** The profile the Kafka Streams instance runs with now. */
    public StreamsProfile.Profile profile() {
        return running;
    }

    /** Restarts of the Kafka Streams instance for a profile switch since the start. */
    public long profileSwitches() {
        return profileSwitches.get();
    }

    @Override
    public void close() {
        closed = true;
        if (profileCheck != null) {
            profileCheck.shutdownNow();
        }
        if (http != null) {
            http.stop();
        }
        synchronized (this) {
            if (streams != null) {
                stopStreams();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        metrics.close();
    }

    /** Runs the Streams app as its own process: {@code java ... vn.pulse.streams.StreamsApp [config.properties]}. */
    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.load(StreamsAppConfig.DEFAULTS, args.length > 0 ? Path.of(args[0]) : null,
                System.getenv(), Map.of());
        StreamsAppConfig config = StreamsAppConfig.from(settings);
        // A crashed process (kill -9) leaves the group only when its session times out; until then its
        // tasks stand still. A shorter timeout (the crash harness uses 10 s) moves them sooner.
        StreamsApp app = start(config, TopicNames.defaults(), Map.of(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                Long.toString(settings.duration("streams.session-timeout").toMillis())));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "pulse-streams-shutdown"));
        stopped.await();
    }
}
