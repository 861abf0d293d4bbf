package vn.pulse.registry.serde;

import org.apache.kafka.common.errors.SerializationException;

/** Confluent's framing: magic byte 0, the schema id as 4 big-endian bytes, then the Avro binary body. */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /**
     * The schema id of a framed payload.
     *
     * @throws SerializationException if the payload is too short or does not start with magic byte 0
     */
    public static int schemaId(byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new SerializationException("Payload of " + payload.length + " bytes is too short for the schema registry "
                    + "wire format (magic byte and 4-byte schema id)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte " + payload[0] + ": expected " + MAGIC_BYTE
                    + " (data not written by a schema-registry Avro serializer?)");
        }
        return ((payload[1] & 0xff) << 24) | ((payload[2] & 0xff) << 16) | ((payload[3] & 0xff) << 8) | (payload[4] & 0xff);
    }

    /** Writes the 5-byte header into {@code target} at offset 0. */
    static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }
}
