package vn.pulse.streams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.registry.model.SchemaRegistryException;

class DeadLetterOnBadRecordTest {

    private static final Instant T0 = Instant.parse("2021-08-01T02:00:00Z");

    /** Reads "ok:..." values; "bad:..." is a corrupt record; "down:..." stands for an unreachable registry. */
    static final class PickyDeserializer implements Deserializer<String> {
        @Override
        public String deserialize(String topic, byte[] data) {
            String s = new String(data, StandardCharsets.UTF_8);
            if (s.startsWith("bad:")) {
                throw new SerializationException("Unknown magic byte 98 in record of " + topic);
            }
            if (s.startsWith("down:")) {
                throw new SerializationException("cannot fetch schema", new RetriableException("registry unreachable") {
                    private static final long serialVersionUID = 1L;
                });
            }
            return s;
        }
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, String> out;
    private TestOutputTopic<byte[], byte[]> dead;

    @BeforeEach
    void setUp() {
        Serde<String> picky = Serdes.serdeFrom(new StringSerializer(), new PickyDeserializer());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), picky)).to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dlq-handler-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnBadRecord.class.getName());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead");
        props.put(DeadLetterOnBadRecord.METER_REGISTRY, meters);
        driver = new TopologyTestDriver(builder.build(), props);
        in = driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
        out = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
        dead = driver.createOutputTopic("dead", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void aCorruptRecordGoesToTheDeadLetterTopicUnchangedWithItsReasonAndProcessingContinues() {
        in.pipeInput("k1", bytes("ok:1"), T0);
        in.pipeInput("k2", bytes("bad:2"), T0.plusSeconds(1));
        in.pipeInput("k3", bytes("ok:3"), T0.plusSeconds(2));

        assertThat(out.readValuesToList()).containsExactly("ok:1", "ok:3");
        TestRecord<byte[], byte[]> letter = dead.readRecord();
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("k2");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("bad:2");
        Headers h = letter.headers();
        assertThat(header(h, DeadLetters.REASON)).isEqualTo("cannot deserialize (bad-magic-byte): Unknown magic byte 98 in record of in");
        assertThat(header(h, DeadLetters.SOURCE_TOPIC)).isEqualTo("in");
        assertThat(header(h, DeadLetters.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(h, DeadLetters.STEP)).isEqualTo("deserialize");
        assertThat(header(h, DeadLetters.TIMESTAMP)).isEqualTo(Long.toString(T0.plusSeconds(1).toEpochMilli()));
        assertThat(meters.get(DeadLetterOnBadRecord.METRIC).tag("topic", "in").tag("reason", "bad-magic-byte")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void classifiesUnreadableRecordsIntoBoundedKinds() {
        SerializationException error = new SerializationException("x");
        assertThat(DeadLetterOnBadRecord.classify(record(null), error)).isEqualTo(DeadLetterOnBadRecord.Kind.TOO_SHORT);
        assertThat(DeadLetterOnBadRecord.classify(record(new byte[] {0, 0, 1}), error)).isEqualTo(DeadLetterOnBadRecord.Kind.TOO_SHORT);
        assertThat(DeadLetterOnBadRecord.classify(record(new byte[] {7, 0, 0, 0, 1, 2}), error))
                .isEqualTo(DeadLetterOnBadRecord.Kind.BAD_MAGIC_BYTE);
        assertThat(DeadLetterOnBadRecord.classify(record(new byte[] {0, 0, 0, 0, 1, 2}), error))
                .isEqualTo(DeadLetterOnBadRecord.Kind.MALFORMED_AVRO);
        SerializationException unknown = new SerializationException("schema id 99 is unknown",
                new SchemaRegistryException(40403, "Schema 99 not found"));
        assertThat(DeadLetterOnBadRecord.classify(record(new byte[] {0, 0, 0, 0, 99, 2}), unknown))
                .isEqualTo(DeadLetterOnBadRecord.Kind.UNKNOWN_SCHEMA_ID);
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("in", 0, 0L, bytes("k"), value);
    }

    @Test
    void anUnreachableRegistryIsNeverASkippedRecord() {
        assertThatThrownBy(() -> in.pipeInput("k1", bytes("down:1"), T0))
                .hasStackTraceContaining("registry unreachable");
        assertThat(dead.isEmpty()).isTrue();
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void findsARetriableCauseAnywhereInTheChain() {
        RetriableException root = new RetriableException("down") {
            private static final long serialVersionUID = 1L;
        };
        assertThat(DeadLetterOnBadRecord.isRetriable(new RuntimeException(new SerializationException(root)))).isTrue();
        assertThat(DeadLetterOnBadRecord.isRetriable(new SerializationException("bad magic byte"))).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
