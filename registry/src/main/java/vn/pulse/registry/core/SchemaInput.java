package vn.pulse.registry.core;

/**
 * A schema as a request brings it.
 *
 * @param schema        the schema text
 * @param schemaType    {@code AVRO}, {@code JSON} or {@code PROTOBUF}; null means AVRO
 * @param hasReferences whether the request named schema references (not supported)
 * @param id            an explicit id (IMPORT mode only), or null
 * @param version       an explicit version (IMPORT mode only), or null
 */
public record SchemaInput(String schema, String schemaType, boolean hasReferences, Integer id, Integer version) {

    /** A plain Avro schema, as the in-process clients send it. */
    public static SchemaInput avro(String schema) {
        return new SchemaInput(schema, null, false, null, null);
    }
}
