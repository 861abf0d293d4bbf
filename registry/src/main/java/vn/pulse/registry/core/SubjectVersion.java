package vn.pulse.registry.core;

/**
 * One version of a subject as the registry knows it.
 *
 * @param subject the subject
 * @param version its version number, from 1
 * @param id      the schema id (shared by every subject that registered the same schema)
 * @param deleted soft-deleted: hidden unless asked for with {@code deleted=true}
 */
public record SubjectVersion(String subject, int version, int id, boolean deleted) {
}
