package vn.pulse.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.streams.DriverProperties;

class DeadLettersTest {

    private static final Instant T0 = Instant.parse("2021-08-01T02:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> in;
    private TestOutputTopic<String, String> good;
    private TestOutputTopic<String, String> dead;

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        var events = builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()));
        DeadLetters.divert(events, v -> v.startsWith("bad") ? "districtCode: unknown code '" + v + "'" : null,
                        "dead", Serdes.String(), "validate")
                .to("good", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = DriverProperties.of("dead-letters-test");
        driver = new TopologyTestDriver(builder.build(), props);
        in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
        good = driver.createOutputTopic("good", new StringDeserializer(), new StringDeserializer());
        dead = driver.createOutputTopic("dead", new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void sendsRejectedRecordsWithTheirReasonAndOriginAndKeepsProcessing() {
        in.pipeInput("k1", "ok-1", T0);
        in.pipeInput("k2", "bad-999", T0.plusSeconds(1));
        in.pipeInput("k3", "ok-2", T0.plusSeconds(2));

        assertThat(good.readValuesToList()).containsExactly("ok-1", "ok-2");
        TestRecord<String, String> rejected = dead.readRecord();
        assertThat(rejected.key()).isEqualTo("k2");
        assertThat(rejected.value()).isEqualTo("bad-999");
        Headers h = rejected.headers();
        assertThat(header(h, DeadLetters.REASON)).isEqualTo("districtCode: unknown code 'bad-999'");
        assertThat(header(h, DeadLetters.SOURCE_TOPIC)).isEqualTo("in");
        assertThat(header(h, DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(h, DeadLetters.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(h, DeadLetters.TIMESTAMP)).isEqualTo(Long.toString(T0.plusSeconds(1).toEpochMilli()));
        assertThat(header(h, DeadLetters.STEP)).isEqualTo("validate");
        assertThat(dead.isEmpty()).isTrue();
    }

    @Test
    void countsDeadLettersPerStepInAStreamsMetric() {
        in.pipeInput("k1", "bad-1", T0);
        in.pipeInput("k2", "ok", T0);
        in.pipeInput("k3", "bad-2", T0);

        var metric = driver.metrics().values().stream()
                .filter(m -> m.metricName().name().equals("dead-lettered-total")
                        && m.metricName().group().equals("stream-" + DeadLetters.METRIC_SCOPE + "-metrics"))
                .toList();
        assertThat(metric).hasSize(1);
        assertThat(metric.get(0).metricName().tags()).containsEntry(DeadLetters.METRIC_SCOPE + "-id", "validate");
        assertThat(((Number) metric.get(0).metricValue()).doubleValue()).isEqualTo(2.0);
    }

    @Test
    void aMissingValueIsADeadLetterToo() {
        in.pipeInput("k1", (String) null, T0);

        assertThat(good.isEmpty()).isTrue();
        assertThat(header(dead.readRecord().headers(), DeadLetters.REASON)).isEqualTo("value is missing (null)");
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
