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
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
    /**
     * Longest wait for the stream threads on close. {@code close} returns as soon as they stopped
     * (2-8 s when idle); a thread still restoring state on a loaded machine can take longer, and
     * returning before it stopped would leave it writing to the state directory while the process
     * (or, in the local run, the broker beside it) goes away.
     */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long the app stays not ready after a stream thread failed: longer than a replaced thread
     * takes to rejoin and fail again on the same record or dependency, so a failure loop never reads UP.
     */
    static final Duration READY_AFTER_THREAD_FAILURE = Duration.ofSeconds(30);
    /**
     * How long the app may stay outside RUNNING (start, rebalance, restore) before it logs a warning
     * with its threads' states, and again each time as long; the same as the not-ready alert's wait.
     */
    static final Duration LONG_REBALANCE = Duration.ofMinutes(2);

    private final StreamsAppConfig config;
    private final KafkaStreams streams;
    private final ServiceMetrics metrics;
    private final KafkaMeters streamsMetrics;
    private final Javalin http;
    private final StreamThreadHealth health;

    private StreamsApp(StreamsAppConfig config, KafkaStreams streams, ServiceMetrics metrics,
                       KafkaMeters streamsMetrics, Javalin http, StreamThreadHealth health) {
        this.config = config;
        this.streams = streams;
        this.health = health;
        this.metrics = metrics;
        this.streamsMetrics = streamsMetrics;
        this.http = http;
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
        Topology topology = PulseTopology.build(topics, PulseSerdes.forRegistry(config.clients(), config.registryUrl()), config.border(),
                config.vaccination());
        return start(config, topology, topics, extraProperties);
    }

    /** Runs {@code topology} as the app would, with Kafka Streams properties that win over the app's own (tests). */
    static StreamsApp start(StreamsAppConfig config, Topology topology, TopicNames topics, Map<String, ?> extraProperties) {
        LOG.info("Topology:\n{}", topology.describe());
        ServiceMetrics metrics = ServiceMetrics.create("streams");
        Properties properties = streamsProperties(config, topics);
        properties.putAll(extraProperties);
        // Not a string: DeadLetterOnBadRecord counts what it dead-letters in this registry.
        properties.put(DeadLetterOnBadRecord.METER_REGISTRY, metrics.registry());
        DeadLetterOnBadRecord.registerCounters(metrics.registry(), sourceTopics(topology));
        DeadLetterOnFailure.registerCounters(metrics.registry());
        KafkaStreams streams = new KafkaStreams(topology, properties);
        StreamThreadHealth health = new StreamThreadHealth(Clock.systemUTC(), READY_AFTER_THREAD_FAILURE, LONG_REBALANCE);
        streams.setUncaughtExceptionHandler(exception -> {
            // A record that fails is dead-lettered by the exception handlers (streamsProperties); what gets
            // here is a dependency failure (registry, broker) or Kafka Streams' own: retry on a new thread,
            // not ready meanwhile.
            health.threadFailed();
            LOG.error("Stream thread failed ({} since start); replacing it (exactly-once: its open transaction is aborted)",
                    health.failures(), exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((next, previous) -> {
            health.stateChanged(next);
            LOG.info("Streams state {} -> {}", previous, next);
        });
        Gauge.builder("pulse.streams.not.running.seconds", health, h -> h.notRunningFor().toMillis() / 1000.0)
                .description("Seconds since the Streams app was last RUNNING (start, rebalance, restore); 0 while it is")
                .strongReference(true).register(metrics.registry());
        streams.setGlobalStateRestoreListener(new RestoreMeter(metrics.registry()));
        // Kafka Streams' metrics (kafka_stream_*, also the topology's own sensors: duplicates dropped,
        // dead letters), rebound every few seconds as tasks are assigned; its scheduler stops with it.
        KafkaMeters streamsMetrics = KafkaMeters.bind(metrics.registry(),
                scheduler -> new KafkaStreamsMetrics(streams, Tags.empty(), scheduler, KafkaMeters.REFRESH));
        streams.start();
        health.watch(streams);
        Javalin http = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(Json.javalinMapper());
            OpsRoutes.install(cfg, "streams", metrics, () -> health.readiness(streams.state()));
            config.tls().apply(cfg, config.httpHost(), config.httpPort());
        }).start(config.httpHost(), config.httpPort());
        return new StreamsApp(config, streams, metrics, streamsMetrics, http, health);
    }

    /**
     * The Kafka Streams properties the app runs with, the one source of them: the bench and the
     * integration tests that run a topology of their own run it with these.
     */
    public static Properties streamsProperties(StreamsAppConfig config, TopicNames topics) {
        Properties p = new Properties();
        // bootstrap.servers and the kafka.client.* properties (TLS, SASL): Streams gives the unprefixed
        // ones to each of its clients (producers, consumers, restore consumer, admin).
        p.putAll(config.clients().kafkaConfig(config.bootstrapServers()));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        // Each dose counts once even across crashes: transactions span input offsets, state and output.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Also the latency of the aggregate topics: the API sees committed results only.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitInterval().toMillis()));
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
        // RocksDB keeps Kafka Streams' defaults: BoundedMemoryRocksDb (one shared, bounded cache) measured slower
        // on both topologies (docs/benchmarks.md, "Tuning"). A deployment that needs the memory bound sets it like
        // any client property: PULSE_KAFKA_CLIENT_ROCKSDB_CONFIG_SETTER=vn.pulse.streams.BoundedMemoryRocksDb.
        // Process whatever is buffered instead of first fetching every input partition of a task: each of our
        // multi-input tasks is order-independent (the dose ledger takes a correction before or after its dose;
        // the table-table outer joins converge on the same rows), and with the default (0) Kafka Streams
        // formats log strings for each empty input partition on every record (a fifth of the vaccination
        // thread's time in the profile: docs/benchmarks.md, "Tuning").
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
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
        return streams.state();
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

    @Override
    public void close() {
        http.stop();
        // Leave the group on a deliberate stop: other instances take over at once, and a restart of
        // this one does not wait for its old membership to time out.
        boolean stopped = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (!stopped) {
            LOG.warn("Stream threads still running {} s after close; state {}", CLOSE_TIMEOUT.toSeconds(), streams.state());
        }
        health.close();
        streamsMetrics.close();
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
