package vn.pulse.registry.client;

import org.apache.avro.Schema;

/**
 * A subject's version as a client sees it.
 *
 * @param subject the subject
 * @param version the version number
 * @param id      the schema id written into every record serialized with it
 * @param schema  the schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
}
