package vn.pulse.streams.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * What the Streams app does with a record it cannot deserialize.
 *
 * <ul>
 *   <li>The record itself is bad (wrong magic byte, unknown schema id, truncated Avro): it goes to
 *       the dead-letter topic ({@code errors.dead.letter.queue.topic.name}) unchanged, with the
 *       {@link DeadLetters} headers saying why and where from, and processing continues.</li>
 *   <li>A dependency failed (the schema registry cannot be reached: a {@link RetriableException}
 *       anywhere in the cause chain): the record is NOT skipped. The stream thread fails, is
 *       replaced, and reads the same record again from the last committed offset.</li>
 * </ul>
 *
 * <p>Each dead-lettered record is counted in {@value #METRIC} (Prometheus
 * {@code pulse_streams_undeserializable_records_total}) with a bounded {@code reason} label
 * ({@link Kind}) and the source {@code topic}, when the app passes its registry under {@link #METER_REGISTRY}.
 */
public final class DeadLetterOnBadRecord implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOnBadRecord.class);

    /** Streams config key under which the app passes its {@link MeterRegistry} (an object, not a string). */
    public static final String METER_REGISTRY = "pulse.metrics.registry";
    /** Counter of records dead-lettered because they could not be deserialized. */
    public static final String METRIC = "pulse.streams.undeserializable.records";

    /** Why a record could not be read: the bounded {@code reason} label of {@value #METRIC}. */
    public enum Kind {
        /** No value, or fewer bytes than the 5-byte registry header. */
        TOO_SHORT("too-short"),
        /** The first byte is not the registry wire format's magic byte 0. */
        BAD_MAGIC_BYTE("bad-magic-byte"),
        /** The schema id is not known to the registry. */
        UNKNOWN_SCHEMA_ID("unknown-schema-id"),
        /** The header is fine but the Avro body cannot be decoded with the writer schema (truncated, corrupt). */
        MALFORMED_AVRO("malformed-avro");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private String deadLetterTopic;
    private MeterRegistry meters;

    /**
     * Registers {@value #METRIC} at zero for every reason on each of the given source topics, so
     * dashboards and the alert rule see a series before the first bad record (a counter that appears
     * only with its first increment makes {@code increase()} miss that increment).
     */
    public static void registerCounters(MeterRegistry meters, Collection<String> sourceTopics) {
        for (String topic : sourceTopics) {
            for (Kind kind : Kind.values()) {
                counter(meters, topic, kind);
            }
        }
    }

    private static Counter counter(MeterRegistry meters, String topic, Kind kind) {
        return Counter.builder(METRIC)
                .description("Records sent to the dead-letter topic because they could not be deserialized")
                .tag("topic", topic)
                .tag("reason", kind.label())
                .register(meters);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new IllegalArgumentException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
                    + " must name the dead-letter topic for " + DeadLetterOnBadRecord.class.getSimpleName());
        }
        this.deadLetterTopic = topic.toString();
        if (configs.get(METER_REGISTRY) instanceof MeterRegistry registry) {
            this.meters = registry;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (isRetriable(exception)) {
            LOG.warn("Cannot deserialize {}-{}@{} because a dependency failed ({}); retrying, not skipping",
                    record.topic(), record.partition(), record.offset(), exception.toString());
            return Response.fail();
        }
        Kind kind = classify(record, exception);
        String reason = "cannot deserialize (" + kind.label() + "): " + rootMessage(exception);
        if (meters != null) {
            counter(meters, record.topic(), kind).increment();
        }
        LOG.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, DeadLetters.REASON, reason);
        put(headers, DeadLetters.STEP, "deserialize");
        put(headers, DeadLetters.SOURCE_TOPIC, record.topic());
        put(headers, DeadLetters.SOURCE_PARTITION, Integer.toString(record.partition()));
        put(headers, DeadLetters.SOURCE_OFFSET, Long.toString(record.offset()));
        put(headers, DeadLetters.TIMESTAMP, Long.toString(record.timestamp()));
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, record.timestamp(),
                record.key(), record.value(), headers)));
    }

    /** Which of the bounded kinds of unreadable record this is, from its bytes and the error. */
    static Kind classify(ConsumerRecord<byte[], byte[]> record, Exception exception) {
        byte[] value = record.value();
        if (value == null || value.length < 5) {
            return Kind.TOO_SHORT;
        }
        if (value[0] != 0) {
            return Kind.BAD_MAGIC_BYTE;
        }
        for (Throwable t = exception; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SchemaRegistryException e && e.isNotFound()) {
                return Kind.UNKNOWN_SCHEMA_ID;
            }
        }
        return Kind.MALFORMED_AVRO;
    }

    static boolean isRetriable(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static String rootMessage(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = exception.getMessage();
        String rootMessage = root.getMessage();
        if (root != exception && rootMessage != null && (message == null || !message.contains(rootMessage))) {
            return (message == null ? "" : message + ": ") + rootMessage;
        }
        return message == null ? exception.getClass().getSimpleName() : message;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
