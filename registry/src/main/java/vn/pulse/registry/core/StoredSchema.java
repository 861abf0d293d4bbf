package vn.pulse.registry.core;

import org.apache.avro.Schema;

/**
 * A schema the registry holds, under its id.
 *
 * @param id     the schema id
 * @param text   its canonical text (the parsed schema printed back: whitespace and attribute order normalised)
 * @param schema the parsed schema
 */
public record StoredSchema(int id, String text, Schema schema) {
}
