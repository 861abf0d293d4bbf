package vn.pulse.registry.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import vn.pulse.registry.client.SchemaRegistryClient;

/**
 * A {@link Serde} for generated Avro classes (Kafka Streams, for instance): {@link KafkaAvroSerializer}
 * and {@link KafkaAvroDeserializer} with {@code specific.avro.reader=true}. The class to decode into is the
 * one the writer schema names, read with its own schema as reader schema.
 *
 * @param <T> the generated class
 */
public class SpecificAvroSerde<T extends SpecificRecord> extends TypedAvroSerde<T> {

    /** For config-driven use: {@link #configure} creates the HTTP client from {@code schema.registry.url}. */
    public SpecificAvroSerde() {
        this(null);
    }

    /** With a given client (the in-memory one in tests); configured with defaults already. */
    public SpecificAvroSerde(SchemaRegistryClient client) {
        super(client, true);
    }

    @Override
    @SuppressWarnings("unchecked") // The writer schema named the generated class; T is the caller's promise about the topic.
    T cast(String topic, Object value) {
        if (value instanceof SpecificRecord) {
            return (T) value;
        }
        throw new SerializationException("Expected a generated Avro record from topic " + topic + " but read a "
                + value.getClass().getName());
    }
}
