package vn.pulse.producer.scenario.border;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.api.border.BorderApi;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.http.HttpTls;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.streams.border.AlertThresholds;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * The Lạng Sơn 2021 border scenario end to end on a real broker: the replay through the registry into
 * the exactly-once border topology, read back through the HTTP API. The year's figures are the
 * report's whatever the volume, so the replay runs at a fraction of the real traffic to stay within
 * budget (-Dborder.scenario.scale=1 replays the full 1.37 million gate events).
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class BorderScenarioIT {

    private static final Logger LOG = LoggerFactory.getLogger(BorderScenarioIT.class);
    private static final double SCALE = Double.parseDouble(System.getProperty("border.scenario.scale", "0.1"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Decimals stay decimals: money is compared as the API wrote it. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    @TempDir
    Path stateDir;

    @Test
    void replaysTheYearAndTheApiShowsTheReportsTradeAgainstPlanAndTheDecemberCongestion(KafkaBroker broker) throws Exception {
        // The registry's own topic, created (and visible) before the registry reads it.
        TopicNames topics = broker.createUniqueTopics();
        // Backlog marks scale with the traffic; waiting times do not.
        BorderConfig config = BorderConfig.defaults()
                .withThresholds("HUU_NGHI", scaled(BorderConfig.defaults().thresholdsFor("HUU_NGHI")))
                .withThresholds("TAN_THANH", scaled(BorderConfig.defaults().thresholdsFor("TAN_THANH")));

        long started = System.nanoTime();
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig
                     .forKafka(broker.bootstrapServers()).withPort(0).withTopic(topics.name(Topics.SCHEMAS)));
             // The Streams app as production runs it (its topology, properties, dead-letter handling), on this test's topics.
             StreamsApp streams = StreamsApp.start(new StreamsAppConfig(broker.bootstrapServers(), registry.url(),
                     broker.uniqueName("border-scenario-it"), stateDir, Duration.ofMillis(100), 1, "127.0.0.1", 0,
                     ClientProperties.NONE, HttpTls.NONE, config), topics);
             ApiServer api = ApiServer.start(new ApiConfig(broker.bootstrapServers(), registry.url(), "127.0.0.1", 0),
                     BorderApi.modules(broker.bootstrapServers(), registry.url(), topics));
             Feed feed = BorderScenario.feed(new FeedContext(broker.bootstrapServers(), registry.url(), Clock.systemUTC(), 2021),
                     topics,
                     BorderScenario.Options.defaults().withScale(SCALE))) {
            feed.start();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(feed::finished);
            LOG.info("Replayed {} records at scale {} in {} s", feed.eventsWritten(), SCALE, seconds(started));
            String base = "http://127.0.0.1:" + api.port() + "/api/v1";

            JsonNode summary = awaitJson(base + "/border/summary?year=2021",
                    s -> s.get("tradeValueUsd").decimalValue().compareTo(new BigDecimal("4380000000.00")) == 0);
            LOG.info("Figures complete {} s after the start: {}", seconds(started), summary);
            assertThat(summary.get("tradeValueUsd").toString()).isEqualTo("4380000000.00");
            assertThat(summary.get("exportValueUsd").toString()).isEqualTo("1650000000.00");
            assertThat(summary.get("importValueUsd").toString()).isEqualTo("2730000000.00");
            assertThat(summary.get("planValueUsd").toString()).isEqualTo("3080100000.00");
            assertThat(summary.get("planPct").toString()).isEqualTo("142.20");
            assertThat(summary.get("previousYearValueUsd").toString()).isEqualTo("2811300000.00");
            assertThat(summary.get("growthPct").toString()).isEqualTo("55.80");

            // As of the report's day (and of the year's last), the year's figures are the report's.
            for (String day : List.of("2021-12-31", "2022-01-09")) {
                JsonNode then = awaitJson(base + "/border/summary?year=2021&asOf=" + day,
                        s -> s.get("tradeValueUsd").decimalValue().compareTo(new BigDecimal("4380000000.00")) == 0);
                for (String figure : List.of("tradeValueUsd", "exportValueUsd", "importValueUsd", "planValueUsd", "planPct",
                        "previousYearValueUsd", "growthPct")) {
                    assertThat(then.get(figure).toString()).as("%s as of %s", figure, day).isEqualTo(summary.get(figure).toString());
                }
            }
            // As of 30 June: the gates' months of January to June. As of 31 December: each gate's year, summed from its
            // days, is the sum of its months.
            JsonNode june = json(base + "/border/summary?asOf=2021-06-30");
            BigDecimal halfYear = BigDecimal.ZERO;
            for (JsonNode gate : json(base + "/border/gates?asOf=2021-12-31").get("gates")) {
                String code = gate.get("code").asText();
                BigDecimal year = BigDecimal.ZERO;
                long vehicles = 0;
                for (JsonNode month : json(base + "/border/gates/" + code + "/trade?granularity=month&from=2021-01&to=2021-12").get("periods")) {
                    if (month.get("period").asText().compareTo("2021-06") <= 0) {
                        halfYear = halfYear.add(month.get("tradeValueUsd").decimalValue());
                    }
                    year = year.add(month.get("tradeValueUsd").decimalValue());
                    vehicles += month.get("vehicles").asLong();
                }
                assertThat(gate.get("tradeThisYear").get("tradeValueUsd").decimalValue()).as(code).isEqualByComparingTo(year);
                assertThat(gate.get("tradeThisYear").get("vehicles").asLong()).as(code).isEqualTo(vehicles);
                assertThat(gate.get("backlog").isNull()).as(code).isTrue();
            }
            LOG.info("As of 2021-06-30: {}", june);
            assertThat(june.get("tradeValueUsd").decimalValue()).isEqualByComparingTo(halfYear);
            assertThat(june.get("planValueUsd").toString()).isEqualTo("3080100000.00");

            JsonNode huuNghi = json(base + "/border/gates/HUU_NGHI").get("gate");
            assertThat(huuNghi.get("name").asText()).isEqualTo("Cửa khẩu quốc tế Hữu Nghị");
            assertThat(huuNghi.get("tradeThisYear").get("vehicles").asLong()).isPositive();

            // The December episode raised backlog and wait alerts at Hữu Nghị and Tân Thanh, and cleared them.
            JsonNode cleared = awaitJson(base + "/alerts?active=false", a -> a.get("alerts").size() >= 4).get("alerts");
            cleared.forEach(a -> LOG.info("Alert {} {}..{} peak {}: {}", a.get("id").asText(), a.get("raisedAt").asText(),
                    a.get("clearedAt").asText(), a.get("peakValue").asLong(), a.get("message").asText()));
            for (String gate : List.of("HUU_NGHI", "TAN_THANH")) {
                for (String kind : List.of("BACKLOG", "WAIT_P90")) {
                    assertThat(cleared).as("%s %s cleared", gate, kind).anySatisfy(a -> {
                        assertThat(a.get("gateCode").asText()).isEqualTo(gate);
                        assertThat(a.get("kind").asText()).isEqualTo(kind);
                        assertThat(a.get("raisedAt").asText()).startsWith("2021-12-");
                        assertThat(a.get("clearedAt").asText()).startsWith("2021-12-");
                    });
                }
            }
            assertThat(cleared).as("one backlog and one wait episode at each, nothing else in the year").hasSize(4);
            assertThat(json(base + "/alerts?active=true").get("alerts")).isEmpty();
            // Late events were within the grace, repeats were dropped: nothing was rejected.
            assertThat(recordsIn(broker, topics.name(Topics.DEAD_LETTERS))).isZero();
        }
    }

    /**
     * Backlog marks for a fraction of the traffic. The raise mark keeps half again of margin: at a tenth
     * of the volume a normal day's noise is relatively larger (Tân Thanh reaches 45 once in April).
     */
    private static AlertThresholds scaled(AlertThresholds marks) {
        return new AlertThresholds(Math.round(marks.backlogRaise() * SCALE * 1.5), Math.round(marks.backlogClear() * SCALE),
                marks.waitP90RaiseMinutes(), marks.waitP90ClearMinutes(), marks.minWaitSamples());
    }

    private static long recordsIn(KafkaBroker broker, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static JsonNode awaitJson(String url, Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .conditionEvaluationListener(c -> {
                        if (c.getElapsedTimeInMS() / 500 % 40 == 0) {
                            LOG.info("Waiting for {}: {}", url, last[0]);
                        }
                    })
                    .until(() -> {
                        last[0] = json(url);
                        return done.test(last[0]);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no answer from " + url + " matched in time; the last one: " + last[0], e);
        }
        return last[0];
    }

    private static JsonNode json(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static long seconds(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    }
}
