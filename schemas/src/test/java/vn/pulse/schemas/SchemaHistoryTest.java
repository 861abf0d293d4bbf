package vn.pulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every schema keeps its history, and every version can read data of every earlier version and be
 * read by it (FULL_TRANSITIVE), so producers and consumers of any age keep working.
 *
 * <p>History lives in {@code schemas/src/history/<full.name>/v<N>.avsc}, each a self-contained copy
 * of the schema as it was released. After changing or adding a schema, record the new version with
 * {@code ./mvnw -pl schemas test -Dpulse.schemas.snapshot=true} and commit the new file; this test
 * then proves it compatible with all earlier versions.
 */
class SchemaHistoryTest {

    private static final Path SOURCES = Path.of("src/main/avro");
    private static final Path HISTORY = Path.of("src/history");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySchemaHasItsCurrentVersionInTheHistory() throws IOException {
        boolean snapshot = Boolean.getBoolean("pulse.schemas.snapshot");
        List<String> missing = new ArrayList<>();
        for (Schema current : currentSchemas()) {
            List<Schema> versions = history(current.getFullName());
            if (!versions.isEmpty() && versions.get(versions.size() - 1).equals(current)) {
                continue;
            }
            if (snapshot) {
                Path file = HISTORY.resolve(current.getFullName()).resolve("v" + (versions.size() + 1) + ".avsc");
                Files.createDirectories(file.getParent());
                Files.writeString(file, current.toString(true) + "\n", StandardCharsets.UTF_8);
            } else {
                missing.add(current.getFullName() + " (history has " + versions.size() + " version(s))");
            }
        }
        assertThat(missing)
                .as("schemas changed or added without a history snapshot; run "
                        + "./mvnw -pl schemas test -Dpulse.schemas.snapshot=true and commit src/history")
                .isEmpty();
    }

    @Test
    void everyVersionIsFullyCompatibleWithEveryEarlierOne() throws IOException {
        List<String> problems = new ArrayList<>();
        assertThat(HISTORY).as("schema history directory").isDirectory();
        try (Stream<Path> dirs = Files.list(HISTORY)) {
            for (Path dir : dirs.sorted().toList()) {
                List<Schema> versions = history(dir.getFileName().toString());
                for (int later = 1; later < versions.size(); later++) {
                    for (int earlier = 0; earlier < later; earlier++) {
                        check(problems, dir.getFileName() + " v" + (later + 1) + " reading v" + (earlier + 1),
                                versions.get(later), versions.get(earlier));
                        check(problems, dir.getFileName() + " v" + (earlier + 1) + " reading v" + (later + 1),
                                versions.get(earlier), versions.get(later));
                    }
                }
            }
        }
        assertThat(problems).as("incompatible schema versions").isEmpty();
    }

    private static void check(List<String> problems, String what, Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(what + ": " + result.getResult().getIncompatibilities());
        }
    }

    /** The schemas as the build generates them: one per .avsc, resolved through the generated classes. */
    private static List<Schema> currentSchemas() throws IOException {
        List<Schema> schemas = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                JsonNode node = JSON.readTree(file.toFile());
                String fullName = node.path("namespace").asText() + "." + node.path("name").asText();
                try {
                    Class<?> generated = Class.forName(fullName);
                    schemas.add((Schema) generated.getMethod("getClassSchema").invoke(null));
                } catch (ReflectiveOperationException e) {
                    fail("no generated class " + fullName + " for " + file + ": " + e);
                }
            }
        }
        return schemas;
    }

    private static List<Schema> history(String fullName) throws IOException {
        Path dir = HISTORY.resolve(fullName);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted(Comparator.comparingInt(SchemaHistoryTest::version)).toList();
            List<Schema> versions = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                if (version(sorted.get(i)) != i + 1) {
                    fail(dir + ": versions must be v1..vN without gaps, found " + sorted);
                }
                versions.add(new Schema.Parser().parse(sorted.get(i).toFile()));
            }
            return versions;
        }
    }

    private static int version(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }
}
