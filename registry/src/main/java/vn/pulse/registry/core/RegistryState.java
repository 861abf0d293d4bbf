package vn.pulse.registry.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.RegistryMode;

/**
 * The registry's contents, rebuilt by applying {@link StoreRecord}s in order. Every method is
 * synchronized: a store's reader thread applies records while request threads read.
 */
public final class RegistryState {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryState.class);

    private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final NavigableMap<String, NavigableMap<Integer, SubjectVersion>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectCompatibility = new HashMap<>();
    private final Map<String, RegistryMode> subjectModes = new HashMap<>();
    private CompatibilityLevel globalCompatibility;
    private RegistryMode globalMode;
    private int maxId;

    /** Applies one record. Records that contradict the state (a corrupt log) are logged and skipped. */
    public synchronized void apply(StoreRecord record) {
        if (record instanceof StoreRecord.SchemaVersion v) {
            applyVersion(v);
        } else if (record instanceof StoreRecord.VersionRemoved r) {
            applyRemoval(r);
        } else if (record instanceof StoreRecord.Compatibility c) {
            if (c.subject() == null) {
                globalCompatibility = c.level();
            } else if (c.level() == null) {
                subjectCompatibility.remove(c.subject());
            } else {
                subjectCompatibility.put(c.subject(), c.level());
            }
        } else if (record instanceof StoreRecord.Mode m) {
            if (m.subject() == null) {
                globalMode = m.mode();
            } else if (m.mode() == null) {
                subjectModes.remove(m.subject());
            } else {
                subjectModes.put(m.subject(), m.mode());
            }
        } else if (record instanceof StoreRecord.MaxId m) {
            maxId = Math.max(maxId, m.maxId());
        }
    }

    private void applyVersion(StoreRecord.SchemaVersion v) {
        StoredSchema known = schemasById.get(v.id());
        if (known == null) {
            StoredSchema parsed;
            try {
                parsed = new StoredSchema(v.id(), v.schema(), AvroSchemas.parseStored(v.schema()));
            } catch (RuntimeException e) {
                LOG.error("Skipping {} version {}: its schema (id {}) does not parse: {}", v.subject(), v.version(), v.id(), e.getMessage());
                return;
            }
            schemasById.put(v.id(), parsed);
            idsByText.putIfAbsent(v.schema(), v.id());
        } else if (!known.text().equals(v.schema())) {
            LOG.error("Skipping {} version {}: id {} already stands for another schema", v.subject(), v.version(), v.id());
            return;
        }
        subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>())
                .put(v.version(), new SubjectVersion(v.subject(), v.version(), v.id(), v.deleted()));
        maxId = Math.max(maxId, v.id());
    }

    private void applyRemoval(StoreRecord.VersionRemoved r) {
        NavigableMap<Integer, SubjectVersion> versions = subjects.get(r.subject());
        if (versions == null) {
            return;
        }
        SubjectVersion removed = versions.remove(r.version());
        if (versions.isEmpty()) {
            subjects.remove(r.subject());
        }
        if (removed != null && usesOf(removed.id()).isEmpty()) {
            StoredSchema schema = schemasById.remove(removed.id());
            idsByText.remove(schema.text(), removed.id());
        }
    }

    public synchronized Optional<StoredSchema> schema(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** The id of a schema given its canonical text, if any subject still holds it. */
    public synchronized OptionalInt idOf(String canonicalText) {
        Integer id = idsByText.get(canonicalText);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Every version of {@code subject}, soft-deleted ones included, oldest first; empty if unknown. */
    public synchronized List<SubjectVersion> versions(String subject) {
        NavigableMap<Integer, SubjectVersion> versions = subjects.get(subject);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /** Every subject with at least one version (soft-deleted or not), sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(new TreeSet<>(subjects.keySet()));
    }

    /** Every version, in any subject, that uses schema {@code id}. */
    public synchronized List<SubjectVersion> usesOf(int id) {
        List<SubjectVersion> uses = new ArrayList<>();
        for (NavigableMap<Integer, SubjectVersion> versions : subjects.values()) {
            for (SubjectVersion v : versions.values()) {
                if (v.id() == id) {
                    uses.add(v);
                }
            }
        }
        return uses;
    }

    /** The highest schema id ever allocated (0 before the first). */
    public synchronized int maxId() {
        return maxId;
    }

    /** The configured level of {@code subject}, or the global one when {@code subject} is null. */
    public synchronized Optional<CompatibilityLevel> compatibility(String subject) {
        return Optional.ofNullable(subject == null ? globalCompatibility : subjectCompatibility.get(subject));
    }

    /** The configured mode of {@code subject}, or the global one when {@code subject} is null. */
    public synchronized Optional<RegistryMode> mode(String subject) {
        return Optional.ofNullable(subject == null ? globalMode : subjectModes.get(subject));
    }
}
