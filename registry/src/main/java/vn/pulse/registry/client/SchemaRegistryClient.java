package vn.pulse.registry.client;

import java.util.List;
import org.apache.avro.Schema;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.CompatibilityResult;

/**
 * What the serdes and tools need from a schema registry. Refusals come as
 * {@link vn.pulse.registry.model.SchemaRegistryException} with Confluent's error code (40403 for an unknown
 * id, 409 for an incompatible schema, ...); a registry that cannot be reached as
 * {@link SchemaRegistryUnavailableException}, which is retriable.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (or finds it already there) and returns its id. */
    int register(String subject, Schema schema);

    /** The schema with id {@code id}. */
    Schema getById(int id);

    /** The latest live version of {@code subject}. */
    RegisteredSchema getLatest(String subject);

    /** Version {@code version} of {@code subject}. */
    RegisteredSchema getVersion(String subject, int version);

    /** The version of {@code subject} that holds {@code schema}, without registering it. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** Every subject with a live version. */
    List<String> subjects();

    /** The live version numbers of {@code subject}. */
    List<Integer> versions(String subject);

    /** Whether {@code schema} could be registered under {@code subject}, with the reasons if not. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** Soft-deletes a subject, or removes an already soft-deleted one for good; returns the versions deleted. */
    List<Integer> deleteSubject(String subject, boolean permanent);

    /** The compatibility level that applies to {@code subject} (its own, else the global one); null asks for the global one. */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the level of {@code subject}, or the global one when {@code subject} is null. */
    CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level);

    /** Releases resources; the default does nothing. */
    @Override
    default void close() {
    }
}
