package vn.pulse.api.readmodel;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.ops.KafkaMeters;

/**
 * Reads one compacted aggregate topic from the beginning, {@code read_committed}, and hands every
 * key's latest value to a sink (a {@code null} value is a deletion). It uses no consumer group:
 * every API instance reads every partition, so any instance answers any query and none depends on
 * the Streams app being up. It tracks how far behind the topic's end it is.
 *
 * @param <V> the aggregate's value type
 */
public final class AggregateReader<V> implements TopicReader {

    private static final Logger LOG = LoggerFactory.getLogger(AggregateReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TOPIC_RETRY = Duration.ofMillis(500);
    /** Pause before reading a record again whose value could not be read because the schema registry was away. */
    private static final Duration DEPENDENCY_RETRY = Duration.ofSeconds(1);
    /** Histogram buckets of {@code pulse_api_freshness_seconds}: sub-second to an hour. */
    private static final Duration[] FRESHNESS_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
        Duration.ofHours(1)};

    private final String topic;
    private final KafkaConsumer<String, V> consumer;
    private final BiConsumer<String, V> sink;
    private final Clock clock;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong lagRecords = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastCaughtUpMillis = new AtomicLong(-1);
    private final AtomicLong recordsRead = new AtomicLong();
    private volatile boolean caughtUpOnce;
    /** Set by {@link #bindMetrics}; the reader thread records into it. */
    private volatile Timer freshness;
    private volatile KafkaMeters consumerMeters;
    /** End offsets sampled at {@link #targetSampledAt}; reader-thread only. */
    private Map<TopicPartition, Long> target;
    private long targetSampledAt;
    /** When the reader started (reader-thread only): its load time is logged once it first reaches the end. */
    private long startedMillis;

    public AggregateReader(String bootstrapServers, String topic, Deserializer<V> valueDeserializer,
                           BiConsumer<String, V> sink, Clock clock) {
        this(ClientProperties.NONE.kafkaConfig(bootstrapServers), topic, valueDeserializer, sink, clock);
    }

    /**
     * @param kafkaConfig where the broker is and how to reach it: {@code bootstrap.servers} plus the
     *                    {@code kafka.client.*} properties ({@link ClientProperties#kafkaConfig})
     */
    public AggregateReader(Map<String, Object> kafkaConfig, String topic, Deserializer<V> valueDeserializer,
                           BiConsumer<String, V> sink, Clock clock) {
        this.topic = topic;
        this.sink = sink;
        this.clock = clock;
        Properties p = new Properties();
        p.putAll(kafkaConfig);
        // Never show a value that a Streams transaction later aborts.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-api-" + topic);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), valueDeserializer);
        this.thread = new Thread(this::run, "pulse-api-reader-" + topic);
        this.thread.setDaemon(true);
    }

    @Override
    public void start() {
        thread.start();
    }

    /** True once the reader has reached the end of the topic as it was when it started (and since). */
    public boolean caughtUp() {
        return caughtUpOnce && lagRecords.get() == 0;
    }

    @Override
    public boolean caughtUpOnce() {
        return caughtUpOnce;
    }

    /** Records between this reader's position and the end of the topic (committed data only). */
    @Override
    public long lagRecords() {
        long lag = lagRecords.get();
        return lag == Long.MAX_VALUE ? -1 : lag;
    }

    /**
     * How old the newest data this reader is sure to have seen is: milliseconds since the moment
     * up to which it has read everything committed; 0 when it is at the end now, -1 before it first was.
     */
    @Override
    public long lagMillis() {
        if (caughtUp()) {
            return 0;
        }
        long last = lastCaughtUpMillis.get();
        return last < 0 ? -1 : Math.max(0, clock.millis() - last);
    }

    public long recordsRead() {
        return recordsRead.get();
    }

    @Override
    public String topic() {
        return topic;
    }

    private void run() {
        startedMillis = clock.millis();
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                ConsumerRecords<String, V> records;
                try {
                    records = consumer.poll(POLL);
                } catch (RecordDeserializationException e) {
                    RetriableException dependency = dependencyFailure(e);
                    if (dependency == null) {
                        throw e;
                    }
                    // The schema registry is away (a value with a schema id not cached yet): read the same record
                    // again once it is back, instead of stopping for good and serving stale totals.
                    LOG.warn("Cannot read {}-{}@{} while a dependency is unavailable ({}); retrying in {} ms", topic,
                            e.topicPartition().partition(), e.offset(), dependency, DEPENDENCY_RETRY.toMillis());
                    consumer.seek(e.topicPartition(), e.offset());
                    Thread.sleep(DEPENDENCY_RETRY.toMillis());
                    records = ConsumerRecords.empty(); // the lag below keeps showing how far behind it falls meanwhile
                }
                for (ConsumerRecord<String, V> record : records) {
                    sink.accept(record.key(), record.value());
                    recordsRead.incrementAndGet();
                    recordFreshness(record.timestamp());
                }
                try {
                    updateLag(partitions);
                } catch (TimeoutException e) {
                    // The broker is away for a moment (a restart): keep reading from where we are once it is
                    // back, instead of stopping for good (the crash test's broker restart found this).
                    LOG.warn("Cannot read the end offsets of {} ({}); reading on", topic, e.getMessage());
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Reader of {} stopped", topic, e);
            throw e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    /** The retriable cause (the schema registry client's "unavailable") of a failed deserialization, or null. */
    private static RetriableException dependencyFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException retriable) {
                return retriable;
            }
        }
        return null;
    }

    /**
     * Registers this reader's meters, tagged with its {@code topic}:
     * {@code pulse_api_read_lag_records}, {@code pulse_api_read_lag_seconds} (NaN until first at
     * the end), {@code pulse_api_read_records_total}, the {@code pulse_api_freshness_seconds}
     * histogram, and the consumer's own {@code kafka_consumer_*} metrics.
     */
    @Override
    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder("pulse.api.read.lag.records", this, r -> orNaN(r.lagRecords()))
                .description("Records the API's read model is behind an aggregate topic (committed data)")
                .tag("topic", topic).strongReference(true).register(registry);
        Gauge.builder("pulse.api.read.lag.seconds", this, r -> {
                    long millis = r.lagMillis();
                    return millis < 0 ? Double.NaN : millis / 1000.0;
                })
                .description("Time since the API's read model was last at the end of an aggregate topic")
                .tag("topic", topic).strongReference(true).register(registry);
        FunctionCounter.builder("pulse.api.read.records", this, r -> r.recordsRead())
                .description("Aggregate records the API's read model has applied")
                .tag("topic", topic).register(registry);
        freshness = Timer.builder("pulse.api.freshness")
                .description("Age of the newest event an aggregate update includes when the API applies it: now minus "
                        + "the record timestamp, which Streams sets to the newest event time among the update's inputs; "
                        + "includes the sources' reporting delay (records arriving after the initial load only)")
                .tag("topic", topic)
                .serviceLevelObjectives(FRESHNESS_BUCKETS)
                .register(registry);
        consumerMeters = KafkaMeters.bind(consumer, registry);
    }

    /**
     * Now minus the aggregate record's timestamp. Kafka Streams stamps an aggregate (and a table
     * join) with the newest timestamp among its inputs, and a raw record's timestamp is its event
     * time (a dose's {@code administeredAt}), so this is the age of the newest event the update
     * includes: the source's reporting delay plus the pipeline's latency. A late report does not
     * make it older, a report back-dated by minutes makes it minutes old, and an event stamped in
     * the future counts as 0. The pipeline's own latency is what {@code FreshnessProbe} (cli) measures.
     * Only once the initial load is done: loading history is not freshness.
     */
    private void recordFreshness(long eventTimeMillis) {
        Timer timer = freshness;
        if (timer != null && caughtUpOnce && eventTimeMillis >= 0) {
            timer.record(Math.max(0, clock.millis() - eventTimeMillis), TimeUnit.MILLISECONDS);
        }
    }

    private static double orNaN(long value) {
        return value < 0 ? Double.NaN : value;
    }

    /**
     * The topic's partitions, once it exists. A missing topic is answered at once with no
     * partitions (the broker does not auto-create), an unreachable or slow broker with a timeout: ask
     * again every {@link #TOPIC_RETRY}, not in a busy loop, and say so in the log now and then.
     */
    private List<TopicPartition> partitions() {
        for (int attempt = 0; running.get(); attempt++) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            } catch (TimeoutException e) {
                // A broker that is still starting (or slow) is not a reason to stop reading for good:
                // the API would never become ready (seen in the crash test's cold start under load).
                LOG.warn("No metadata for topic {} yet ({}); asking again", topic, e.getMessage());
                infos = null;
            }
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            if (attempt % 60 == 0) {
                LOG.info("Waiting for topic {} to exist", topic);
            }
            try {
                Thread.sleep(TOPIC_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new WakeupException();
    }

    /**
     * Measures freshness without being fooled by a topic that never stops growing: the end offsets
     * sampled at time T become a target; once the reader's position has passed the target on every
     * partition, everything committed before T is visible, so the reader is "at the end as of T".
     */
    private void updateLag(List<TopicPartition> partitions) {
        // Under read_committed the end offset is the last stable offset: what we can and will read.
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(5));
        long now = clock.millis();
        if (target == null) {
            target = ends;
            targetSampledAt = now;
        }
        boolean reachedTarget = true;
        long lag = 0;
        for (TopicPartition tp : partitions) {
            long position = consumer.position(tp, Duration.ofSeconds(5));
            reachedTarget &= position >= target.getOrDefault(tp, 0L);
            lag += Math.max(0, ends.getOrDefault(tp, position) - position);
        }
        if (reachedTarget) {
            lastCaughtUpMillis.set(lag == 0 ? now : targetSampledAt);
            if (!caughtUpOnce) {
                LOG.info("Loaded {}: {} records in {} ms", topic, recordsRead.get(), now - startedMillis);
            }
            caughtUpOnce = true;
            target = ends;
            targetSampledAt = now;
        }
        lagRecords.set(lag);
    }

    /** Asks the reader to stop without waiting for it ({@link #close()} waits); several readers stop in parallel. */
    @Override
    public void requestStop() {
        running.set(false);
        consumer.wakeup();
    }

    @Override
    public void close() {
        requestStop();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KafkaMeters meters = consumerMeters;
        if (meters != null) {
            meters.close();
        }
    }
}
