package vn.pulse.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.streams.DriverProperties;

class DeduplicationTest {

    private static final Instant T0 = Instant.parse("2021-08-01T02:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> in;
    private TestOutputTopic<String, String> out;

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        var events = builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()));
        Deduplication.dropDuplicates(builder, events, "dedup-store", "dedup", RETENTION)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = DriverProperties.of("dedup-test");
        driver = new TopologyTestDriver(builder.build(), props);
        in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
        out = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void passesEachEventOnceWhenItIsSentTwice() {
        in.pipeInput("e1", "first copy", T0);
        in.pipeInput("e2", "other", T0.plusSeconds(1));
        in.pipeInput("e1", "second copy", T0.plusSeconds(5));

        assertThat(out.readKeyValuesToList()).extracting(kv -> kv.value).containsExactly("first copy", "other");
    }

    @Test
    void recognisesARepeatThatIsOlderInEventTime() {
        in.pipeInput("e1", "late copy arrives first", T0.plus(Duration.ofDays(3)));
        in.pipeInput("e1", "earlier timestamp", T0);

        assertThat(out.readValuesToList()).containsExactly("late copy arrives first");
    }

    @Test
    void forgetsIdsOnceTheyAreOlderThanTheRetention() {
        in.pipeInput("e1", "first", T0);
        // Stream time moves well past the retention, so the first sighting's segment is dropped.
        in.pipeInput("e9", "much later", T0.plus(RETENTION.multipliedBy(4)));
        in.pipeInput("e1", "resent after retention", T0.plus(RETENTION.multipliedBy(4)).plusSeconds(1));

        assertThat(out.readValuesToList()).containsExactly("first", "much later", "resent after retention");
    }

    @Test
    void countsDroppedDuplicatesInAStreamsMetric() {
        in.pipeInput("e1", "a", T0);
        in.pipeInput("e1", "a", T0);
        in.pipeInput("e1", "a", T0);

        double total = driver.metrics().values().stream()
                .filter(m -> m.metricName().name().equals("duplicates-dropped-total"))
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
                .sum();
        assertThat(total).isEqualTo(2.0);
    }
}
