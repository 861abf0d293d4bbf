package vn.pulse.producer.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.schemas.border.CheckpointScreening;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;

class BorderLiveFeedTest {

    /** 09:00 in Lạng Sơn: a busy hour, and a train comes to Đồng Đăng. */
    private static final Instant START = Instant.parse("2026-03-10T02:00:00Z");

    @Test
    void vehiclesArriveAtEveryOpenGateAndCrossLaterKeyedByGateAndTheCheckpointsReport() {
        Serializer<SpecificRecord> unused = (topic, value) -> new byte[0];
        MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null, new StringSerializer(), unused);
        TopicNames topics = TopicNames.defaults();
        BorderLiveFeed feed = new BorderLiveFeed(new FeedContext("unused:9092", "mock://unused",
                Clock.fixed(START, ZoneOffset.UTC), 7), topics, 20, producer);

        for (int second = 0; second < 3600; second++) {
            feed.tick(START.plusSeconds(second));
        }

        List<ProducerRecord<String, SpecificRecord>> sent = producer.history();
        Map<String, Instant> arrivals = new HashMap<>();
        int crossings = 0;
        int screenings = 0;
        for (ProducerRecord<String, SpecificRecord> r : sent) {
            if (r.value() instanceof GateEvent e) {
                assertThat(r.topic()).isEqualTo(topics.name(Topics.GATE_EVENTS));
                assertThat(r.key()).isEqualTo(e.getGateCode());
                if (e.getKind() == GateEventKind.ARRIVED) {
                    arrivals.put(e.getVehicleRef(), e.getOccurredAt());
                } else {
                    assertThat(arrivals).containsKey(e.getVehicleRef());
                    assertThat(e.getOccurredAt()).isAfterOrEqualTo(arrivals.get(e.getVehicleRef()));
                    crossings += e.getKind() == GateEventKind.CROSSED ? 1 : 0;
                }
            } else {
                assertThat(r.value()).isInstanceOf(CheckpointScreening.class);
                assertThat(r.topic()).isEqualTo(topics.name(Topics.CHECKPOINT_SCREENINGS));
                screenings++;
            }
        }
        // 20 times the real traffic at a peak hour: about 3,000 vehicles by road and a train of 1,000 wagons.
        assertThat(arrivals).hasSizeBetween(2_500, 5_000);
        assertThat(arrivals.values()).allMatch(at -> !at.isBefore(START) && at.isBefore(START.plus(Duration.ofHours(1))));
        assertThat(crossings).isGreaterThan(arrivals.size() / 2);
        assertThat(sent).extracting(r -> r.value() instanceof GateEvent e ? e.getGateCode() : "")
                .contains("HUU_NGHI", "TAN_THANH", "CHI_MA", "DONG_DANG", "COC_NAM");
        // Every 15 minutes, from each gate that saw vehicles since its last report.
        assertThat(screenings).isBetween(3 * 4, 3 * 5);
    }
}
