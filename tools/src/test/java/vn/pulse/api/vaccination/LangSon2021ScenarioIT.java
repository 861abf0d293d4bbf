package vn.pulse.api.vaccination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.scenario.vaccination.LangSon2021;
import vn.pulse.producer.scenario.vaccination.VaccinationReferenceData;
import vn.pulse.producer.scenario.vaccination.VaccinationScenario;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.schemas.reference.Population;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * The whole Lạng Sơn 2021 scenario, end to end on the real broker: the replay (with its duplicates,
 * late reports and corrections) through the exactly-once topology into the aggregate topics, read by
 * the API; every figure of the report is asserted through HTTP. Then a population update moves the
 * coverage the API answers.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 660, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class LangSon2021ScenarioIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    @Test
    void theReplayedScenarioGivesEveryFigureOfTheReportThroughTheApi(KafkaBroker broker) throws Exception {
        TopicNames topics = broker.createUniqueTopics();
        String applicationId = broker.uniqueName("vaccination-scenario-it");
        long started = System.nanoTime();

        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
             // The Streams app as production runs it (its properties, its dead-letter handling), on this test's topics;
             // under exactly-once most of a commit is waiting for the transaction: commit once a second for a bulk replay.
             StreamsApp streams = StreamsApp.start(new StreamsAppConfig(broker.bootstrapServers(), registry.url(),
                     applicationId, stateDir.resolve("streams"), Duration.ofSeconds(1), 1, "127.0.0.1", 0),
                     topics);
             ApiServer api = ApiServer.start(new ApiConfig(broker.bootstrapServers(), registry.url(), "127.0.0.1", 0),
                     List.of(new VaccinationApi(broker.bootstrapServers(),
                             topics,
                             new VaccinationApi.Deserializers(ApiServer.deserializer(registry.url()),
                                     ApiServer.deserializer(registry.url()), ApiServer.deserializer(registry.url())))))) {
            assertThat(VaccinationReferenceData.publish(broker.bootstrapServers(), registry.url(), topics.name(Topics.POPULATION),
                    topics.name(Topics.DISTRICTS)))
                    .isEqualTo(33);
            FeedContext context = new FeedContext(broker.bootstrapServers(), registry.url(), Clock.systemUTC(), 2021);
            try (Feed replay = VaccinationScenario.feed(context, topics)) {
                replay.start();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(replay::finished);
                System.out.printf("Replay: %d records in %.1f s%n", replay.eventsWritten(), seconds(started));
            }
            String base = "http://127.0.0.1:" + api.port() + "/api/v1/vaccination";

            JsonNode summary = awaitSummary(base, s -> assertThat(s.get("dosesAdministered").asLong()).isEqualTo(1_155_156));
            System.out.printf("Figures reached through the API after %.1f s: %s%n", seconds(started), summary);
            assertThat(summary.get("dosesAdministered").isIntegralNumber()).isTrue();
            assertThat(summary.get("dosesAllocated").asLong()).isEqualTo(1_182_158);
            assertThat(summary.get("dosesUsedPct").decimalValue()).isEqualByComparingTo("97.71");
            assertThat(summary.get("boosterDoses").asLong()).isEqualTo(55_544);
            JsonNode adults = summary.get("coverage").get("18+");
            assertThat(adults.get("atLeastOneDosePct").decimalValue()).isEqualByComparingTo("98.06");
            assertThat(adults.get("twoDosesPct").decimalValue()).isEqualByComparingTo("94.34");
            assertThat(adults.get("boosters").asLong()).isEqualTo(55_544);
            assertThat(adults.get("population").asLong()).isEqualTo(LangSon2021.ADULTS);
            JsonNode adolescents = summary.get("coverage").get("12-17");
            assertThat(adolescents.get("atLeastOneDosePct").decimalValue()).isEqualByComparingTo("100");
            assertThat(adolescents.get("twoDosesPct").decimalValue()).isEqualByComparingTo("95.48");
            assertThat(adolescents.get("boosters").asLong()).isZero();
            assertThat(summary.get("asOf").asText()).startsWith("2022-01-09");

            // Per district: the 11 units add up to the province (the province's own stock aside).
            JsonNode districts = get(base + "/districts").get("districts");
            assertThat(districts).hasSize(11);
            long districtDoses = 0;
            long districtAllocated = 0;
            for (JsonNode d : districts) {
                districtDoses += d.get("dosesAdministered").asLong();
                districtAllocated += d.get("dosesAllocated").asLong();
            }
            assertThat(districtDoses).isEqualTo(1_155_156);
            assertThat(districtAllocated).isEqualTo(1_182_158 - LangSon2021.PROVINCE_STOCK);
            JsonNode huuLung = get(base + "/districts/186");
            System.out.println("SAMPLE " + huuLung);
            System.out.println("SAMPLE " + get(base + "/daily?from=2021-09-14&to=2021-09-15&district=178"));
            assertThat(huuLung.get("name").asText()).isEqualTo("Huyện Hữu Lũng");
            assertThat(huuLung.get("coverage").get("12-17").get("atLeastOneDosePct").decimalValue()).isEqualByComparingTo("100");
            assertThat(status(base + "/districts/999")).isEqualTo(404);

            // Daily doses over the whole campaign add up to the total; the 7-day average is the mean of a week.
            long daily = 0;
            for (JsonNode day : get(base + "/daily?from=2021-03-01&to=2022-01-15").get("days")) {
                daily += day.get("doses").asLong();
            }
            assertThat(daily).isEqualTo(1_155_156);
            JsonNode week = get(base + "/daily?from=2021-09-14&to=2021-09-20&district=178").get("days");
            long weekDoses = 0;
            for (JsonNode day : week) {
                weekDoses += day.get("doses").asLong();
            }
            assertThat(week.get(6).get("sevenDayAverage").decimalValue())
                    .isEqualByComparingTo(BigDecimal.valueOf(weekDoses).divide(BigDecimal.valueOf(7), 2, RoundingMode.HALF_UP));

            // As of the report's day, the figures are the report's; as of any day, the sum of the daily doses up to it.
            JsonNode[] read = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                read[0] = get(base + "/summary?asOf=2022-01-09");
                assertThat(read[0].get("dosesAdministered").asLong()).as("the daily doses read up to the coverage").isEqualTo(1_155_156);
            });
            JsonNode reportDay = read[0];
            for (String figure : List.of("asOf", "dosesAdministered", "dosesAllocated", "dosesUsedPct", "boosterDoses", "coverage")) {
                assertThat(reportDay.get(figure)).as("%s as of 2022-01-09", figure).isEqualTo(summary.get(figure));
            }
            assertThat(get(base + "/districts?asOf=2022-01-09").get("districts")).isEqualTo(districts);
            JsonNode october = get(base + "/summary?asOf=2021-10-01");
            long doses = 0;
            long firstDoses = 0;
            long boosters = 0;
            for (JsonNode day : get(base + "/daily?from=2021-01-01&to=2021-10-01").get("days")) {
                doses += day.get("doses").asLong();
                firstDoses += day.get("firstDoses").asLong();
                boosters += day.get("boosterDoses").asLong();
            }
            System.out.println("SAMPLE as of 2021-10-01: " + october);
            assertThat(october.get("dosesAdministered").asLong()).isEqualTo(doses).isPositive().isLessThan(1_155_156);
            assertThat(october.get("boosterDoses").asLong()).isEqualTo(boosters);
            assertThat(october.get("coverage").get("18+").get("atLeastOneDose").asLong()
                    + october.get("coverage").get("12-17").get("atLeastOneDose").asLong()).isEqualTo(firstDoses);
            assertThat(october.get("asOf").asText()).startsWith("2021-10-01");
            assertThat(october.get("dosesAllocated").isNull()).as("deliveries followed in October: the total then is unknown").isTrue();
            long octoberDistricts = 0;
            for (JsonNode d : get(base + "/districts?asOf=2021-10-01").get("districts")) {
                octoberDistricts += d.get("dosesAdministered").asLong();
            }
            assertThat(octoberDistricts).isEqualTo(doses);

            // A new population estimate is joined in and the API's coverage moves with it.
            long dinhLapAdults = LangSon2021.cohorts().stream()
                    .filter(c -> c.districtCode().equals("189") && c.ageGroup().equals("18+")).findFirst().orElseThrow().population();
            try (KafkaProducer<String, SpecificRecord> producer =
                         ProducerFactory.avroProducer(broker.bootstrapServers(), registry.url(), "scenario-it-population")) {
                producer.send(new ProducerRecord<>(topics.name(Topics.POPULATION), "189|18+", Population.newBuilder().setDistrictCode("189")
                        .setAgeGroup("18+").setYear(2022).setPopulation(dinhLapAdults + 10_000).build())).get();
            }
            awaitSummary(base, s -> assertThat(s.get("coverage").get("18+").get("population").asLong())
                    .isEqualTo(LangSon2021.ADULTS + 10_000));

            // The same scenario replayed again on the kept data (a second run, a feed re-sent): no id counts twice,
            // whatever its date (an allocation delivered months before the newest one included).
            try (Feed again = VaccinationScenario.feed(context, topics)) {
                again.start();
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(again::finished);
            }
            awaitProcessed(broker, applicationId, List.of(topics.name(Topics.VACCINATION_DOSES), topics.name(Topics.DOSE_CORRECTIONS),
                    topics.name(Topics.VACCINE_ALLOCATIONS)));
            Thread.sleep(3_000); // the API applies what Streams committed within a second or two
            JsonNode again = get(base + "/summary");
            assertThat(again.get("dosesAdministered").asLong()).isEqualTo(1_155_156);
            assertThat(again.get("dosesAllocated").asLong()).isEqualTo(1_182_158);
            assertThat(again.get("dosesUsedPct").decimalValue()).isEqualByComparingTo("97.71");
            assertThat(again.get("boosterDoses").asLong()).isEqualTo(55_544);
            System.out.printf("Scenario IT done after %.1f s%n", seconds(started));
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Until the Streams app committed every input record written so far. */
    private static void awaitProcessed(KafkaBroker broker, String group, List<String> inputs) {
        try (Admin admin = broker.admin()) {
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (var description : admin.describeTopics(inputs).allTopicNames().get().values()) {
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

    private static JsonNode awaitSummary(String base, ThrowingConsumer<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        // A time budget, not a target: the 1.17 M records take 2 min on a quiet 2-core machine and
        // over 3.5 min when other builds load it (seen at load average 40).
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            last[0] = get(base + "/summary");
            condition.accept(last[0]);
        });
        return last[0];
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int status(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
