package vn.pulse.producer;

import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.registry.serde.SpecificAvroSerde;

/** Producers for raw events: durable ({@code acks=all}), idempotent, Avro values through the registry. */
public final class ProducerFactory {

    private ProducerFactory() {
    }

    public static <V extends SpecificRecord> KafkaProducer<String, V> avroProducer(String bootstrapServers, String registryUrl,
                                                                                    String clientId) {
        return avroProducer(ClientProperties.NONE, bootstrapServers, registryUrl, clientId);
    }

    /** A feed's producer: its Kafka, registry and their {@code kafka.client.*} / {@code registry.client.*} properties. */
    public static <V extends SpecificRecord> KafkaProducer<String, V> avroProducer(FeedContext context, String clientId) {
        return avroProducer(context.clients(), context.bootstrapServers(), context.registryUrl(), clientId);
    }

    /** With the deployment's {@code kafka.client.*} (TLS, SASL) and {@code registry.client.*} (truststore, basic auth) properties. */
    public static <V extends SpecificRecord> KafkaProducer<String, V> avroProducer(ClientProperties clients, String bootstrapServers,
                                                                                    String registryUrl, String clientId) {
        Properties p = durableProperties(clients, bootstrapServers, clientId);
        SpecificAvroSerde<V> values = new SpecificAvroSerde<>();
        values.configure(clients.serdeConfig(registryUrl), false);
        return new KafkaProducer<>(p, new StringSerializer(), values.serializer());
    }

    /** The settings every Pulse producer of raw events shares: durable, idempotent, lightly batched. */
    public static Properties durableProperties(String bootstrapServers, String clientId) {
        return durableProperties(ClientProperties.NONE, bootstrapServers, clientId);
    }

    /** The same, plus the {@code kafka.client.*} properties. */
    public static Properties durableProperties(ClientProperties clients, String bootstrapServers, String clientId) {
        Properties p = new Properties();
        p.putAll(clients.kafkaConfig(bootstrapServers));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // A record is accepted only once every in-sync replica has it; retries never duplicate it.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }
}
