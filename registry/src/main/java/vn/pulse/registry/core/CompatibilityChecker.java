package vn.pulse.registry.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.CompatibilityResult;

/** Decides compatibility with Avro's own {@link SchemaCompatibility} reader/writer rules. */
public final class CompatibilityChecker {

    /** An earlier version to compare with. */
    public record Earlier(int version, Schema schema) {
    }

    private CompatibilityChecker() {
    }

    /**
     * Checks {@code candidate} against the earlier versions as {@code level} requires: the latest only, or
     * all of them for a transitive level.
     *
     * @param earlier the live earlier versions, oldest first
     */
    public static CompatibilityResult check(CompatibilityLevel level, Schema candidate, List<Earlier> earlier) {
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return CompatibilityResult.ok();
        }
        List<Earlier> targets = level.transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
        List<String> messages = new ArrayList<>();
        for (int i = targets.size() - 1; i >= 0; i--) {
            messages.addAll(problems(level, candidate, targets.get(i)));
        }
        return new CompatibilityResult(messages.isEmpty(), messages);
    }

    /** Checks {@code candidate} against one version, in the directions {@code level} asks for. */
    public static CompatibilityResult checkOne(CompatibilityLevel level, Schema candidate, Earlier version) {
        if (level == CompatibilityLevel.NONE) {
            return CompatibilityResult.ok();
        }
        List<String> messages = problems(level, candidate, version);
        return new CompatibilityResult(messages.isEmpty(), messages);
    }

    private static List<String> problems(CompatibilityLevel level, Schema candidate, Earlier earlier) {
        List<String> messages = new ArrayList<>();
        if (level.backward()) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier.schema()),
                    "the new schema cannot read data written with version " + earlier.version(), messages);
        }
        if (level.forward()) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(earlier.schema(), candidate),
                    "version " + earlier.version() + " cannot read data written with the new schema", messages);
        }
        return messages;
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility pair, String direction, List<String> out) {
        for (Incompatibility problem : pair.getResult().getIncompatibilities()) {
            out.add(direction + ": " + problem.getType() + " at " + problem.getLocation() + " (" + problem.getMessage() + ")");
        }
    }
}
