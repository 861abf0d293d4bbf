package vn.pulse.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;

class TopicNamesTest {

    @Test
    void defaultsAreTheCatalogueNames() {
        for (TopicSpec topic : Topics.all()) {
            assertThat(TopicNames.defaults().name(topic)).isEqualTo(topic.name());
        }
        assertThat(TopicNames.defaults().specs()).isEqualTo(Topics.all());
    }

    @Test
    void renamedKeepsEachTopicsSettingsUnderItsNewName() {
        TopicNames names = TopicNames.renamed(spec -> "it-7-" + spec.name());

        assertThat(names.name(Topics.VACCINATION_DOSES)).isEqualTo("it-7-health.vaccination-doses.v1");
        TopicSpec deadLetters = names.spec(Topics.DEAD_LETTERS);
        assertThat(deadLetters.name()).isEqualTo("it-7-pulse.dead-letters.v1");
        assertThat(deadLetters.partitions()).isEqualTo(Topics.DEAD_LETTERS.partitions());
        assertThat(deadLetters.retention()).isEqualTo(Topics.DEAD_LETTERS.retention());
        assertThat(names.specs()).hasSameSizeAs(Topics.all()).allMatch(s -> s.name().startsWith("it-7-"));
        assertThat(names.with(Topics.GATES, "gates")).isNotEqualTo(names);
        assertThat(names.with(Topics.GATES, "gates").name(Topics.GATES)).isEqualTo("gates");
    }

    @Test
    void refusesTopicsOutsideTheCatalogueAndBlankNames() {
        TopicSpec stranger = new TopicSpec("stranger.v1", 1, TopicSpec.Role.LOG, Duration.ofDays(1));
        assertThatThrownBy(() -> TopicNames.defaults().name(stranger)).hasMessageContaining("not in the catalogue");
        assertThatThrownBy(() -> TopicNames.renamed(spec -> " ")).hasMessageContaining("no name for topic");
    }
}
