package vn.pulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;

@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("integration")
class KafkaBrokerExtensionIT {

    @Test
    void createsDeclaredTopicsWithTheirCleanupPolicy(KafkaBroker broker) throws Exception {
        TopicSpec aggregate = broker.createUnique(Topics.VACCINATION_COVERAGE);

        try (var admin = broker.admin()) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, aggregate.name());
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(aggregate.name())).allTopicNames().get()
                    .get(aggregate.name()).partitions()).hasSize(aggregate.partitions());
        }
    }

    @Test
    void producesAndConsumesTransactionallyOnTheRealBroker(KafkaBroker broker) {
        TopicSpec topic = broker.createUnique(Topics.VACCINATION_DOSES);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, broker.uniqueName("tx")),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "k", "committed"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "k", "aborted"));
            producer.abortTransaction();
        }

        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, broker.uniqueName("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(new String(record.value().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                }
            }
            // Give an aborted record every chance to show up if isolation were broken.
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                seen.add(record.value());
            }
        }
        assertThat(seen).containsExactly("committed");
    }
}
