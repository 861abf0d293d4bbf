package vn.pulse.streams.common;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Sends records that cannot be processed to the dead-letter topic, with why and where they came
 * from in headers, and lets the rest go on. Nothing is dropped silently.
 *
 * <p>Headers (all UTF-8 strings): {@value #REASON}, {@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION},
 * {@value #SOURCE_OFFSET}, {@value #TIMESTAMP} (the record's timestamp, epoch millis) and
 * {@value #STEP} (the topology step that rejected it).
 */
public final class DeadLetters {

    public static final String REASON = "pulse.dlq.reason";
    public static final String SOURCE_TOPIC = "pulse.dlq.source.topic";
    public static final String SOURCE_PARTITION = "pulse.dlq.source.partition";
    public static final String SOURCE_OFFSET = "pulse.dlq.source.offset";
    public static final String TIMESTAMP = "pulse.dlq.timestamp";
    public static final String STEP = "pulse.dlq.step";

    /**
     * The Kafka Streams sensor group under which each step reports {@code dead-lettered-total}
     * (Prometheus: {@code kafka_stream_pulse_dead_letters_dead_lettered_total{pulse_dead_letters_id=<step>}}).
     * The step names the rule that rejected a record: a bounded label, unlike the reason's text.
     */
    public static final String METRIC_SCOPE = "pulse-dead-letters";

    private DeadLetters() {
    }

    /**
     * Splits {@code events}: those for which {@code reasonToReject} returns a reason go to
     * {@code deadLetterTopic} (value re-serialized with {@code valueSerde}); the others are returned.
     *
     * @param reasonToReject returns {@code null} for a good record, else a short reason naming the field
     * @param stepName       names the branch processors ({@code <stepName>-rejected}, {@code <stepName>-accepted})
     */
    public static <V> KStream<String, V> divert(KStream<String, V> events, Function<V, String> reasonToReject,
                                                String deadLetterTopic, Serde<V> valueSerde, String stepName) {
        var branches = events
                .processValues(() -> new Judge<V>(reasonToReject, stepName), Named.as(stepName))
                .split(Named.as(stepName + "-"))
                .branch((key, judged) -> judged.reason() != null, Branched.withConsumer(rejected -> rejected
                        .mapValues(Judged::value, Named.as(stepName + "-rejected-value"))
                        .to(deadLetterTopic, Produced.with(Serdes.String(), valueSerde).withName(stepName + "-dead-letters")),
                        "rejected"))
                .defaultBranch(Branched.as("accepted"));
        return branches.get(stepName + "-accepted").mapValues(Judged::value, Named.as(stepName + "-accepted-value"));
    }

    /** A record's value with the reason it is rejected, or {@code null} if it is fine. */
    record Judged<V>(V value, String reason) {
    }

    /** Decides each record's fate and, for a rejected one, writes the headers that explain it. */
    private static final class Judge<V> implements FixedKeyProcessor<String, V, Judged<V>> {
        private final Function<V, String> reasonToReject;
        private final String stepName;
        private FixedKeyProcessorContext<String, Judged<V>> context;
        private Sensor deadLettered;

        Judge(Function<V, String> reasonToReject, String stepName) {
            this.reasonToReject = reasonToReject;
            this.stepName = stepName;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Judged<V>> context) {
            this.context = context;
            this.deadLettered = context.metrics().addRateTotalSensor(METRIC_SCOPE, stepName, "dead-lettered",
                    Sensor.RecordingLevel.INFO);
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            String reason = record.value() == null ? "value is missing (null)" : reasonToReject.apply(record.value());
            if (reason != null) {
                Headers headers = record.headers();
                put(headers, REASON, reason);
                put(headers, STEP, stepName);
                put(headers, TIMESTAMP, Long.toString(record.timestamp()));
                context.recordMetadata().ifPresent(meta -> describeSource(headers, meta));
                deadLettered.record();
            }
            context.forward(record.withValue(new Judged<>(record.value(), reason)));
        }

        private static void describeSource(Headers headers, RecordMetadata meta) {
            put(headers, SOURCE_TOPIC, meta.topic());
            put(headers, SOURCE_PARTITION, Integer.toString(meta.partition()));
            put(headers, SOURCE_OFFSET, Long.toString(meta.offset()));
        }

        private static void put(Headers headers, String name, String value) {
            headers.remove(name);
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
