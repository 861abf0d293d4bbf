package vn.pulse.registry.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import vn.pulse.registry.client.SchemaRegistryClient;

/**
 * A typed {@link Serde} over {@link KafkaAvroSerializer} and {@link KafkaAvroDeserializer}, with the
 * reader kind (generic or specific) fixed by the subclass.
 *
 * @param <T> the record type
 */
abstract class TypedAvroSerde<T> implements Serde<T> {

    private final KafkaAvroSerializer serializer;
    private final KafkaAvroDeserializer deserializer;
    private final boolean specific;

    TypedAvroSerde(SchemaRegistryClient client, boolean specific) {
        this.serializer = new KafkaAvroSerializer(client);
        this.deserializer = new KafkaAvroDeserializer(client);
        this.specific = specific;
        if (client != null) {
            configure(Map.of(), false);
        }
    }

    /** Turns a deserialized value into {@code T}, or throws a SerializationException that says why not. */
    abstract T cast(String topic, Object value);

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> withReader = new HashMap<>(configs);
        withReader.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, specific);
        serializer.configure(withReader, isKey);
        deserializer.configure(withReader, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                TypedAvroSerde.this.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(String topic, T data) {
                return serializer.serialize(topic, data);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return new Deserializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                TypedAvroSerde.this.configure(configs, isKey);
            }

            @Override
            public T deserialize(String topic, byte[] data) {
                Object value = deserializer.deserialize(topic, data);
                return value == null ? null : cast(topic, value);
            }
        };
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
