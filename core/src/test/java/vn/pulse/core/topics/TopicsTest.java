package vn.pulse.core.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTopicNameIsDeclaredOnce() {
        Set<String> names = new HashSet<>();
        for (TopicSpec spec : Topics.all()) {
            assertThat(names.add(spec.name())).as("duplicate topic %s", spec.name()).isTrue();
        }
    }

    @Test
    void aggregateTopicsAreCompactedAndRawTopicsAreNot() {
        assertThat(Topics.VACCINATION_COVERAGE.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.SCHEMAS.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.VACCINATION_DOSES.configs()).containsEntry("cleanup.policy", "delete")
                .containsKey("retention.ms");
        for (TopicSpec spec : Topics.all()) {
            if (spec.role() == TopicSpec.Role.AGGREGATE) {
                assertThat(spec.cleanupPolicy()).as(spec.name()).isEqualTo("compact");
            }
        }
    }

    @Test
    void logTopicsKeepRecordsFromWhenTheyWereWrittenNotFromTheEventTime() {
        assertThat(Topics.DEAD_LETTERS.configs()).containsEntry("message.timestamp.type", "LogAppendTime");
        assertThat(Topics.ALERTS.configs()).containsEntry("message.timestamp.type", "LogAppendTime");
        assertThat(Topics.VACCINATION_DOSES.configs()).doesNotContainKey("message.timestamp.type");
    }

    @Test
    void productTopicNamesCarryAVersion() {
        Topics.all().stream().filter(t -> t.role() != TopicSpec.Role.SYSTEM)
                // domain.name.vN, or domain.vN for a domain's one log (alerts.v1).
                .forEach(t -> assertThat(t.name()).as(t.name()).matches("[a-z]+(\\.[a-z-]+)?\\.v\\d+"));
    }

    @Test
    void refusesImpossibleDeclarations() {
        assertThatThrownBy(() -> new TopicSpec("x", 0, TopicSpec.Role.RAW, null)).hasMessageContaining("partitions");
        assertThatThrownBy(() -> new TopicSpec(" ", 1, TopicSpec.Role.RAW, null)).hasMessageContaining("blank");
    }
}
