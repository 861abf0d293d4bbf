package vn.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.streams.common.DeadLetterOnBadRecord;

class StreamsAppCountersTest {

    @Test
    void theUndeserializableCounterExistsAtZeroForEveryRawTopicAndReasonBeforeTheFirstBadRecord() {
        Set<String> sources = StreamsApp.sourceTopics(
                PulseTopology.build(TopicNames.defaults(), PulseSerdes.forClient(new InMemorySchemaRegistryClient()), BorderConfig.defaults()));
        assertThat(sources)
                .contains(Topics.VACCINATION_DOSES.name(), Topics.DOSE_CORRECTIONS.name(), Topics.GATE_EVENTS.name(), Topics.CHECKPOINT_SCREENINGS.name())
                .noneMatch(topic -> topic.endsWith("-repartition"));

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeadLetterOnBadRecord.registerCounters(meters, sources);

        for (DeadLetterOnBadRecord.Kind kind : DeadLetterOnBadRecord.Kind.values()) {
            assertThat(meters.get(DeadLetterOnBadRecord.METRIC)
                    .tag("topic", Topics.GATE_EVENTS.name()).tag("reason", kind.label()).counter().count())
                    .isZero();
        }
        assertThat(meters.get(DeadLetterOnBadRecord.METRIC).counters()).hasSize(sources.size() * 4);
    }
}
