package vn.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.streams.vaccination.VaccinationTopology;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * A clean stop followed by a start resumes every persistent store where it stopped: no task is declared
 * corrupted and wiped, no persistent store restores its changelog from the beginning. Runs the vaccination
 * topology on doses only, the normal case: the corrections' dedup store (a window store) stays empty and
 * shares its task with the dose ledger, which holds one entry per dose. Then, to show the meter counts,
 * a start on a wiped state directory restores the whole ledger.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(300)
@Tag("integration")
class StreamsRestartIT {

    private static final Pattern RESTORED = Pattern.compile(
            "^pulse_streams_restored_records_total\\{[^}]*store=\"([^\"]+)\"[^}]*} ([0-9.E+-]+)$", Pattern.MULTILINE);
    private static final int DOSES = 600;

    @TempDir
    Path stateDir;

    private SchemaRegistryServer registry;
    private StreamsApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aCleanRestartRestoresNoPersistentStoreFromScratch(KafkaBroker broker) throws Exception {
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
        TopicNames topics = broker.createUniqueTopics();
        StreamsAppConfig config = new StreamsAppConfig(broker.bootstrapServers(), registry.url(),
                broker.uniqueName("streams-restart-it"), stateDir.resolve("streams"), Duration.ofMillis(100), 1, "127.0.0.1", 0);
        PulseSerdes serdes = PulseSerdes.forRegistry(registry.url());

        app = start(config, topics, serdes);
        sendDoses(broker, topics.name(Topics.VACCINATION_DOSES), serdes);
        awaitCommitted(broker, config.applicationId(), topics.name(Topics.VACCINATION_DOSES), DOSES);
        app.close();
        app = null;

        app = start(config, topics, serdes);
        Map<String, Double> restored = restoredRecords(app);
        for (String store : List.of(VaccinationTopology.LEDGER_STORE, VaccinationTopology.PENDING_CORRECTIONS_STORE,
                VaccinationTopology.DAILY_DOSES_STORE, VaccinationTopology.COHORT_DOSES_STORE)) {
            assertThat(restored.getOrDefault(store, 0.0)).as("records restored into %s after a clean restart", store).isZero();
        }
        app.close();
        app = null;

        // The same start on a lost state directory restores one ledger entry per dose: the meter counts.
        deleteRecursively(config.stateDir());
        app = start(config, topics, serdes);
        assertThat(restoredRecords(app).getOrDefault(VaccinationTopology.LEDGER_STORE, 0.0)).isEqualTo(DOSES);
    }

    private static StreamsApp start(StreamsAppConfig config, TopicNames topics, PulseSerdes serdes) {
        StreamsApp started = StreamsApp.start(config, topics);
        await().atMost(Duration.ofSeconds(120)).until(() -> started.state() == KafkaStreams.State.RUNNING);
        return started;
    }

    private static void sendDoses(KafkaBroker broker, String topic, PulseSerdes serdes) {
        Instant start = Instant.parse("2021-08-01T01:00:00Z");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, DoseAdministered> producer = new KafkaProducer<>(p, new StringSerializer(),
                serdes.<DoseAdministered>specific().serializer())) {
            for (int i = 0; i < DOSES; i++) {
                String district = Districts.ALL.get(i % Districts.ALL.size()).code();
                Instant at = start.plusSeconds(i * 60L);
                DoseAdministered dose = DoseAdministered.newBuilder()
                        .setEventId("restart-it-dose-" + i).setAdministeredAt(at).setReportedAt(at.plusSeconds(600))
                        .setSiteId("site-" + district + "-1").setDistrictCode(district).setAgeGroup("18+")
                        .setDoseKind(DoseKind.FIRST).setVaccineProduct("Pfizer-BioNTech")
                        .build();
                producer.send(new ProducerRecord<>(topic, dose.getEventId(), dose));
            }
            producer.flush();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void awaitCommitted(KafkaBroker broker, String group, String topic, int expected) {
        try (Admin admin = broker.admin()) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                long total = 0;
                for (var end : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(end.getKey());
                    if (end.getValue().offset() > 0 && (c == null || c.offset() < end.getValue().offset())) {
                        return false;
                    }
                    total += end.getValue().offset();
                }
                return total == expected;
            });
        }
    }

    private static Map<String, Double> restoredRecords(StreamsApp app) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> restored = new HashMap<>();
        Matcher m = RESTORED.matcher(metrics.body());
        while (m.find()) {
            restored.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return restored;
    }
}
