package vn.pulse.registry.core;

import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.RegistryMode;

/**
 * One change to the registry, as the store keeps it. Replaying every record in order rebuilds the
 * {@link RegistryState}; each kind has a key so that a compacted log keeps the latest value per key.
 */
public sealed interface StoreRecord {

    /** A subject's version: registered, or rewritten with {@code deleted = true} by a soft delete. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements StoreRecord {
        public SchemaVersion asDeleted() {
            return new SchemaVersion(subject, version, id, schema, true);
        }
    }

    /** A version removed for good (a tombstone in the Kafka log). */
    record VersionRemoved(String subject, int version) implements StoreRecord {
    }

    /** The compatibility level of one subject, or the global one when {@code subject} is null; a null level removes it. */
    record Compatibility(String subject, CompatibilityLevel level) implements StoreRecord {
    }

    /** The mode of one subject, or the global one when {@code subject} is null; a null mode removes it. */
    record Mode(String subject, RegistryMode mode) implements StoreRecord {
    }

    /**
     * The highest schema id ever allocated. Written with permanent deletes so that compaction cannot make
     * the registry forget an id and hand it out again.
     */
    record MaxId(int maxId) implements StoreRecord {
    }
}
