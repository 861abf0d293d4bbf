package vn.pulse.api.vaccination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.scenario.vaccination.VaccinationReferenceData;
import vn.pulse.producer.scenario.vaccination.VaccinationScenario;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.streams.vaccination.VaccinationTopology;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * A second replay of the whole Lạng Sơn 2021 vaccination scenario on kept data (what a second
 * {@code ./pulse run --feed=langson-2021} does) changes no figure: every dose, correction and
 * allocation is re-sent, whatever its date, and none counts twice.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ScenarioReplayedTwiceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    @Test
    void aSecondReplayOfTheScenarioChangesNoFigure(KafkaBroker broker) throws Exception {
        VaccinationTopology.Topics topics = new VaccinationTopology.Topics(
                unique(broker, Topics.VACCINATION_DOSES), unique(broker, Topics.DOSE_CORRECTIONS),
                unique(broker, Topics.VACCINE_ALLOCATIONS), unique(broker, Topics.POPULATION),
                unique(broker, Topics.VACCINATION_COVERAGE), unique(broker, Topics.DAILY_DOSES),
                unique(broker, Topics.ALLOCATION_TOTALS), unique(broker, Topics.DEAD_LETTERS));
        String districtsTopic = unique(broker, Topics.DISTRICTS);
        String applicationId = broker.uniqueName("scenario-replayed-twice-it");

        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
             KafkaStreams streams = new KafkaStreams(
                     VaccinationTopology.build(topics, PulseSerdes.forRegistry(registry.url()), VaccinationTopology.Options.defaults()),
                     streamsProperties(broker, registry.url(), applicationId, topics.deadLetters()));
             ApiServer api = ApiServer.start(new ApiConfig(broker.bootstrapServers(), registry.url(), "127.0.0.1", 0),
                     List.of(new VaccinationApi(broker.bootstrapServers(),
                             new VaccinationApi.Topics(topics.coverage(), topics.dailyDoses(), topics.allocationTotals()),
                             new VaccinationApi.Deserializers(ApiServer.deserializer(registry.url()),
                                     ApiServer.deserializer(registry.url()), ApiServer.deserializer(registry.url())))))) {
            streams.start();
            VaccinationReferenceData.publish(broker.bootstrapServers(), registry.url(), topics.population(), districtsTopic);
            String summary = "http://127.0.0.1:" + api.port() + "/api/v1/vaccination/summary";
            List<String> inputs = List.of(topics.doses(), topics.corrections(), topics.allocations());

            replay(broker, registry.url(), topics);
            awaitProcessed(broker, applicationId, inputs);
            JsonNode first = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> get(summary), s -> s.get("dosesAdministered").asLong() == 1_155_156
                            && s.get("dosesAllocated").asLong() == 1_182_158);

            replay(broker, registry.url(), topics);
            awaitProcessed(broker, applicationId, inputs);
            // The API applies what Streams committed within a second or two.
            Thread.sleep(5_000);
            JsonNode second = get(summary);
            System.out.printf("After the first replay: %s%nAfter the second: %s%n", first, second);
            assertThat(second.get("dosesAdministered").asLong()).isEqualTo(1_155_156);
            assertThat(second.get("dosesAllocated").asLong()).isEqualTo(1_182_158);
            assertThat(second.get("dosesUsedPct").decimalValue()).isEqualByComparingTo("97.71");
            assertThat(second.get("boosterDoses").asLong()).isEqualTo(55_544);
        }
    }

    private static void replay(KafkaBroker broker, String registryUrl, VaccinationTopology.Topics topics) throws Exception {
        FeedContext context = new FeedContext(broker.bootstrapServers(), registryUrl, Clock.systemUTC(), 2021);
        try (Feed replay = VaccinationScenario.feed(context, new VaccinationScenario.ScenarioTopics(
                topics.doses(), topics.corrections(), topics.allocations()))) {
            replay.start();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(replay::finished);
        }
    }

    /** Until the Streams app committed every input record written so far. */
    private static void awaitProcessed(KafkaBroker broker, String group, List<String> topics) {
        try (Admin admin = broker.admin()) {
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
                    description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()),
                            OffsetSpec.latest()));
                }
                var ends = admin.listOffsets(latest).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
            });
        }
    }

    private Properties streamsProperties(KafkaBroker broker, String registryUrl, String applicationId, String deadLetters) {
        Properties p = StreamsApp.streamsProperties(new StreamsAppConfig(broker.bootstrapServers(), registryUrl, applicationId,
                stateDir.resolve("streams"), Duration.ofSeconds(1), 1, "127.0.0.1", 0));
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetters);
        return p;
    }

    private static String unique(KafkaBroker broker, TopicSpec spec) {
        return broker.createUnique(spec).name();
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
