package vn.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import java.nio.file.Path;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.http.HttpTls;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.streams.StreamsProfile.Choice;
import vn.pulse.streams.StreamsProfile.Profile;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.streams.vaccination.VaccinationTopology;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * {@code streams.profile=auto} on a real broker: an instance with nothing to catch up on starts live, goes
 * bulk when a burst leaves it far behind and live once it has caught up; across the switches
 * every input offset is committed (each switch is a clean close of one instance, then a new one).
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(300)
@Tag("integration")
class StreamsProfileSwitchIT {

    private static final int BURST = 30_000;

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
    void autoGoesBulkWhenFarBehindAndLiveOnceCaughtUp(KafkaBroker broker) throws Exception {
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
        TopicNames topics = broker.createUniqueTopics();
        // Checks every 250 ms, so a switch may follow the last one after 3 s (12 checks).
        StreamsProfile auto = new StreamsProfile(Choice.AUTO, Duration.ofMillis(500), 400, 50, Duration.ofMillis(250));
        StreamsAppConfig config = new StreamsAppConfig(broker.bootstrapServers(), registry.url(),
                broker.uniqueName("streams-profile-it"), stateDir.resolve("streams"), Duration.ofMillis(100), 1, "127.0.0.1", 0,
                ClientProperties.NONE, HttpTls.NONE, BorderConfig.defaults(), VaccinationTopology.Options.defaults(), auto,
                StreamsAppConfig.DEFAULT_ROCKSDB_MEMORY_MIB, StreamsAppConfig.DEFAULT_ROCKSDB_WRITE_BUFFER_MIB);
        PulseSerdes serdes = PulseSerdes.forRegistry(registry.url());
        String doses = topics.name(Topics.VACCINATION_DOSES);

        app = StreamsApp.start(config, topics);
        assertThat(app.profile()).as("nothing to catch up on").isEqualTo(Profile.LIVE);
        sendDoses(broker, doses, serdes, 0, 200);
        awaitCommitted(broker, config.applicationId(), doses, 200);
        assertThat(app.profileSwitches()).as("200 records behind at most: below the upper mark").isZero();

        // A burst the instance cannot work off between two checks of its lag (250 ms apart): a quiet
        // machine's live instance counts a few thousand doses in less than that, so a smaller burst
        // may never be seen more than 400 records behind.
        sendDoses(broker, doses, serdes, 200, 200 + BURST);
        await().atMost(Duration.ofSeconds(90)).until(() -> app.profileSwitches() >= 1);
        awaitCommitted(broker, config.applicationId(), doses, 200 + BURST);
        await().atMost(Duration.ofSeconds(90)).until(() -> app.profile() == Profile.LIVE && app.state() == KafkaStreams.State.RUNNING);
        assertThat(app.profileSwitches()).as("live -> bulk for the burst, bulk -> live after it").isEqualTo(2);
    }

    private static void sendDoses(KafkaBroker broker, String topic, PulseSerdes serdes, int from, int to) {
        Instant start = Instant.parse("2021-08-01T01:00:00Z");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, DoseAdministered> producer = new KafkaProducer<>(p, new StringSerializer(),
                serdes.<DoseAdministered>specific().serializer())) {
            for (int i = from; i < to; i++) {
                String district = Districts.ALL.get(i % Districts.ALL.size()).code();
                Instant at = start.plusSeconds(i * 60L);
                DoseAdministered dose = DoseAdministered.newBuilder()
                        .setEventId("profile-it-dose-" + i).setAdministeredAt(at).setReportedAt(at.plusSeconds(600))
                        .setSiteId("site-" + district + "-1").setDistrictCode(district).setAgeGroup("18+")
                        .setDoseKind(DoseKind.FIRST).setVaccineProduct("Pfizer-BioNTech")
                        .build();
                producer.send(new ProducerRecord<>(topic, dose.getEventId(), dose));
            }
            producer.flush();
        }
    }

    /** Every record of {@code topic} ({@code expected} in all) committed by the group. */
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
}
