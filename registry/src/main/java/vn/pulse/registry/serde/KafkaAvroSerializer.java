package vn.pulse.registry.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import vn.pulse.registry.client.CachedSchemaRegistryClient;
import vn.pulse.registry.client.RegisteredSchema;
import vn.pulse.registry.client.SchemaRegistryClient;
import vn.pulse.registry.client.SchemaRegistryUnavailableException;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * Serializes Avro records (generated classes or GenericRecord) and primitives into Confluent's wire format.
 * The schema id comes from registering the record's schema ({@code auto.register.schemas=true}, default),
 * from the subject's latest version ({@code use.latest.version=true}), or from looking the schema up.
 * Ids, writers and buffers are cached, so a warm serializer only encodes.
 *
 * <p>Errors: a schema the registry refuses (incompatible, invalid, not found) is a
 * {@link SerializationException}; an unreachable registry is a {@link SchemaRegistryUnavailableException},
 * which is retriable.
 */
public class KafkaAvroSerializer implements Serializer<Object> {

    /** What the last record was written with: consecutive records of one topic and type skip every lookup. */
    private record LastWrite(String topic, Schema schema, Class<?> type, int id, DatumWriter<Object> writer) {
    }

    private final Map<String, Map<Schema, Integer>> idsByTopic = new ConcurrentHashMap<>();
    private volatile LastWrite lastWrite;
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private final Map<Class<?>, Map<Schema, DatumWriter<Object>>> specificWriters = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config = AvroSerdeConfig.defaults();
    private SubjectNameStrategy strategy = config.subjectNameStrategy(false);
    private boolean isKey;

    /** For Kafka's config-driven instantiation: {@link #configure} creates the HTTP client from {@code schema.registry.url}. */
    public KafkaAvroSerializer() {
    }

    /** With a given client (the in-memory one in tests); {@link #configure} is optional then. */
    public KafkaAvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    /** With a given client, configured at once. */
    public KafkaAvroSerializer(SchemaRegistryClient client, Map<String, ?> configs, boolean isKey) {
        this(client);
        configure(configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.parse(configs);
        this.isKey = isKey;
        this.strategy = config.subjectNameStrategy(isKey);
        if (client == null) {
            client = new CachedSchemaRegistryClient(config.clientConfig());
            ownsClient = true;
        }
        idsByTopic.clear();
        lastWrite = null;
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("KafkaAvroSerializer is not configured: call configure() with "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " or pass a SchemaRegistryClient");
        }
        Schema schema = AvroSchemaOf.of(data);
        LastWrite last = lastWrite;
        if (last != null && last.schema() == schema && last.type() == data.getClass() && last.topic().equals(topic)) {
            return frame(topic, last.id(), last.writer(), schema, data);
        }
        Schema writerSchema = schema;
        int id;
        if (writesWithLatest()) {
            RegisteredSchema latest = latest(topic, schema);
            id = latest.id();
            writerSchema = latest.schema();
        } else {
            id = cachedId(topic, schema);
        }
        DatumWriter<Object> writer = writerSchema.getType() == Schema.Type.BYTES ? null : writer(data, writerSchema);
        if (!writesWithLatest()) {
            lastWrite = new LastWrite(topic, schema, data.getClass(), id, writer);
        }
        return frame(topic, id, writer, writerSchema, data);
    }

    private byte[] frame(String topic, int id, DatumWriter<Object> writer, Schema writerSchema, Object data) {
        try {
            FramedOutput out = FramedOutput.current();
            if (writerSchema.getType() == Schema.Type.BYTES) {
                return out.frameRaw(id, data instanceof ByteBuffer buffer ? bytes(buffer) : (byte[]) data);
            }
            return out.frame(id, writer, data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Error serializing Avro " + (isKey ? "key" : "value") + " for topic " + topic
                    + " with schema id " + id + ": " + e.getMessage(), e);
        }
    }

    private boolean writesWithLatest() {
        return config.useLatestVersion() && !config.autoRegister();
    }

    private int cachedId(String topic, Schema schema) {
        Map<Schema, Integer> ids = idsByTopic.get(topic);
        if (ids == null) {
            ids = idsByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        }
        Integer id = ids.get(schema);
        if (id == null) {
            String subject = strategy.subjectName(topic, isKey, schema);
            try {
                id = config.autoRegister() ? client.register(subject, schema) : client.lookup(subject, schema).id();
            } catch (SchemaRegistryException e) {
                throw new SerializationException("Error " + (config.autoRegister() ? "registering" : "looking up") + " the schema of subject "
                        + subject + " for topic " + topic + ": " + e.getMessage(), e);
            }
            ids.put(schema, id);
        }
        return id;
    }

    /** The subject's latest version (cached by the client for {@code latest.cache.ttl.sec}). */
    private RegisteredSchema latest(String topic, Schema schema) {
        String subject = strategy.subjectName(topic, isKey, schema);
        try {
            return client.getLatest(subject);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Error fetching the latest schema of subject " + subject + " for topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    private DatumWriter<Object> writer(Object data, Schema schema) {
        if (data instanceof SpecificRecord) {
            Map<Schema, DatumWriter<Object>> bySchema = specificWriters.get(data.getClass());
            if (bySchema == null) {
                bySchema = specificWriters.computeIfAbsent(data.getClass(), c -> new ConcurrentHashMap<>());
            }
            DatumWriter<Object> writer = bySchema.get(schema);
            if (writer == null) {
                writer = new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()));
                bySchema.put(schema, writer);
            }
            return writer;
        }
        DatumWriter<Object> writer = genericWriters.get(schema);
        if (writer == null) {
            writer = new GenericDatumWriter<>(schema, GenericData.get());
            genericWriters.put(schema, writer);
        }
        return writer;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
