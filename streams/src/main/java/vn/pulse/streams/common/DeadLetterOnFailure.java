package vn.pulse.streams.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * What the Streams app does when a record fails inside the topology: a step throws while processing
 * it ({@link Processing}, Kafka Streams' {@code processing.exception.handler}), or its result cannot
 * be serialized for an output or internal topic ({@link Serialization}, {@code production.exception.handler};
 * e.g. a total too large for its Avro {@code decimal}).
 *
 * <ul>
 *   <li>The record is at fault (an arithmetic overflow, a value a schema cannot hold, a bug that one
 *       record triggers): the source record that led to it goes to the dead-letter topic
 *       ({@code errors.dead.letter.queue.topic.name}) as it was read, with the {@link DeadLetters}
 *       headers saying why and in which step, and the task goes on with the next record.</li>
 *   <li>A dependency failed (a {@link RetriableException}, such as the schema registry being
 *       unreachable, or any other {@link SchemaRegistryException} anywhere in the cause chain: a
 *       refused or incompatible schema is a deployment problem, never one record's): the record is
 *       NOT skipped. The stream thread fails, is replaced, and reads the record again from the last
 *       committed offset.</li>
 * </ul>
 *
 * <p>Exactly-once: Kafka Streams sends the dead-letter records a handler returns through the task's
 * own producer, inside the transaction that also commits the input offsets, the state stores'
 * changelogs and the outputs. So a dead letter is written if and only if the record it explains is
 * consumed: a crash before the commit aborts both and the record is processed (and, if it fails
 * again, dead-lettered) again; nothing is lost and a {@code read_committed} reader never sees a
 * dead letter twice. A record that fails to be <em>sent</em> (the broker refuses it) is not handled
 * here: under exactly-once that aborts the transaction, so the thread fails and retries.
 *
 * <p>Each dead letter is counted in {@value #METRIC} (Prometheus {@code pulse_streams_failed_records_total})
 * with the {@code stage} label ({@code process} or {@code serialize}), when the app passes its
 * registry under {@link DeadLetterOnBadRecord#METER_REGISTRY}.
 */
public final class DeadLetterOnFailure {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOnFailure.class);

    /** Counter of records dead-lettered because a topology step failed on them. */
    public static final String METRIC = "pulse.streams.failed.records";
    /** {@code stage} label of a failure while processing. */
    public static final String STAGE_PROCESS = "process";
    /** {@code stage} label of a failure while serializing a result. */
    public static final String STAGE_SERIALIZE = "serialize";

    private DeadLetterOnFailure() {
    }

    /** Registers {@value #METRIC} at zero for both stages, so alerts see a series before the first failure. */
    public static void registerCounters(MeterRegistry meters) {
        counter(meters, STAGE_PROCESS);
        counter(meters, STAGE_SERIALIZE);
    }

    private static Counter counter(MeterRegistry meters, String stage) {
        return Counter.builder(METRIC)
                .description("Records sent to the dead-letter topic because a topology step failed on them")
                .tag("stage", stage)
                .register(meters);
    }

    /** Kafka Streams' {@code processing.exception.handler}: a step threw while processing a record. */
    public static final class Processing implements ProcessingExceptionHandler {
        private final Target target = new Target();

        @Override
        public void configure(Map<String, ?> configs) {
            target.configure(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (isDependencyFailure(exception)) {
                LOG.warn("Step {} failed on {} because a dependency failed ({}); retrying, not skipping",
                        context.processorNodeId(), where(context), exception.toString());
                return Response.fail();
            }
            String reason = "processing failed in " + context.processorNodeId() + ": " + DeadLetterOnBadRecord.rootMessage(exception);
            return Response.resume(target.deadLetters(context, reason, STAGE_PROCESS, exception));
        }
    }

    /** Kafka Streams' {@code production.exception.handler}: a result could not be serialized or sent. */
    public static final class Serialization implements ProductionExceptionHandler {
        private final Target target = new Target();

        @Override
        public void configure(Map<String, ?> configs) {
            target.configure(configs);
        }

        @Override
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                                 SerializationExceptionOrigin origin) {
            if (isDependencyFailure(exception)) {
                LOG.warn("Cannot serialize the {} for {} because a dependency failed ({}); retrying, not skipping",
                        origin.toString().toLowerCase(java.util.Locale.ROOT), record.topic(), exception.toString());
                return Response.fail();
            }
            String reason = "cannot write the " + origin.toString().toLowerCase(java.util.Locale.ROOT) + " to " + record.topic()
                    + " (step " + context.processorNodeId() + "): " + DeadLetterOnBadRecord.rootMessage(exception);
            return Response.resume(target.deadLetters(context, reason, STAGE_SERIALIZE, exception));
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
            // The broker refused the record: under exactly-once the transaction is aborted in any case.
            return Response.fail();
        }
    }

    /** Where dead letters go and how they are counted; shared by both handlers. */
    private static final class Target {
        private String deadLetterTopic;
        private MeterRegistry meters;

        void configure(Map<String, ?> configs) {
            Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            if (topic == null || topic.toString().isBlank()) {
                throw new IllegalArgumentException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
                        + " must name the dead-letter topic for " + DeadLetterOnFailure.class.getSimpleName());
            }
            this.deadLetterTopic = topic.toString();
            if (configs.get(DeadLetterOnBadRecord.METER_REGISTRY) instanceof MeterRegistry registry) {
                this.meters = registry;
            }
        }

        /**
         * The dead letter for the source record being processed: its key and value as read, its headers
         * plus the {@link DeadLetters} ones. A failure in a punctuation or a cache flush has no source
         * record: the dead letter then carries the headers only (key and value null).
         */
        List<ProducerRecord<byte[], byte[]>> deadLetters(ErrorHandlerContext context, String reason, String stage,
                                                         Exception exception) {
            if (meters != null) {
                counter(meters, stage).increment();
            }
            LOG.warn("Dead-lettering {}: {}", where(context), reason, exception);
            Headers headers = new RecordHeaders(context.headers() == null ? new org.apache.kafka.common.header.Header[0]
                    : context.headers().toArray());
            put(headers, DeadLetters.REASON, reason);
            put(headers, DeadLetters.STEP, context.processorNodeId());
            if (context.topic() != null) {
                put(headers, DeadLetters.SOURCE_TOPIC, context.topic());
                put(headers, DeadLetters.SOURCE_PARTITION, Integer.toString(context.partition()));
                put(headers, DeadLetters.SOURCE_OFFSET, Long.toString(context.offset()));
            }
            put(headers, DeadLetters.TIMESTAMP, Long.toString(context.timestamp()));
            return List.of(new ProducerRecord<>(deadLetterTopic, null, context.timestamp() < 0 ? null : context.timestamp(),
                    context.sourceRawKey(), context.sourceRawValue(), headers));
        }
    }

    /** A dependency (registry, broker) failed, not the record: retry instead of dead-lettering. */
    static boolean isDependencyFailure(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof SchemaRegistryException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String where(ErrorHandlerContext context) {
        return context.topic() == null ? "task " + context.taskId() + " (no source record)"
                : context.topic() + "-" + context.partition() + "@" + context.offset();
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
