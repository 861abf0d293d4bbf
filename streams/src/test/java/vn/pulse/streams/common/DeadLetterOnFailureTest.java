package vn.pulse.streams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.streams.DriverProperties;

/**
 * The app's processing and production exception handlers, configured as the app configures them
 * ({@link DriverProperties}): a record that fails inside a step, or whose result cannot be written,
 * is dead-lettered with the reason and the next records are processed.
 */
class DeadLetterOnFailureTest {

    private static final Instant T0 = Instant.parse("2021-08-01T02:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> in;
    private TestOutputTopic<String, Long> totals;
    private TestOutputTopic<String, String> dead;

    /**
     * Sums numbers per key with exact arithmetic; "boom" throws inside the aggregation, "retry" fails
     * like an unreachable dependency, and a total of 13 cannot be serialized at the sink.
     */
    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in-source"))
                .groupByKey(Grouped.with("sum-group", Serdes.String(), Serdes.String()))
                .aggregate(() -> 0L, (key, value, total) -> {
                    if (value.equals("boom")) {
                        throw new IllegalStateException("amount: 'boom' is not a number");
                    }
                    if (value.equals("retry")) {
                        throw new TimeoutException("registry did not answer");
                    }
                    return Math.addExact(total, Long.parseLong(value));
                }, Named.as("sum"), Materialized.<String, Long, org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as("sum-store")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("sum-changes"))
                .to("totals", Produced.with(Serdes.String(), Serdes.serdeFrom(unlucky(), Serdes.Long().deserializer()))
                        .withName("totals-sink"));
        Properties props = DriverProperties.of("dead-letter-on-failure-test");
        props.put(org.apache.kafka.streams.StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        // As StreamsApp.start does: the handlers count into the app's registry.
        props.put(DeadLetterOnBadRecord.METER_REGISTRY, meters);
        DeadLetterOnFailure.registerCounters(meters);
        driver = new TopologyTestDriver(builder.build(), props);
        in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
        totals = driver.createOutputTopic("totals", new StringDeserializer(), Serdes.Long().deserializer());
        dead = driver.createOutputTopic(DriverProperties.deadLetterTopic(props), new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void aRecordThatThrowsInsideAnAggregationIsDeadLetteredWithItsReasonAndTheNextRecordsCount() {
        in.pipeInput("a", "5", T0);
        in.pipeInput("a", "boom", T0.plusSeconds(1));
        in.pipeInput("a", "7", T0.plusSeconds(2));
        in.pipeInput("b", "1", T0.plusSeconds(3));

        assertThat(totals.readKeyValuesToMap()).containsEntry("a", 12L).containsEntry("b", 1L);
        TestRecord<String, String> letter = dead.readRecord();
        assertThat(letter.key()).isEqualTo("a");
        assertThat(letter.value()).isEqualTo("boom");
        Headers h = letter.headers();
        assertThat(header(h, DeadLetters.REASON)).isEqualTo("processing failed in sum: amount: 'boom' is not a number");
        assertThat(header(h, DeadLetters.STEP)).isEqualTo("sum");
        assertThat(header(h, DeadLetters.SOURCE_TOPIC)).isNotBlank();
        assertThat(header(h, DeadLetters.SOURCE_OFFSET)).isNotBlank();
        assertThat(header(h, DeadLetters.TIMESTAMP)).isEqualTo(Long.toString(T0.plusSeconds(1).toEpochMilli()));
        assertThat(dead.isEmpty()).isTrue();
        assertThat(failed(DeadLetterOnFailure.STAGE_PROCESS)).isEqualTo(1.0);
    }

    @Test
    void anOverflowingSumIsDeadLetteredInsteadOfWrapping() {
        in.pipeInput("a", Long.toString(Long.MAX_VALUE), T0);
        in.pipeInput("a", "1", T0.plusSeconds(1));
        in.pipeInput("b", "2", T0.plusSeconds(2));

        assertThat(totals.readKeyValuesToMap()).containsEntry("a", Long.MAX_VALUE).containsEntry("b", 2L);
        assertThat(header(dead.readRecord().headers(), DeadLetters.REASON)).isEqualTo("processing failed in sum: long overflow");
    }

    @Test
    void aResultThatCannotBeSerializedIsDeadLetteredWithTheTopicAndTheNextRecordsCount() {
        in.pipeInput("a", "13", T0);
        in.pipeInput("b", "4", T0.plusSeconds(1));

        assertThat(totals.readKeyValuesToMap()).containsOnlyKeys("b").containsEntry("b", 4L);
        TestRecord<String, String> letter = dead.readRecord();
        assertThat(letter.value()).isEqualTo("13");
        assertThat(header(letter.headers(), DeadLetters.REASON))
                .isEqualTo("cannot write the value to totals (step totals-sink): 13 is unlucky: totals: must not be 13");
        assertThat(header(letter.headers(), DeadLetters.STEP)).isEqualTo("totals-sink");
        assertThat(failed(DeadLetterOnFailure.STAGE_SERIALIZE)).isEqualTo(1.0);
        assertThat(failed(DeadLetterOnFailure.STAGE_PROCESS)).isZero();
    }

    @Test
    void aDependencyFailureIsNotDeadLetteredButFailsTheThreadToBeRetried() {
        in.pipeInput("a", "5", T0);

        assertThatThrownBy(() -> in.pipeInput("a", "retry", T0.plusSeconds(1))).isInstanceOf(StreamsException.class);
        assertThat(dead.isEmpty()).isTrue();
        assertThat(meters.find(DeadLetterOnFailure.METRIC).counters()).hasSize(2).allMatch(c -> c.count() == 0);
    }

    private double failed(String stage) {
        return meters.get(DeadLetterOnFailure.METRIC).tag("stage", stage).counter().count();
    }

    /** A serializer that cannot write 13, as Avro cannot write a decimal larger than its schema holds. */
    private static Serializer<Long> unlucky() {
        return (topic, value) -> {
            if (value != null && value == 13L) {
                throw new org.apache.kafka.common.errors.SerializationException("13 is unlucky",
                        new IllegalArgumentException("totals: must not be 13"));
            }
            return Serdes.Long().serializer().serialize(topic, value);
        };
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
