package vn.pulse.streams.common;

import java.nio.charset.StandardCharsets;
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
 */
public final class DeadLetterOnBadRecord implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOnBadRecord.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new IllegalArgumentException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
                    + " must name the dead-letter topic for " + DeadLetterOnBadRecord.class.getSimpleName());
        }
        this.deadLetterTopic = topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (isRetriable(exception)) {
            LOG.warn("Cannot deserialize {}-{}@{} because a dependency failed ({}); retrying, not skipping",
                    record.topic(), record.partition(), record.offset(), exception.toString());
            return Response.fail();
        }
        String reason = "cannot deserialize: " + rootMessage(exception);
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

    private static String rootMessage(Throwable exception) {
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
