package vn.pulse.registry.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.CompatibilityResult;
import vn.pulse.registry.model.ErrorCode;
import vn.pulse.registry.model.RegistryMode;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * The registry's rules, as Confluent's: one id per distinct schema across all subjects, ids never reused,
 * versions that keep counting after soft deletes, compatibility checked on registration, and modes that
 * can make the registry read-only. Every failure is a {@link SchemaRegistryException} with Confluent's code.
 */
public final class SchemaRegistry implements AutoCloseable {

    private final SchemaStore store;

    public SchemaRegistry(SchemaStore store) {
        this.store = store;
    }

    private RegistryState state() {
        return store.state();
    }

    // ---------------------------------------------------------------- registration and lookup

    /**
     * Registers {@code input} under {@code subject}, or returns the live version that already holds it. The
     * latter is answered from the local state without a write, so producers that re-register their schema
     * on start-up are served even while the store cannot be written.
     */
    public VersionedSchema register(String subject, SchemaInput input) {
        Schema schema = AvroSchemas.parse(input);
        String text = AvroSchemas.canonical(schema);
        if (input.id() == null) {
            RegistryState current = state();
            Optional<SubjectVersion> known = find(current, current.versions(subject), text, v -> !v.deleted());
            if (known.isPresent() && effectiveMode(current, subject).writable()) {
                return toVersioned(known.get(), text);
            }
        }
        return store.write(state -> {
            RegistryMode mode = effectiveMode(state, subject);
            requireWritable(mode, subject);
            List<SubjectVersion> versions = state.versions(subject);
            Optional<SubjectVersion> existing = find(state, versions, text, v -> !v.deleted());
            if (existing.isPresent() && input.id() == null) {
                return Write.none(toVersioned(existing.get(), text));
            }
            int id = allocateId(state, text, input, mode);
            int version = nextVersion(versions, input, mode);
            if (mode != RegistryMode.IMPORT) {
                CompatibilityLevel level = effectiveCompatibility(state, subject);
                CompatibilityResult result = CompatibilityChecker.check(level, schema, earlier(state, versions));
                if (!result.compatible()) {
                    throw new SchemaRegistryException(ErrorCode.INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible "
                            + "with an earlier schema for subject \"" + subject + "\" (compatibility " + level.name() + "), details: "
                            + result.messages());
                }
            }
            StoreRecord record = new StoreRecord.SchemaVersion(subject, version, id, text, false);
            return Write.of(new VersionedSchema(subject, version, id, text), record);
        });
    }

    private static int allocateId(RegistryState state, String text, SchemaInput input, RegistryMode mode) {
        var known = state.idOf(text);
        if (input.id() == null) {
            return known.orElse(state.maxId() + 1);
        }
        if (mode != RegistryMode.IMPORT) {
            throw new SchemaRegistryException(ErrorCode.OPERATION_NOT_PERMITTED,
                    "A schema may be registered with a given id only in IMPORT mode");
        }
        Optional<StoredSchema> holder = state.schema(input.id());
        if (holder.isPresent() && !holder.get().text().equals(text)) {
            throw new SchemaRegistryException(ErrorCode.OPERATION_NOT_PERMITTED,
                    "Schema id " + input.id() + " already stands for another schema");
        }
        return input.id();
    }

    private static int nextVersion(List<SubjectVersion> versions, SchemaInput input, RegistryMode mode) {
        int next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        if (input.version() == null || mode != RegistryMode.IMPORT) {
            return next;
        }
        if (versions.stream().anyMatch(v -> v.version() == input.version())) {
            throw new SchemaRegistryException(ErrorCode.INVALID_VERSION, "Version " + input.version() + " already exists");
        }
        return input.version();
    }

    /** The version of {@code subject} that holds {@code input}. */
    public VersionedSchema lookup(String subject, SchemaInput input, boolean includeDeleted) {
        String text = AvroSchemas.canonical(AvroSchemas.parse(input));
        RegistryState state = state();
        List<SubjectVersion> versions = visible(state.versions(subject), includeDeleted);
        if (versions.isEmpty()) {
            throw subjectNotFound(subject);
        }
        return find(state, versions, text, v -> true)
                .map(v -> toVersioned(v, text))
                .orElseThrow(() -> new SchemaRegistryException(ErrorCode.SCHEMA_NOT_FOUND, "Schema not found"));
    }

    /** One version of a subject ({@code latest} is the newest visible one). */
    public VersionedSchema version(String subject, VersionSpec spec, boolean includeDeleted) {
        RegistryState state = state();
        SubjectVersion v = resolve(subject, visible(state.versions(subject), includeDeleted), spec);
        return toVersioned(v, schemaText(state, v.id()));
    }

    /** The version numbers of a subject. */
    public List<Integer> versions(String subject, boolean includeDeleted) {
        List<SubjectVersion> versions = visible(state().versions(subject), includeDeleted);
        if (versions.isEmpty()) {
            throw subjectNotFound(subject);
        }
        return versions.stream().map(SubjectVersion::version).toList();
    }

    /** Subjects with a live version (or any version when {@code includeDeleted}), filtered by prefix. */
    public List<String> subjects(String prefix, boolean includeDeleted) {
        RegistryState state = state();
        List<String> subjects = new ArrayList<>();
        for (String subject : state.subjects()) {
            if ((prefix == null || subject.startsWith(prefix)) && !visible(state.versions(subject), includeDeleted).isEmpty()) {
                subjects.add(subject);
            }
        }
        return subjects;
    }

    /** The schema with id {@code id}; soft-deleted schemas are still served, so old data stays readable. */
    public StoredSchema schemaById(int id) {
        return state().schema(id).orElseThrow(() -> schemaNotFound(id));
    }

    /** The subject versions that use schema {@code id}. */
    public List<SubjectVersion> versionsOfId(int id, boolean includeDeleted) {
        RegistryState state = state();
        if (state.schema(id).isEmpty()) {
            throw schemaNotFound(id);
        }
        return visible(state.usesOf(id), includeDeleted);
    }

    // ---------------------------------------------------------------- deletion

    /** Soft-deletes every live version of a subject, or (permanent) removes an already soft-deleted subject. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return store.write(state -> {
            requireWritable(effectiveMode(state, subject), subject);
            List<SubjectVersion> all = state.versions(subject);
            if (all.isEmpty()) {
                throw subjectNotFound(subject);
            }
            List<SubjectVersion> live = visible(all, false);
            List<StoreRecord> records = new ArrayList<>();
            if (!permanent) {
                if (live.isEmpty()) {
                    throw new SchemaRegistryException(ErrorCode.SUBJECT_SOFT_DELETED, "Subject '" + subject
                            + "' was soft deleted. Set permanent=true to delete permanently");
                }
                live.forEach(v -> records.add(new StoreRecord.SchemaVersion(subject, v.version(), v.id(), schemaText(state, v.id()), true)));
                return Write.of(numbers(live), records);
            }
            if (!live.isEmpty()) {
                throw new SchemaRegistryException(ErrorCode.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                        + "' was not deleted first before being permanently deleted");
            }
            all.forEach(v -> records.add(new StoreRecord.VersionRemoved(subject, v.version())));
            records.add(new StoreRecord.MaxId(state.maxId()));
            state.compatibility(subject).ifPresent(c -> records.add(new StoreRecord.Compatibility(subject, null)));
            state.mode(subject).ifPresent(m -> records.add(new StoreRecord.Mode(subject, null)));
            return Write.of(numbers(all), records);
        });
    }

    /** Soft-deletes one version, or (permanent) removes an already soft-deleted one. */
    public int deleteVersion(String subject, VersionSpec spec, boolean permanent) {
        return store.write(state -> {
            requireWritable(effectiveMode(state, subject), subject);
            List<SubjectVersion> all = state.versions(subject);
            SubjectVersion v = resolve(subject, spec.isLatest() && !permanent ? visible(all, false) : all, spec);
            if (!permanent) {
                if (v.deleted()) {
                    throw new SchemaRegistryException(ErrorCode.VERSION_SOFT_DELETED, "Subject '" + subject + "' Version "
                            + v.version() + " was soft deleted. Set permanent=true to delete permanently");
                }
                return Write.of(v.version(), new StoreRecord.SchemaVersion(subject, v.version(), v.id(), schemaText(state, v.id()), true));
            }
            if (!v.deleted()) {
                throw new SchemaRegistryException(ErrorCode.VERSION_NOT_SOFT_DELETED, "Subject '" + subject + "' Version "
                        + v.version() + " was not deleted first before being permanently deleted");
            }
            return Write.of(v.version(), List.of(new StoreRecord.VersionRemoved(subject, v.version()), new StoreRecord.MaxId(state.maxId())));
        });
    }

    // ---------------------------------------------------------------- compatibility

    /**
     * Checks a schema against one version of a subject ({@code spec} given), or against the versions the
     * subject's level names ({@code spec} null; a subject without versions accepts anything).
     */
    public CompatibilityResult checkCompatibility(String subject, VersionSpec spec, SchemaInput input) {
        Schema schema = AvroSchemas.parse(input);
        RegistryState state = state();
        CompatibilityLevel level = effectiveCompatibility(state, subject);
        List<SubjectVersion> live = visible(state.versions(subject), false);
        if (spec == null) {
            return CompatibilityChecker.check(level, schema, earlier(state, live));
        }
        SubjectVersion v = resolve(subject, live, spec);
        return CompatibilityChecker.checkOne(level, schema, new CompatibilityChecker.Earlier(v.version(), state.schema(v.id()).orElseThrow().schema()));
    }

    /** The global level (default {@link CompatibilityLevel#DEFAULT}). */
    public CompatibilityLevel globalCompatibility() {
        return state().compatibility(null).orElse(CompatibilityLevel.DEFAULT);
    }

    /**
     * A subject's own level; with {@code defaultToGlobal} the global one when it has none.
     *
     * @throws SchemaRegistryException 40408 when the subject has no level of its own and {@code defaultToGlobal} is false
     */
    public CompatibilityLevel subjectCompatibility(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> own = state().compatibility(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return globalCompatibility();
        }
        throw new SchemaRegistryException(ErrorCode.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    /** Sets the level of a subject, or the global one when {@code subject} is null. */
    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        return store.write(state -> Write.of(level, new StoreRecord.Compatibility(subject, level)));
    }

    /** Removes a subject's level (or resets the global one) and returns the level it had. */
    public CompatibilityLevel deleteCompatibility(String subject) {
        return store.write(state -> {
            if (subject == null) {
                CompatibilityLevel previous = state.compatibility(null).orElse(CompatibilityLevel.DEFAULT);
                return Write.of(previous, new StoreRecord.Compatibility(null, null));
            }
            CompatibilityLevel previous = state.compatibility(subject).orElseThrow(() -> state.versions(subject).isEmpty()
                    ? subjectNotFound(subject)
                    : new SchemaRegistryException(ErrorCode.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                            "Subject '" + subject + "' does not have subject-level compatibility configured"));
            return Write.of(previous, new StoreRecord.Compatibility(subject, null));
        });
    }

    // ---------------------------------------------------------------- modes

    /** The global mode (default {@link RegistryMode#DEFAULT}). */
    public RegistryMode globalMode() {
        return state().mode(null).orElse(RegistryMode.DEFAULT);
    }

    /**
     * A subject's own mode; with {@code defaultToGlobal} the global one when it has none.
     *
     * @throws SchemaRegistryException 40409 when the subject has no mode of its own and {@code defaultToGlobal} is false
     */
    public RegistryMode subjectMode(String subject, boolean defaultToGlobal) {
        Optional<RegistryMode> own = state().mode(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return globalMode();
        }
        throw new SchemaRegistryException(ErrorCode.SUBJECT_MODE_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level mode configured");
    }

    /**
     * Sets the mode of a subject, or the global one when {@code subject} is null. IMPORT needs an empty
     * registry (or subject) unless {@code force}.
     */
    public RegistryMode setMode(String subject, RegistryMode mode, boolean force) {
        return store.write(state -> {
            if (mode == RegistryMode.IMPORT && !force) {
                boolean empty = subject == null ? state.subjects().isEmpty() : state.versions(subject).isEmpty();
                if (!empty) {
                    throw new SchemaRegistryException(ErrorCode.OPERATION_NOT_PERMITTED,
                            "Cannot import since found existing subjects; set force=true to switch to IMPORT anyway");
                }
            }
            return Write.of(mode, new StoreRecord.Mode(subject, mode));
        });
    }

    /** Removes a subject's own mode and returns the mode it had. */
    public RegistryMode deleteMode(String subject) {
        return store.write(state -> {
            RegistryMode previous = state.mode(subject).orElseThrow(() -> new SchemaRegistryException(
                    ErrorCode.SUBJECT_MODE_NOT_CONFIGURED, "Subject '" + subject + "' does not have subject-level mode configured"));
            return Write.of(previous, new StoreRecord.Mode(subject, null));
        });
    }

    @Override
    public void close() {
        store.close();
    }

    // ---------------------------------------------------------------- helpers

    private static RegistryMode effectiveMode(RegistryState state, String subject) {
        RegistryMode global = state.mode(null).orElse(RegistryMode.DEFAULT);
        if (global == RegistryMode.READONLY_OVERRIDE) {
            return global;
        }
        return state.mode(subject).orElse(global);
    }

    private static void requireWritable(RegistryMode mode, String subject) {
        if (!mode.writable()) {
            throw new SchemaRegistryException(ErrorCode.OPERATION_NOT_PERMITTED,
                    "Subject " + subject + " is in read-only mode (" + mode + ")");
        }
    }

    private static CompatibilityLevel effectiveCompatibility(RegistryState state, String subject) {
        return state.compatibility(subject).or(() -> state.compatibility(null)).orElse(CompatibilityLevel.DEFAULT);
    }

    private static List<CompatibilityChecker.Earlier> earlier(RegistryState state, List<SubjectVersion> versions) {
        List<CompatibilityChecker.Earlier> earlier = new ArrayList<>();
        for (SubjectVersion v : versions) {
            if (!v.deleted()) {
                state.schema(v.id()).ifPresent(s -> earlier.add(new CompatibilityChecker.Earlier(v.version(), s.schema())));
            }
        }
        return earlier;
    }

    private static Optional<SubjectVersion> find(RegistryState state, List<SubjectVersion> versions, String text,
                                                 Predicate<SubjectVersion> filter) {
        SubjectVersion found = null;
        for (SubjectVersion v : versions) {
            if (filter.test(v) && state.schema(v.id()).map(s -> s.text().equals(text)).orElse(false)) {
                found = v;
            }
        }
        return Optional.ofNullable(found);
    }

    private static SubjectVersion resolve(String subject, List<SubjectVersion> candidates, VersionSpec spec) {
        if (candidates.isEmpty()) {
            throw subjectNotFound(subject);
        }
        if (spec.isLatest()) {
            return candidates.get(candidates.size() - 1);
        }
        return candidates.stream().filter(v -> v.version() == spec.number()).findFirst()
                .orElseThrow(() -> new SchemaRegistryException(ErrorCode.VERSION_NOT_FOUND, "Version " + spec + " not found."));
    }

    private static List<SubjectVersion> visible(List<SubjectVersion> versions, boolean includeDeleted) {
        return includeDeleted ? versions : versions.stream().filter(v -> !v.deleted()).toList();
    }

    private static List<Integer> numbers(List<SubjectVersion> versions) {
        return versions.stream().map(SubjectVersion::version).toList();
    }

    private static String schemaText(RegistryState state, int id) {
        return state.schema(id).orElseThrow(() -> schemaNotFound(id)).text();
    }

    private static VersionedSchema toVersioned(SubjectVersion v, String text) {
        return new VersionedSchema(v.subject(), v.version(), v.id(), text);
    }

    private static SchemaRegistryException subjectNotFound(String subject) {
        return new SchemaRegistryException(ErrorCode.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    private static SchemaRegistryException schemaNotFound(int id) {
        return new SchemaRegistryException(ErrorCode.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }
}
