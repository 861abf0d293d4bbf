package vn.pulse.registry.serde;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.registry.client.CachedSchemaRegistryClient;
import vn.pulse.registry.client.SchemaRegistryClient;
import vn.pulse.registry.client.SchemaRegistryUnavailableException;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * Reads Confluent's wire format: fetches the writer schema by the id in the payload (cached for good) and
 * decodes into a GenericRecord, or with {@code specific.avro.reader=true} into the generated class named by
 * the writer schema, resolving writer to reader schema. Strings come back as {@link String}, a {@code bytes}
 * schema as {@code byte[]}.
 *
 * <p>Errors: a payload without magic byte 0, an id the registry does not know, or undecodable bytes are a
 * {@link SerializationException}; an unreachable registry is a {@link SchemaRegistryUnavailableException},
 * which is retriable.
 */
public class KafkaAvroDeserializer implements Deserializer<Object> {

    static {
        AvroClassTrust.trustPulsePackages();
    }

    private static final ThreadLocal<BinaryDecoder[]> DECODER = ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

    /** A reader for one writer schema id. */
    private record Reader(int id, Schema writerSchema, DatumReader<Object> datumReader) {
    }

    private final Map<Integer, Reader> readers = new ConcurrentHashMap<>();
    /** The reader used last: most topics carry one schema id at a time, so this skips the map (and boxing). */
    private volatile Reader lastReader;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean specific;
    private boolean isKey;

    /** For Kafka's config-driven instantiation: {@link #configure} creates the HTTP client from {@code schema.registry.url}. */
    public KafkaAvroDeserializer() {
    }

    /** With a given client (the in-memory one in tests); {@link #configure} is optional then. */
    public KafkaAvroDeserializer(SchemaRegistryClient client) {
        this.client = client;
    }

    /** With a given client, configured at once. */
    public KafkaAvroDeserializer(SchemaRegistryClient client, Map<String, ?> configs, boolean isKey) {
        this(client);
        configure(configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.parse(configs);
        this.specific = config.specificReader();
        this.isKey = isKey;
        if (client == null) {
            client = new CachedSchemaRegistryClient(config.clientConfig());
            ownsClient = true;
        }
        readers.clear();
        lastReader = null;
    }

    @Override
    public Object deserialize(String topic, byte[] payload) {
        if (payload == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("KafkaAvroDeserializer is not configured: call configure() with "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " or pass a SchemaRegistryClient");
        }
        int id = WireFormat.schemaId(payload);
        Reader reader = reader(id, topic);
        Schema.Type type = reader.writerSchema().getType();
        if (type == Schema.Type.BYTES) {
            return Arrays.copyOfRange(payload, WireFormat.HEADER_SIZE, payload.length);
        }
        try {
            BinaryDecoder[] reuse = DECODER.get();
            reuse[0] = DecoderFactory.get().binaryDecoder(payload, WireFormat.HEADER_SIZE, payload.length - WireFormat.HEADER_SIZE, reuse[0]);
            Object value = reader.datumReader().read(null, reuse[0]);
            return type == Schema.Type.STRING ? value.toString() : value;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Error deserializing Avro " + (isKey ? "key" : "value") + " from topic " + topic
                    + " with schema id " + id + ": " + e.getMessage(), e);
        }
    }

    private Reader reader(int id, String topic) {
        Reader last = lastReader;
        if (last != null && last.id() == id) {
            return last;
        }
        Reader reader = readers.get(id);
        if (reader == null) {
            reader = newReader(id, topic);
            Reader raced = readers.putIfAbsent(id, reader);
            reader = raced == null ? reader : raced;
        }
        lastReader = reader;
        return reader;
    }

    private Reader newReader(int id, String topic) {
        Schema writer;
        try {
            writer = client.getById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot deserialize " + (isKey ? "key" : "value") + " from topic " + topic
                    + ": schema id " + id + (e.isNotFound() ? " is unknown to the schema registry" : " could not be fetched")
                    + " (" + e.getMessage() + ")", e);
        }
        if (specific && (writer.getType() == Schema.Type.RECORD || writer.getType() == Schema.Type.ENUM
                || writer.getType() == Schema.Type.FIXED)) {
            return new Reader(id, writer, specificReader(writer));
        }
        return new Reader(id, writer, new GenericDatumReader<>(writer, writer, GenericData.get()));
    }

    private static DatumReader<Object> specificReader(Schema writer) {
        Class<?> type;
        try {
            type = SpecificData.get().getClass(writer);
        } catch (AvroRuntimeException | SecurityException e) {
            throw new SerializationException("Cannot load the generated class for " + writer.getFullName() + ": " + e.getMessage(), e);
        }
        if (type == null || type == Object.class) {
            throw new SerializationException("Could not find class " + writer.getFullName()
                    + " specified in the writer's schema to find the reader's schema for a SpecificRecord (" + AvroSerdeConfig.SPECIFIC_AVRO_READER + "=true)");
        }
        SpecificData data = SpecificData.getForClass(type);
        return new SpecificDatumReader<>(writer, data.getSchema(type), data);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
