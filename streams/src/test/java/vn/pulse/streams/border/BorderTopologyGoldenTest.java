package vn.pulse.streams.border;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.streams.PulseSerdes;

/**
 * The border topology's processors, stores and internal topics, as committed. A rename here orphans
 * the app's state (changelogs, repartition topics): if this fails, either undo the rename or plan a
 * migration, then update {@code src/test/resources/border/topology.txt}.
 */
class BorderTopologyGoldenTest {

    @Test
    void describesTheCommittedTopology() throws IOException {
        String actual = BorderTopology.build(TopicNames.defaults(), BorderConfig.defaults(),
                PulseSerdes.forClient(new InMemorySchemaRegistryClient())).describe().toString();

        assertThat(normalize(actual)).isEqualTo(normalize(expected()));
    }

    private static String expected() throws IOException {
        try (InputStream in = BorderTopologyGoldenTest.class.getResourceAsStream("/border/topology.txt")) {
            assertThat(in).as("src/test/resources/border/topology.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Line endings and trailing blanks are not part of the topology. */
    private static String normalize(String description) {
        return description.replace("\r\n", "\n").lines().map(String::stripTrailing)
                .filter(line -> !line.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
