package vn.pulse.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The test broker as a container ({@code -Dpulse.kafka=testcontainers}): Apache Kafka's own image in
 * KRaft mode, configured like the in-process broker (topics only from declarations, no rebalance delay,
 * six partitions for the internal topics). Only this class touches Testcontainers, so the default
 * in-process path never loads it.
 */
final class ContainerKafka implements AutoCloseable {

    /** The broker image, the same as docker-compose.yml's (ComposeFileTest checks they agree). */
    static final String IMAGE = KafkaBrokerExtension.CONTAINER_IMAGE;

    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    /** Whether a Docker engine answers (Testcontainers' own discovery: DOCKER_HOST, the socket, ...). */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // closed in close()
    static ContainerKafka start() {
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "6")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "6")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        container.start();
        return new ContainerKafka(container);
    }

    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
