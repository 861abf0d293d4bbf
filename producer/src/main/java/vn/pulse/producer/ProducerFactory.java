package vn.pulse.producer;

import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.registry.serde.SpecificAvroSerde;

/**
 * Producers for raw events: durable ({@code acks=all}), idempotent, Avro values through the registry. Two
 * settings: {@linkplain #durableProperties lightly batched} for live traffic (a record leaves within 5 ms) and
 * {@linkplain #bulkProperties bulk} for replays (large lz4 batches: throughput over per-record latency).
 */
public final class ProducerFactory {

    /** A bulk producer's largest batch (Kafka's default: 16 KiB). */
    public static final int BULK_BATCH_BYTES = 256 * 1024;

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

    /**
     * A replay's producer: {@link #bulkProperties}, the feed's Kafka, registry and client properties; Avro
     * values of any generated class.
     */
    public static <V extends SpecificRecord> KafkaProducer<String, V> bulkAvroProducer(FeedContext context, String clientId) {
        Properties p = bulkProperties(context.clients(), context.bootstrapServers(), clientId);
        SpecificAvroSerde<V> values = new SpecificAvroSerde<>();
        values.configure(context.clients().serdeConfig(context.registryUrl()), false);
        return new KafkaProducer<>(p, new StringSerializer(), values.serializer());
    }

    /**
     * A bulk load's settings (the scenario replays): as {@link #durableProperties} (durable, idempotent, lz4),
     * with batches of up to 256 KiB that wait up to 20 ms to fill (about 100 k records/s on 2 cores).
     */
    public static Properties bulkProperties(ClientProperties clients, String bootstrapServers, String clientId) {
        Properties p = durableProperties(clients, bootstrapServers, clientId);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BULK_BATCH_BYTES));
        return p;
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
