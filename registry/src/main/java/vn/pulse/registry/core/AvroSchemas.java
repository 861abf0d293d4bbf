package vn.pulse.registry.core;

import java.util.Locale;
import org.apache.avro.Schema;
import vn.pulse.registry.model.ErrorCode;
import vn.pulse.registry.model.SchemaRegistryException;

/** Parses the schemas requests bring and prints them in the canonical form the registry compares and stores. */
public final class AvroSchemas {

    /** The only schema type this registry stores. */
    public static final String AVRO = "AVRO";

    private AvroSchemas() {
    }

    /**
     * Validates and parses a requested schema.
     *
     * @throws SchemaRegistryException 42201 if it is empty, not Avro, uses references or does not parse
     */
    public static Schema parse(SchemaInput input) {
        String type = input.schemaType() == null ? AVRO : input.schemaType().trim().toUpperCase(Locale.ROOT);
        if (type.equals("JSON") || type.equals("PROTOBUF")) {
            throw invalid("Schema type " + type + " is not supported: this registry stores AVRO schemas only");
        }
        if (!type.equals(AVRO)) {
            throw invalid("Invalid schema type '" + input.schemaType() + "'; supported: AVRO");
        }
        if (input.hasReferences()) {
            throw invalid("Schema references are not supported by this registry; inline the referenced types");
        }
        if (input.schema() == null || input.schema().isBlank()) {
            throw invalid("Empty schema");
        }
        try {
            return new Schema.Parser().setValidateDefaults(true).parse(input.schema());
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(ErrorCode.INVALID_SCHEMA, "Invalid schema: " + e.getMessage(), e);
        }
    }

    /** Parses a schema read back from the store (it was validated when registered). */
    static Schema parseStored(String text) {
        return new Schema.Parser().setValidateDefaults(false).parse(text);
    }

    /**
     * The canonical text of a schema: the parsed schema printed back, so whitespace and attribute order do
     * not matter while documentation, defaults, aliases and logical types still do.
     */
    public static String canonical(Schema schema) {
        return schema.toString();
    }

    private static SchemaRegistryException invalid(String message) {
        return new SchemaRegistryException(ErrorCode.INVALID_SCHEMA, message);
    }
}
