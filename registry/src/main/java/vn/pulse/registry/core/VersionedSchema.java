package vn.pulse.registry.core;

/**
 * A subject's version with its schema, as lookups and registrations answer.
 *
 * @param subject the subject
 * @param version the version number
 * @param id      the schema id
 * @param schema  the canonical schema text
 */
public record VersionedSchema(String subject, int version, int id, String schema) {
}
