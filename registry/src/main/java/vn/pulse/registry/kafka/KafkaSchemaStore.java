package vn.pulse.registry.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.ops.KafkaMeters;
import vn.pulse.core.topics.TopicProvisioner;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.registry.core.RegistryState;
import vn.pulse.registry.core.SchemaStore;
import vn.pulse.registry.core.Write;
import vn.pulse.registry.model.ErrorCode;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * Keeps the registry's records in a compacted, single-partition Kafka topic.
 *
 * <p>A reader thread applies every committed record to the in-memory {@link RegistryState}; reads are
 * served from that state, so they go on while Kafka is unavailable. A write (1) initialises a
 * transactional producer whose transactional id all instances share, which fences any other instance's
 * producer and settles its open transaction; (2) waits until the reader has applied the topic up to its
 * end; (3) lets the planner decide from that state (so ids are allocated from the latest maximum); (4)
 * commits the records in one transaction; (5) waits until the reader has applied them. If another instance
 * initialised in the meantime, the commit fails as fenced and the write starts again from (1): a commit
 * that succeeds was decided on a state no other instance's commit can have changed.
 */
public final class KafkaSchemaStore implements SchemaStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final int MAX_ATTEMPTS = 5;

    private final KafkaStoreOptions options;
    private final TopicPartition partition;
    private final RegistryState state = new RegistryState();
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object progress = new Object();
    private volatile long appliedOffset;
    private volatile boolean running = true;
    private KafkaProducer<byte[], byte[]> producer;
    /** Where the store's Kafka clients report (null until {@link #bindMetrics}); guarded by the write lock for the producer. */
    private volatile MeterRegistry meterRegistry;
    private KafkaMeters consumerMeters;
    private KafkaMeters producerMeters;

    private KafkaSchemaStore(KafkaStoreOptions options) {
        this.options = options;
        this.partition = new TopicPartition(options.topic(), 0);
        this.admin = Admin.create(adminConfig());
        this.consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::readLoop, "schema-store-reader-" + options.topic());
        this.reader.setDaemon(true);
    }

    /**
     * Creates the topic if missing, starts the reader and returns once every record already in the topic
     * is applied.
     *
     * @throws SchemaRegistryException 50002 if Kafka cannot be read within the startup timeout; 50001 if the topic
     *                                 has more than one partition or is not compacted
     */
    public static KafkaSchemaStore open(KafkaStoreOptions options) {
        KafkaSchemaStore store = new KafkaSchemaStore(options);
        try {
            TopicProvisioner.ensure(store.admin, List.of(new TopicSpec(options.topic(), 1, TopicSpec.Role.SYSTEM, null)),
                    options.replicationFactor());
            store.checkTopic(deadline(options.startupTimeout()));
            store.reader.start();
            store.catchUp(deadline(options.startupTimeout()));
            LOG.info("Schema store on topic {} loaded up to offset {}", options.topic(), store.appliedOffset);
            return store;
        } catch (SchemaRegistryException e) {
            store.close();
            throw e;
        } catch (RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
            store.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new SchemaRegistryException(ErrorCode.OPERATION_TIMEOUT, "Cannot load the schema store from topic "
                    + options.topic() + " at " + options.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a topic that would lose or reorder records: it must have one partition and be compacted. */
    private void checkTopic(long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(options.topic())).allTopicNames()
                .get(remainingNanos(deadline), TimeUnit.NANOSECONDS).get(options.topic());
        if (description.partitions().size() != 1) {
            throw new SchemaRegistryException(ErrorCode.STORE_ERROR, "The schema topic " + options.topic() + " has "
                    + description.partitions().size() + " partitions; it must have exactly 1 so every instance reads records in one order");
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, options.topic());
        String policy = admin.describeConfigs(List.of(resource)).all().get(remainingNanos(deadline), TimeUnit.NANOSECONDS)
                .get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            throw new SchemaRegistryException(ErrorCode.STORE_ERROR, "The schema topic " + options.topic() + " has cleanup.policy="
                    + policy + "; it must be 'compact' or schemas would be deleted with old segments");
        }
    }

    @Override
    public RegistryState state() {
        return state;
    }

    @Override
    public <T> T write(Function<RegistryState, Write<T>> planner) {
        long deadline = deadline(options.writeTimeout());
        try {
            if (!writeLock.tryLock(remainingNanos(deadline), TimeUnit.NANOSECONDS)) {
                throw timeout(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeError("interrupted while waiting to write", e);
        }
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return writeOnce(planner, deadline);
                } catch (KafkaException e) {
                    if (!fenced(e)) {
                        throw e;
                    }
                    discardProducer();
                    if (attempt == MAX_ATTEMPTS) {
                        throw storeError("another registry instance kept taking over the store", e);
                    }
                    LOG.info("Another registry instance wrote to {}; deciding again on the latest state", options.topic());
                    // A random pause, so two instances that keep fencing each other fall out of step.
                    Thread.sleep(ThreadLocalRandom.current().nextLong(10, 20L * attempt * attempt));
                }
            }
        } catch (SchemaRegistryException e) {
            throw e;
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            discardProducer();
            throw timeout(e);
        } catch (ExecutionException e) {
            discardProducer();
            throw storeError(e.getCause().getMessage(), e.getCause());
        } catch (KafkaException e) {
            discardProducer();
            throw storeError(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discardProducer();
            throw storeError("interrupted while writing", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Whether another instance's producer took over (the exception, or one of its causes, says so). */
    private static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private <T> T writeOnce(Function<RegistryState, Write<T>> planner, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        KafkaProducer<byte[], byte[]> writer = producer();
        catchUp(deadline);
        Write<T> write = planner.apply(state);
        if (write.records().isEmpty()) {
            return write.result();
        }
        writer.beginTransaction();
        Future<RecordMetadata> last = null;
        for (var record : write.records()) {
            StoreRecordCodec.Encoded encoded = StoreRecordCodec.encode(record);
            last = writer.send(new ProducerRecord<>(options.topic(), 0, encoded.key(), encoded.value()));
        }
        writer.commitTransaction();
        long offset = last.get(remainingNanos(deadline), TimeUnit.NANOSECONDS).offset();
        awaitApplied(offset + 1, deadline);
        return write.result();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
            MeterRegistry meters = meterRegistry;
            if (meters != null) {
                producerMeters = KafkaMeters.bind(created, meters);
            }
        }
        return producer;
    }

    private void discardProducer() {
        if (producer != null) {
            if (producerMeters != null) {
                producerMeters.close();
                producerMeters = null;
            }
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    /** Waits until the reader has applied every committed record the topic holds now. */
    private void catchUp(long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .partitionResult(partition).get(remainingNanos(deadline), TimeUnit.NANOSECONDS).offset();
        awaitApplied(end, deadline);
    }

    private void awaitApplied(long offset, long deadline) throws InterruptedException, TimeoutException {
        synchronized (progress) {
            while (appliedOffset < offset) {
                long remaining = remainingNanos(deadline);
                if (remaining <= 0 || !running) {
                    throw new TimeoutException("the store's reader reached offset " + appliedOffset + " of " + offset);
                }
                TimeUnit.NANOSECONDS.timedWait(progress, remaining);
            }
        }
    }

    private void readLoop() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    applyRecord(record);
                }
                long position;
                try {
                    position = consumer.position(partition, Duration.ofSeconds(1));
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    continue;
                }
                if (position != appliedOffset) {
                    synchronized (progress) {
                        appliedOffset = position;
                        progress.notifyAll();
                    }
                }
            }
        } catch (WakeupException e) {
            // Closing.
        } catch (RuntimeException e) {
            LOG.error("The schema store's reader stopped; the registry no longer sees new records", e);
        } finally {
            running = false;
            synchronized (progress) {
                progress.notifyAll();
            }
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    private void applyRecord(ConsumerRecord<byte[], byte[]> record) {
        try {
            StoreRecordCodec.decode(record.key(), record.value()).ifPresent(state::apply);
        } catch (RuntimeException e) {
            LOG.error("Skipping unreadable record at {}-{} offset {}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeLock.lock();
        try {
            discardProducer();
        } finally {
            writeLock.unlock();
        }
        admin.close(Duration.ZERO);
        if (consumerMeters != null) {
            consumerMeters.close();
        }
    }

    /**
     * Reports the store's consumer and (once it writes) producer metrics ({@code kafka_consumer_*},
     * {@code kafka_producer_*}) to {@code registry}.
     */
    public void bindMetrics(MeterRegistry registry) {
        this.meterRegistry = registry;
        this.consumerMeters = KafkaMeters.bind(consumer, registry);
    }

    private SchemaRegistryException timeout(Throwable cause) {
        return new SchemaRegistryException(ErrorCode.OPERATION_TIMEOUT, "Kafka did not complete the write to topic "
                + options.topic() + " within " + options.writeTimeout().toMillis() + " ms; reads are still served", cause);
    }

    private SchemaRegistryException storeError(String detail, Throwable cause) {
        return new SchemaRegistryException(ErrorCode.STORE_ERROR, "Error while writing to the schema store (topic "
                + options.topic() + "): " + detail, cause);
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private Map<String, Object> common(String role) {
        Map<String, Object> config = new ClientProperties(options.clientProperties(), Map.of()).kafkaConfig(options.bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-schema-registry-" + role);
        return config;
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = common("admin");
        int timeoutMs = (int) options.writeTimeout().toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return config;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = common("reader");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = common("writer");
        int timeoutMs = (int) options.writeTimeout().toMillis();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, options.transactionalId());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeoutMs / 2));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(1000, timeoutMs / 2) + 1000);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        return config;
    }
}
