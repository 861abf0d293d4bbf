package vn.pulse.registry.serde;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import vn.pulse.registry.client.SchemaRegistryClient;

/** A {@link Serde} for {@link GenericRecord}s: {@link KafkaAvroSerializer} and {@link KafkaAvroDeserializer} with the generic reader. */
public class GenericAvroSerde extends TypedAvroSerde<GenericRecord> {

    /** For config-driven use: {@link #configure} creates the HTTP client from {@code schema.registry.url}. */
    public GenericAvroSerde() {
        this(null);
    }

    /** With a given client (the in-memory one in tests); configured with defaults already. */
    public GenericAvroSerde(SchemaRegistryClient client) {
        super(client, false);
    }

    @Override
    GenericRecord cast(String topic, Object value) {
        if (value instanceof GenericRecord record) {
            return record;
        }
        throw new SerializationException("Expected an Avro record from topic " + topic + " but the writer schema is "
                + value.getClass().getSimpleName() + "; use KafkaAvroDeserializer for primitive schemas");
    }
}
