package vn.pulse.streams.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.streams.PulseSerdes;

/**
 * Golden test: the vaccination topology's processors, stores and internal topics are the app's
 * state; a change to any name fails here. After a deliberate change (with a migration plan), rewrite
 * the expected text with {@code -Dgolden.update=true} and review the diff.
 */
class VaccinationTopologyDescriptionTest {

    private static final Path GOLDEN = Path.of("src/test/resources/vaccination/topology.txt");

    @Test
    void theTopologyIsExactlyTheCommittedOne() throws IOException {
        String actual = VaccinationTopology.build(TopicNames.defaults(),
                PulseSerdes.forClient(new InMemorySchemaRegistryClient()), VaccinationTopology.Options.defaults())
                .describe().toString();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }
}
