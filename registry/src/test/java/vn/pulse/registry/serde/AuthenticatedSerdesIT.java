package vn.pulse.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.registry.client.SchemaRegistryAuthenticationException;
import vn.pulse.registry.server.Http;
import vn.pulse.registry.server.RegistryUsersFile;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * A producer and a consumer with our serdes against a registry that stores in a real broker and requires
 * basic authentication: the writer registers with a {@code write} user, the reader reads with a {@code read}
 * user, nobody else gets in, and a producer without the right credentials gets a retriable error instead of
 * a dropped record.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AuthenticatedSerdesIT {

    @Test
    void producerAndConsumerWorkAgainstARegistryWithAuthentication(KafkaBroker broker, @TempDir Path dir) throws Exception {
        Path users = RegistryUsersFile.write(dir.resolve("registry-users.properties"), Map.of(
                "pulse-service", "service-pw:write", "dashboard", "dashboard-pw:read", "pulse-admin", "admin-pw:admin"));
        String topic = broker.createUnique(new TopicSpec("auth-doses", 1, TopicSpec.Role.LOG, Duration.ofDays(1))).name();
        String otherTopic = broker.createUnique(new TopicSpec("auth-other", 1, TopicSpec.Role.LOG, Duration.ofDays(1))).name();
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.forKafka(broker.bootstrapServers()).withPort(0)
                .withTopic(broker.uniqueName("_schemas")).withCredentialsFile(users).withModeMutability(false);
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(config)) {
            List<DoseAdministered> sent = List.of(Doses.dose(1), Doses.dose(2), Doses.dose(3));
            try (KafkaProducer<String, Object> producer = producer(broker, registry, "pulse-service:service-pw")) {
                for (DoseAdministered dose : sent) {
                    producer.send(new ProducerRecord<>(topic, dose.getEventId(), dose)).get();
                }
            }

            List<Object> received = new ArrayList<>();
            try (KafkaConsumer<String, Object> consumer = consumer(broker, registry, "dashboard:dashboard-pw")) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (received.size() < sent.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                        received.add(record.value());
                    }
                }
            }
            assertThat(received).containsExactlyElementsOf(sent);

            // The registry itself: no anonymous access, and the schema cannot be deleted by the service user.
            Http http = new Http(registry.url());
            assertThat(http.get("/subjects").status()).isEqualTo(401);
            assertThat(http.as("pulse-service", "service-pw").delete("/subjects/" + topic + "-value").status()).isEqualTo(403);
            assertThat(http.as("dashboard", "dashboard-pw").get("/subjects").json().toString()).contains(topic + "-value");

            // A producer whose user may only read cannot register: the send fails retriably, it is not a bad record.
            try (KafkaProducer<String, Object> readOnly = producer(broker, registry, "dashboard:dashboard-pw")) {
                Throwable failure;
                try {
                    readOnly.send(new ProducerRecord<>(otherTopic, "k", Doses.dose(4))).get();
                    failure = null;
                } catch (ExecutionException e) {
                    failure = e.getCause();
                } catch (RuntimeException e) {
                    failure = e;
                }
                assertThat(failure).isInstanceOf(SchemaRegistryAuthenticationException.class).isInstanceOf(RetriableException.class);
            }
        }
    }

    private static KafkaProducer<String, Object> producer(KafkaBroker broker, SchemaRegistryServer registry, String userInfo) {
        Map<String, Object> props = new HashMap<>(serde(registry, userInfo));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, Object> consumer(KafkaBroker broker, SchemaRegistryServer registry, String userInfo) {
        Map<String, Object> props = new HashMap<>(serde(registry, userInfo));
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, broker.uniqueName("auth-reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class);
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        return new KafkaConsumer<>(props);
    }

    private static Map<String, Object> serde(SchemaRegistryServer registry, String userInfo) {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO", AvroSerdeConfig.BASIC_AUTH_USER_INFO, userInfo,
                AvroSerdeConfig.MAX_RETRY_TIME_MS, 500, AvroSerdeConfig.RETRY_BACKOFF_MS, 20);
    }
}
