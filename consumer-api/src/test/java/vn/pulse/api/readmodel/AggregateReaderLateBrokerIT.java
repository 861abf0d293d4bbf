package vn.pulse.api.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.platform.LocalKafka;
import vn.pulse.platform.LocalKafkaConfig;

/**
 * Found by the crash test: a broker that does not answer for a while made the API's readers stop for
 * good. At a cold start under load each reader's {@code partitionsFor} timed out and the API never became
 * ready; during a broker restart the readers' end-offset requests timed out and the API kept serving
 * stale figures. A reader must keep asking until the broker answers.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class AggregateReaderLateBrokerIT {

    @TempDir
    Path dir;

    @Test
    void keepsAskingWhenTheBrokerAnswersOnlyAfterTheFirstMetadataTimeout() throws Exception {
        int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
        String bootstrap = "127.0.0.1:" + ports[0];
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AggregateReader<String> reader = new AggregateReader<>(bootstrap, "late.broker.v1", new StringDeserializer(),
                (k, v) -> seen.add(k + "=" + v), Clock.systemUTC())) {
            reader.start();
            // The reader's metadata request times out after 10 s: let that happen before there is a broker.
            await().pollDelay(Duration.ofSeconds(13)).atMost(Duration.ofSeconds(20)).until(() -> true);
            try (LocalKafka kafka = LocalKafka.start(new LocalKafkaConfig(dir, "127.0.0.1", ports[0], ports[1], 1));
                 Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap));
                 KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer())) {
                admin.createTopics(List.of(new NewTopic("late.broker.v1", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>("late.broker.v1", "178", "100")).get(60, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(seen).contains("178=100"));
            }
        }
    }

    @Test
    void readsOnAfterTheBrokerIsRestartedUnderIt() throws Exception {
        int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
        String bootstrap = "127.0.0.1:" + ports[0];
        LocalKafkaConfig config = new LocalKafkaConfig(dir, "127.0.0.1", ports[0], ports[1], 1);
        List<String> seen = new CopyOnWriteArrayList<>();
        LocalKafka kafka = LocalKafka.start(config);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("restart.v1", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        try (AggregateReader<String> reader = new AggregateReader<>(bootstrap, "restart.v1", new StringDeserializer(),
                (k, v) -> seen.add(k + "=" + v), Clock.systemUTC())) {
            reader.start();
            await().atMost(Duration.ofSeconds(60)).until(reader::caughtUpOnce);
            kafka.close();
            // Longer than the reader's end-offsets timeout (5 s): before the fix its thread died here.
            await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).until(() -> true);
            kafka = LocalKafka.start(config);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("restart.v1", "180", "7")).get(60, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(seen).contains("180=7"));
        } finally {
            kafka.close();
        }
    }
}
