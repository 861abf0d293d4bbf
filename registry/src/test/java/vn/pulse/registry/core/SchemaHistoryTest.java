package vn.pulse.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.CompatibilityResult;
import vn.pulse.schemas.health.DoseAdministered;

class SchemaHistoryTest {

    private static final String V1 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    private static final String V2 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}]}";

    @Test
    void loadsSnapshotsInVersionOrder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("v10.avsc"), "ten");
        Files.writeString(dir.resolve("v2.avsc"), "two");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        assertThat(SchemaHistory.load(dir)).containsExactly("two", "ten");
        assertThat(SchemaHistory.load(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void acceptsACompatibleSuccessorAndExplainsARefusal() {
        Schema v2 = new Schema.Parser().parse(V2);
        assertThat(SchemaHistory.check(List.of(V1), v2, CompatibilityLevel.FULL_TRANSITIVE).compatible()).isTrue();
        assertThat(SchemaHistory.check(List.of(V1, V2), v2, CompatibilityLevel.FULL_TRANSITIVE).compatible()).as("unchanged").isTrue();
        CompatibilityResult dropped = SchemaHistory.check(List.of(V2), new Schema.Parser().parse(V1.replace("int", "long")),
                CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(dropped.compatible()).isFalse();
        assertThat(dropped.messages()).singleElement().asString().contains("the current schema").contains("409");
    }

    @Test
    void theGeneratedDoseSchemaStartsAHistory() {
        assertThat(SchemaHistory.check(List.of(), DoseAdministered.getClassSchema(), CompatibilityLevel.FULL_TRANSITIVE).compatible()).isTrue();
    }
}
