package vn.pulse.producer;

import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.SpecificAvroSerde;

/** Producers for raw events: durable ({@code acks=all}), idempotent, Avro values through the registry. */
public final class ProducerFactory {

    private ProducerFactory() {
    }

    public static <V extends SpecificRecord> KafkaProducer<String, V> avroProducer(String bootstrapServers, String registryUrl,
                                                                                    String clientId) {
        Properties p = durableProperties(bootstrapServers, clientId);
        SpecificAvroSerde<V> values = new SpecificAvroSerde<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        return new KafkaProducer<>(p, new StringSerializer(), values.serializer());
    }

    /** The settings every Pulse producer of raw events shares: durable, idempotent, lightly batched. */
    public static Properties durableProperties(String bootstrapServers, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // A record is accepted only once every in-sync replica has it; retries never duplicate it.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }
}
