package vn.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.streams.common.DeadLetters;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * The Streams app on a real broker, exactly-once: a record that throws inside a step is dead-lettered
 * in the task's transaction and the next records count; a stream thread that keeps failing (a
 * dependency "down") keeps {@code /health/ready} DOWN even while Kafka Streams is RUNNING between failures.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(300)
class StreamThreadFailuresIT {

    @TempDir
    Path stateDir;

    private StreamsApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aRecordThatThrowsIsDeadLetteredAndTheNextRecordsAreProcessed(KafkaBroker broker) {
        Names names = start(broker);
        send(broker, names.in(), "1", "boom", "2");

        List<ConsumerRecord<String, String>> out = readCommitted(broker, names.out(), 2);
        assertThat(out).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("1", "2");
        List<ConsumerRecord<String, String>> dead = readCommitted(broker, names.deadLetters(), 1);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly("boom");
        assertThat(header(dead.get(0), DeadLetters.REASON)).isEqualTo("processing failed in judge: value: 'boom' is not allowed");
        assertThat(header(dead.get(0), DeadLetters.SOURCE_TOPIC)).isEqualTo(names.in());
        assertThat(app.threadFailures()).isZero();
    }

    @Test
    void whileAStreamThreadKeepsFailingTheAppIsNotReady(KafkaBroker broker) throws Exception {
        Names names = start(broker);
        // Ready before the failures begin (a follow-up rebalance right after the first RUNNING reads not ready).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(this::ready);
        send(broker, names.in(), "down");

        await().atMost(Duration.ofSeconds(60)).until(() -> app.threadFailures() >= 1);
        List<String> upWhileFailing = new ArrayList<>();
        List<KafkaStreams.State> states = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < end) {
            states.add(app.state());
            if (ready()) {
                upWhileFailing.add(app.state() + " after " + app.threadFailures() + " failures");
            }
            Thread.sleep(250);
        }
        assertThat(app.threadFailures()).as("the thread keeps failing and being replaced").isGreaterThanOrEqualTo(2);
        assertThat(states).as("Kafka Streams is RUNNING between failures").contains(KafkaStreams.State.RUNNING);
        assertThat(upWhileFailing).as("/health/ready answers UP while threads keep failing").isEmpty();
    }

    private record Names(String in, String out, String deadLetters) {
    }

    /** Passes values through; "boom" is a bad record, "down" a dependency that never answers. */
    private Names start(KafkaBroker broker) {
        Names names = new Names(broker.createUnique(Topics.VACCINATION_DOSES).name(),
                broker.createUnique(Topics.DAILY_DOSES).name(), broker.createUnique(Topics.DEAD_LETTERS).name());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(names.in(), Consumed.with(Serdes.String(), Serdes.String()).withName("source"))
                .mapValues(value -> {
                    if (value.equals("boom")) {
                        throw new IllegalArgumentException("value: 'boom' is not allowed");
                    }
                    if (value.equals("down")) {
                        throw new TimeoutException("the dependency did not answer");
                    }
                    return value;
                }, Named.as("judge"))
                .to(names.out(), Produced.with(Serdes.String(), Serdes.String()).withName("sink"));
        Topology topology = builder.build();
        StreamsAppConfig config = new StreamsAppConfig(broker.bootstrapServers(), "http://127.0.0.1:9",
                broker.uniqueName("thread-failures-it"), stateDir.resolve("streams"), Duration.ofMillis(100), 1, "127.0.0.1", 0);
        app = StreamsApp.start(config, topology, TopicNames.defaults().with(Topics.DEAD_LETTERS, names.deadLetters()),
                Map.of(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "10000"));
        await().atMost(Duration.ofSeconds(120)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        return names;
    }

    private boolean ready() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200;
    }

    private static void send(KafkaBroker broker, String topic, String... values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                // One key: one partition, so the records are processed in the order sent.
                producer.send(new ProducerRecord<>(topic, "k", value));
            }
            producer.flush();
        }
    }

    private static List<ConsumerRecord<String, String>> readCommitted(KafkaBroker broker, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, broker.uniqueName("reader"));
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            // Anything more (a duplicate) would arrive with the same commits.
            consumer.poll(Duration.ofSeconds(2)).forEach(records::add);
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
