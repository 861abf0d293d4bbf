package vn.pulse.registry.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.CompatibilityResult;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * Checks that a schema's recorded history, followed by its current version, would be accepted by a registry
 * at a given compatibility level: a build-time guard so an .avsc change that producers could not register
 * fails the build instead of the deployment.
 *
 * <p>A history is a directory of snapshots named {@code v1.avsc}, {@code v2.avsc}, ... (one directory per
 * record type, for instance {@code src/history/vn.pulse.schemas.health.DoseAdministered/}).
 */
public final class SchemaHistory {

    private static final Pattern SNAPSHOT = Pattern.compile("v(\\d+)\\.avsc");

    private SchemaHistory() {
    }

    /** The snapshots in {@code directory}, oldest first; empty if it does not exist. */
    public static List<String> load(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        Map<Integer, String> versions = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Matcher m = SNAPSHOT.matcher(file.getFileName().toString());
                if (m.matches()) {
                    versions.put(Integer.parseInt(m.group(1)), Files.readString(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema history in " + directory, e);
        }
        return new ArrayList<>(versions.values());
    }

    /**
     * Registers every snapshot and then {@code current} in order under one subject of an in-memory registry
     * at {@code level}, and reports the first refusal.
     *
     * @param snapshots schema texts, oldest first (may be empty)
     * @return compatible, or the registry's reasons for refusing a version
     */
    public static CompatibilityResult check(List<String> snapshots, Schema current, CompatibilityLevel level) {
        List<String> versions = new ArrayList<>(snapshots);
        versions.add(AvroSchemas.canonical(current));
        try (SchemaRegistry registry = new SchemaRegistry(new InMemorySchemaStore())) {
            registry.setCompatibility("history", level);
            for (int i = 0; i < versions.size(); i++) {
                try {
                    registry.register("history", SchemaInput.avro(versions.get(i)));
                } catch (SchemaRegistryException e) {
                    String which = i == snapshots.size() ? "the current schema" : "snapshot v" + (i + 1);
                    return new CompatibilityResult(false, List.of(which + " would be refused: " + e.getMessage()));
                }
            }
        }
        return CompatibilityResult.ok();
    }
}
