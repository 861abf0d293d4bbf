package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.pulse.cli.LocalRunHttp.localKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.topics.Topics;
import vn.pulse.platform.LocalKafka;

/**
 * End to end through the local run: events of all five kinds posted to the ingest gateway (with the
 * keys the run created) are counted by the Streams app and served by the API exactly once, also
 * after the same events are posted again.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("integration")
class IngestEndToEndIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void postedEventsCountOnceInTheApiAlsoWhenPostedAgain() throws Exception {
        int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
        try (LocalRun run = LocalRun.start(new LocalRunOptions(dataDir, false, "127.0.0.1", ports[0], ports[1], 0, 0, 0, "none", 1, 0))) {
            Map<String, String> keys = localKeys(run.ingestKeysFile());
            assertThat(keys).containsKeys("customs", "site", "health");
            assertThat(Files.readString(dataDir.resolve("ingest-keys.properties"))).doesNotContain(keys.get("site"));

            String doses = "[" + dose("e2e-d1", "178") + "," + dose("e2e-d2", "178") + "," + dose("e2e-d3", "180") + "]";
            String allocation = """
                    {"allocationId":"e2e-a1","districtCode":"178","vaccineProduct":"Pfizer","doses":1200,"deliveredOn":"2021-12-20"}""";
            String screenings = "[" + screening("e2e-s1", 40, 12, 1) + "," + screening("e2e-s2", 25, 5, 0) + "]";
            String correction = """
                    {"correctionId":"e2e-c1","doseEventId":"e2e-d3","districtCode":"180","reason":"entered at the wrong site"}""";
            String crossings = "[" + crossing("e2e-g1", "v-1", "24.5", "18000.50") + "," + crossing("e2e-g2", "v-2", "12", "9500") + "]";
            LocalRunHttp.awaitIngestReady(run);
            for (int round = 1; round <= 2; round++) {
                assertThat(post(run, "vaccination-doses", keys.get("site"), doses).statusCode()).isEqualTo(202);
                assertThat(post(run, "vaccine-allocations", keys.get("health"), allocation).statusCode()).isEqualTo(202);
                assertThat(post(run, "checkpoint-screenings", keys.get("customs"), screenings).statusCode()).isEqualTo(202);
                assertThat(post(run, "dose-corrections", keys.get("site"), correction).statusCode()).isEqualTo(202);
                assertThat(post(run, "gate-events", keys.get("customs"), crossings).statusCode()).isEqualTo(202);
                awaitStreamsCaughtUp(run.kafkaBootstrapServers());
                // The aggregates are committed with the input offsets; the API then shows them, and nothing more.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertTotals(run));
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTotals(run));
            }
        }
    }

    private static void assertTotals(LocalRun run) throws Exception {
        JsonNode summary = JSON.readTree(get(run.apiUrl() + "/api/v1/vaccination/summary").body());
        // Three doses, one of them retracted.
        assertThat(summary.get("dosesAdministered").asLong()).isEqualTo(2);
        assertThat(summary.get("dosesAllocated").asLong()).isEqualTo(1200);
        JsonNode day = JSON.readTree(get(run.apiUrl() + "/api/v1/border/gates/HUU_NGHI/screenings?from=2021-12-24&to=2021-12-24")
                .body()).get("days").get(0);
        assertThat(day.get("reports").asLong()).isEqualTo(2);
        assertThat(day.get("peopleScreened").asLong()).isEqualTo(65);
        JsonNode trade = JSON.readTree(get(run.apiUrl() + "/api/v1/border/gates/HUU_NGHI/trade?granularity=day&from=2021-12-24&to=2021-12-24")
                .body()).get("periods").get(0);
        assertThat(trade.get("vehicles").asLong()).isEqualTo(2);
        assertThat(trade.get("tradeValueUsd").decimalValue()).isEqualByComparingTo("27500.50");
    }

    /** Waits until the Streams app has committed every raw record written so far. */
    private static void awaitStreamsCaughtUp(String bootstrap) {
        List<String> raw = List.of(Topics.VACCINATION_DOSES.name(), Topics.VACCINE_ALLOCATIONS.name(), Topics.CHECKPOINT_SCREENINGS.name(),
                Topics.DOSE_CORRECTIONS.name(), Topics.GATE_EVENTS.name());
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets("pulse-streams").partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (String topic : raw) {
                    for (int p = 0; p < Topics.VACCINATION_DOSES.partitions(); p++) {
                        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                    }
                }
                admin.listOffsets(latest).all().get().forEach((tp, end) -> {
                    long done = committed.containsKey(tp) ? committed.get(tp).offset() : 0;
                    assertThat(done).as("committed offset of %s", tp).isGreaterThanOrEqualTo(end.offset());
                });
            });
        }
    }

    private static String dose(String id, String district) {
        return """
                {"eventId":"%s","administeredAt":"2021-12-24T09:15:00+07:00","siteId":"TTYT-%s","districtCode":"%s",\
                "ageGroup":"18+","doseKind":"FIRST","vaccineProduct":"AstraZeneca"}""".formatted(id, district, district);
    }

    private static String screening(String id, int people, int tested, int positive) {
        return """
                {"eventId":"%s","gateCode":"HUU_NGHI","occurredAt":"2021-12-24T08:00:00+07:00","peopleScreened":%d,"tested":%d,"positive":%d}"""
                .formatted(id, people, tested, positive);
    }

    private static String crossing(String id, String vehicle, String tons, String usd) {
        return """
                {"eventId":"%s","gateCode":"HUU_NGHI","occurredAt":"2021-12-24T09:00:00+07:00","kind":"CROSSED","direction":"EXPORT",\
                "vehicleRef":"%s","vehicleType":"TRUCK","cargoCategory":"AGRICULTURAL_PRODUCE","tons":"%s","declaredValueUsd":"%s"}"""
                .formatted(id, vehicle, tons, usd);
    }

    private static HttpResponse<String> post(LocalRun run, String kind, String key, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(run.ingestUrl() + "/ingest/v1/" + kind))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
