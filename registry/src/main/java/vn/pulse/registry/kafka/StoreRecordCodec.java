package vn.pulse.registry.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import vn.pulse.registry.core.StoreRecord;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.RegistryMode;

/**
 * Encodes {@link StoreRecord}s as the JSON keys and values of the {@code _schemas} topic, in the shape
 * Confluent uses ({@code {"keytype":"SCHEMA","subject":...,"version":...,"magic":1}}). A key is the same
 * bytes every time for the same subject and version, so compaction keeps the latest value; a removal is a
 * tombstone (null value). Keys of unknown types are skipped on reading, so older readers tolerate newer records.
 */
public final class StoreRecordCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEYTYPE = "keytype";

    /** A record as key and value bytes; a null value is a tombstone. */
    public record Encoded(byte[] key, byte[] value) {
    }

    private StoreRecordCodec() {
    }

    public static Encoded encode(StoreRecord record) {
        if (record instanceof StoreRecord.SchemaVersion v) {
            ObjectNode value = JSON.createObjectNode()
                    .put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                    .put("schema", v.schema()).put("deleted", v.deleted());
            return new Encoded(schemaKey(v.subject(), v.version()), bytes(value));
        }
        if (record instanceof StoreRecord.VersionRemoved r) {
            return new Encoded(schemaKey(r.subject(), r.version()), null);
        }
        if (record instanceof StoreRecord.Compatibility c) {
            byte[] value = c.level() == null ? null : bytes(JSON.createObjectNode().put("compatibilityLevel", c.level().name()));
            return new Encoded(subjectKey("CONFIG", c.subject()), value);
        }
        if (record instanceof StoreRecord.Mode m) {
            byte[] value = m.mode() == null ? null : bytes(JSON.createObjectNode().put("mode", m.mode().name()));
            return new Encoded(subjectKey("MODE", m.subject()), value);
        }
        StoreRecord.MaxId max = (StoreRecord.MaxId) record;
        ObjectNode key = JSON.createObjectNode().put(KEYTYPE, "MAX_ID").put("magic", 0);
        return new Encoded(bytes(key), bytes(JSON.createObjectNode().put("maxId", max.maxId())));
    }

    /**
     * Decodes a key and value read from the topic.
     *
     * @return empty for key types this version does not know
     * @throws IllegalArgumentException if the bytes are not a record this codec wrote
     */
    public static Optional<StoreRecord> decode(byte[] keyBytes, byte[] valueBytes) {
        JsonNode key = tree(keyBytes);
        JsonNode value = valueBytes == null ? null : tree(valueBytes);
        String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
        return switch (key.path(KEYTYPE).asText()) {
            case "SCHEMA" -> Optional.of(value == null
                    ? new StoreRecord.VersionRemoved(subject, key.get("version").asInt())
                    : new StoreRecord.SchemaVersion(value.get("subject").asText(), value.get("version").asInt(),
                            value.get("id").asInt(), value.get("schema").asText(), value.path("deleted").asBoolean(false)));
            case "CONFIG" -> Optional.of(new StoreRecord.Compatibility(subject,
                    value == null ? null : CompatibilityLevel.parse(value.get("compatibilityLevel").asText())));
            case "MODE" -> Optional.of(new StoreRecord.Mode(subject,
                    value == null ? null : RegistryMode.parse(value.get("mode").asText())));
            case "MAX_ID" -> value == null ? Optional.empty() : Optional.of(new StoreRecord.MaxId(value.get("maxId").asInt()));
            default -> Optional.empty();
        };
    }

    private static byte[] schemaKey(String subject, int version) {
        return bytes(JSON.createObjectNode().put(KEYTYPE, "SCHEMA").put("subject", subject).put("version", version).put("magic", 1));
    }

    private static byte[] subjectKey(String type, String subject) {
        ObjectNode key = JSON.createObjectNode().put(KEYTYPE, type);
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        return bytes(key.put("magic", 0));
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON store record: " + e.getMessage(), e);
        }
    }
}
