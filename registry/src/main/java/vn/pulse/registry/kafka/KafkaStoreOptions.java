package vn.pulse.registry.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import vn.pulse.core.config.Secrets;

/**
 * Where and how the Kafka store keeps its records.
 *
 * @param bootstrapServers  the Kafka cluster
 * @param topic             the compacted, single-partition topic ({@code _schemas})
 * @param replicationFactor replicas when the store creates the topic
 * @param writeTimeout      how long a write may wait for Kafka before failing with 50002
 * @param startupTimeout    how long opening the store may take to read the topic to its end
 * @param clientProperties  extra properties for every Kafka client (security settings, for instance)
 */
public record KafkaStoreOptions(String bootstrapServers, String topic, short replicationFactor, Duration writeTimeout,
                                Duration startupTimeout, Map<String, String> clientProperties) {

    public KafkaStoreOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * The transactional id every registry instance on this topic shares: a writer's
     * {@code initTransactions()} fences any other instance's producer, so writes are serialized.
     */
    public String transactionalId() {
        return "pulse-schema-registry-" + topic;
    }

    @Override
    public String toString() {
        return "KafkaStoreOptions[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", replicationFactor=" + replicationFactor
                + ", writeTimeout=" + writeTimeout + ", startupTimeout=" + startupTimeout
                + ", clientProperties=" + Secrets.properties(new TreeMap<>(clientProperties)) + "]";
    }
}
