package vn.pulse.api.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("integration")
class AggregateReaderIT {

    private static KafkaProducer<String, String> transactionalProducer(KafkaBroker broker) {
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, broker.uniqueName("aggregates-writer")),
                new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    @Test
    void neverHandsOnAValueOfAnAbortedTransaction(KafkaBroker broker) {
        TopicSpec topic = broker.createUnique(Topics.VACCINATION_COVERAGE);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, String> producer = transactionalProducer(broker);
             AggregateReader<String> reader = new AggregateReader<>(broker.bootstrapServers(), topic.name(),
                     new StringDeserializer(), (k, v) -> seen.add(k + "=" + v), Clock.systemUTC())) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "178", "100"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "178", "999-rolled-back"));
            producer.flush();
            reader.start();
            await().atMost(Duration.ofSeconds(30)).until(reader::caughtUpOnce);
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "178", "101"));
            producer.commitTransaction();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seen).contains("178=101"));
            assertThat(seen).containsExactly("178=100", "178=101");
        }
    }

    @Test
    void staysFreshWhileTheTopicKeepsGrowing(KafkaBroker broker) throws Exception {
        TopicSpec topic = broker.createUnique(Topics.VACCINATION_COVERAGE);
        Map<String, String> state = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (KafkaProducer<String, String> producer = transactionalProducer(broker);
             AggregateReader<String> reader = new AggregateReader<>(broker.bootstrapServers(), topic.name(),
                     new StringDeserializer(), state::put, Clock.systemUTC())) {
            Thread writer = new Thread(() -> {
                int n = 0;
                while (writing.get()) {
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>(topic.name(), "k" + (n % 11), Integer.toString(n++)));
                    producer.commitTransaction();
                }
            });
            writer.start();
            reader.start();
            await().atMost(Duration.ofSeconds(30)).until(reader::caughtUpOnce);
            // A reader that is always a few records behind a busy topic is still fresh.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            long worst = 0;
            while (System.nanoTime() < deadline) {
                worst = Math.max(worst, reader.lagMillis());
                Thread.sleep(100);
            }
            writing.set(false);
            writer.join();
            assertThat(worst).as("worst lag while the topic grows").isBetween(0L, 5_000L);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(reader.lagRecords()).isZero();
                assertThat(reader.caughtUp()).isTrue();
            });
        }
    }

    /**
     * A value whose schema the reader has not cached yet cannot be read while the schema registry is down (its
     * client throws a retriable exception after its own retries): the reader must wait and read the record again,
     * never stop for good and serve stale totals (the crash test's registry outage after an API restart found this).
     */
    @Test
    void readsARecordAgainWhenItsDeserializerFailsForADependencyThatComesBack(KafkaBroker broker) throws Exception {
        TopicSpec topic = broker.createUnique(Topics.VACCINATION_COVERAGE);
        AtomicBoolean registryDown = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        StringDeserializer strings = new StringDeserializer();
        Deserializer<String> needsRegistry = (t, bytes) -> {
            if (registryDown.get()) {
                refused.incrementAndGet();
                throw new SerializationException("cannot read the schema", new RetriableException("registry unavailable") { });
            }
            return strings.deserialize(t, bytes);
        };
        List<String> seen = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, String> producer = transactionalProducer(broker);
             AggregateReader<String> reader = new AggregateReader<>(broker.bootstrapServers(), topic.name(),
                     needsRegistry, (k, v) -> seen.add(k + "=" + v), Clock.systemUTC())) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "178", "100"));
            producer.commitTransaction();
            reader.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() >= 3);
            registryDown.set(false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seen).contains("178=100"));
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "178", "101"));
            producer.commitTransaction();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seen).containsExactly("178=100", "178=101"));
            await().atMost(Duration.ofSeconds(30)).until(reader::caughtUp);
        }
    }
}
