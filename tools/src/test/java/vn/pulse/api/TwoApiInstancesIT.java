package vn.pulse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.VehicleType;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.VaccineAllocation;
import vn.pulse.schemas.reference.Gate;
import vn.pulse.schemas.reference.GateKind;
import vn.pulse.schemas.reference.Population;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * Two API instances on the same aggregate topics, written by the real exactly-once topology from a
 * small deterministic input: both give the same answers; both keep answering (and stay ready)
 * while the Streams app is stopped; input sent meanwhile shows in both once Streams is back.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class TwoApiInstancesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The answers compared between the instances. */
    private static final List<String> PATHS = List.of("/api/v1/vaccination/summary", "/api/v1/vaccination/districts",
            "/api/v1/vaccination/districts/178", "/api/v1/border/summary", "/api/v1/border/gates",
            "/api/v1/border/gates/HUU_NGHI");

    /** Doses of the one allocation in the reference data. */
    private static final long ALLOCATED = 500;

    @TempDir
    Path stateDir;

    private KafkaBroker broker;
    private TopicNames topics;
    private String applicationId;
    private long started;

    @Test
    void bothInstancesAnswerTheSameAndKeepAnsweringWhileStreamsIsDown(KafkaBroker kafka) throws Exception {
        this.broker = kafka;
        started = System.nanoTime();
        createTopics();
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
             KafkaProducer<String, SpecificRecord> producer =
                     ProducerFactory.avroProducer(broker.bootstrapServers(), registry.url(), "two-api-instances-it")) {
            send(producer, referenceData());
            send(producer, doses(0, 20, LocalDate.of(2021, 9, 1)));
            send(producer, crossings(0, 5, Instant.parse("2021-12-01T01:00:00Z")));

            StreamsApp streams = startStreams(registry.url());
            try (ApiServer a = startApi(registry.url()); ApiServer b = startApi(registry.url())) {
                // Both converge on the first batch, and then answer alike.
                awaitSameAnswers(a, b, 20, 5, false);
                phase("both instances answer the first batch alike");

                // Streams stops: its last commit may still update an answer (a gate's figures are sent at the
                // commit); once both instances have read everything, they keep answering 200 with the same
                // figures, and stay ready.
                stop(streams);
                phase("Streams stopped");
                Map<String, JsonNode> first = awaitSameAnswers(a, b, 20, 5, true);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < until) {
                    assertThat(answers(a)).isEqualTo(first);
                    assertThat(answers(b)).isEqualTo(first);
                    assertThat(status(a, "/health/ready")).isEqualTo(200);
                    assertThat(status(b, "/health/ready")).isEqualTo(200);
                    Thread.sleep(250);
                }

                // Input keeps arriving while Streams is down; nothing moves until it is back.
                send(producer, doses(20, 10, LocalDate.of(2021, 9, 2)));
                send(producer, crossings(5, 3, Instant.parse("2021-12-01T03:00:00Z")));
                assertThat(answers(a)).isEqualTo(first);

                phase("both kept answering alike and ready while Streams was down");
                streams = startStreams(registry.url());
                Map<String, JsonNode> second = awaitSameAnswers(a, b, 30, 8, false);
                phase("Streams restarted; both instances answer the second batch alike");
                assertThat(second).isNotEqualTo(first);
                assertThat(status(a, "/health/ready")).isEqualTo(200);
                assertThat(status(b, "/health/ready")).isEqualTo(200);
            } finally {
                stop(streams);
            }
        }
    }

    /** Stops the Streams app; it leaves the group, so that its restart is not kept waiting. */
    private static void stop(StreamsApp streams) {
        streams.close();
    }

    private void phase(String what) {
        System.out.printf("TwoApiInstancesIT: %s after %.1f s%n", what, (System.nanoTime() - started) / 1e9);
    }

    /** Waits until both instances show the expected totals, then until their answers are the same. */
    /** Both instances' answers once they show these figures and agree; with {@code caughtUp}, also read to the end. */
    private static Map<String, JsonNode> awaitSameAnswers(ApiServer a, ApiServer b, long doses, long vehicles, boolean caughtUp) {
        Map<String, JsonNode> same = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            Map<String, JsonNode> fromA = answers(a, caughtUp);
            Map<String, JsonNode> fromB = answers(b, caughtUp);
            assertThat(fromA.get("/api/v1/vaccination/summary").get("dosesAdministered").asLong()).isEqualTo(doses);
            // The allocation of the reference data travels its own path through Streams: wait for it too.
            assertThat(fromA.get("/api/v1/vaccination/summary").get("dosesAllocated").asLong()).isEqualTo(ALLOCATED);
            assertThat(fromA.get("/api/v1/border/gates/HUU_NGHI").get("gate").get("tradeThisYear").get("vehicles").asLong())
                    .isEqualTo(vehicles);
            assertThat(fromB).isEqualTo(fromA);
            same.clear();
            same.putAll(fromA);
        });
        return same;
    }

    /** Every compared answer of one instance, without its freshness ({@code lag} differs by instance). */
    private static Map<String, JsonNode> answers(ApiServer api) throws Exception {
        return answers(api, false);
    }

    /** As {@link #answers(ApiServer)}; with {@code caughtUp}, each answer must say its reader has nothing left to read. */
    private static Map<String, JsonNode> answers(ApiServer api, boolean caughtUp) throws Exception {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (String path : PATHS) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
            ObjectNode body = (ObjectNode) JSON.readTree(response.body());
            JsonNode lag = body.remove("lag");
            assertThat(lag).as("lag of " + path).isNotNull();
            if (caughtUp) {
                assertThat(lag.path("records").asLong(-1)).as("records left to read for " + path).isZero();
            }
            answers.put(path, body);
        }
        return answers;
    }

    private static int status(ApiServer api, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    // ---- the pipeline

    /** Every topic under a unique name, with one partition: a handful of records need no more than one task per step. */
    private void createTopics() {
        topics = TopicNames.renamed(spec -> broker.uniqueName(spec.name()));
        broker.create(topics.specs().stream().map(s -> new TopicSpec(s.name(), 1, s.role(), s.retention())).toList());
        applicationId = broker.uniqueName("two-api-instances-it");
    }

    /** The Streams app as production runs it (its topology, properties and dead-letter handling) on this test's topics. */
    private StreamsApp startStreams(String registryUrl) {
        return StreamsApp.start(new StreamsAppConfig(broker.bootstrapServers(), registryUrl, applicationId, stateDir,
                Duration.ofMillis(100), 1, "127.0.0.1", 0), topics);
    }

    private ApiServer startApi(String registryUrl) {
        ApiConfig config = new ApiConfig(broker.bootstrapServers(), registryUrl, "127.0.0.1", 0);
        return ApiServer.start(config, ApiServer.modules(config, topics));
    }

    // ---- input

    private static void send(KafkaProducer<String, SpecificRecord> producer, List<ProducerRecord<String, SpecificRecord>> records)
            throws Exception {
        List<Future<?>> acks = new ArrayList<>();
        records.forEach(r -> acks.add(producer.send(r)));
        for (Future<?> ack : acks) {
            ack.get();
        }
    }

    private List<ProducerRecord<String, SpecificRecord>> referenceData() {
        return List.of(
                new ProducerRecord<>(topics.name(Topics.POPULATION), "178|18+", Population.newBuilder().setDistrictCode("178")
                        .setAgeGroup("18+").setYear(2021).setPopulation(1_000).build()),
                new ProducerRecord<>(topics.name(Topics.VACCINE_ALLOCATIONS), "alloc-1", VaccineAllocation.newBuilder().setAllocationId("alloc-1")
                        .setDistrictCode("178").setVaccineProduct("AstraZeneca").setDoses(ALLOCATED)
                        .setDeliveredOn(LocalDate.of(2021, 8, 30)).build()),
                new ProducerRecord<>(topics.name(Topics.GATES), "HUU_NGHI", Gate.newBuilder().setCode("HUU_NGHI").setName("Cửa khẩu quốc tế Hữu Nghị")
                        .setKind(GateKind.INTERNATIONAL_ROAD).setDistrictCode("183").setOpen(true).build()));
    }

    /** {@code count} first doses in district 178 (adults) on {@code day}, one a minute from 08:00 local. */
    private List<ProducerRecord<String, SpecificRecord>> doses(int first, int count, LocalDate day) {
        List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
        Instant start = day.atTime(1, 0).toInstant(java.time.ZoneOffset.UTC);
        for (int i = first; i < first + count; i++) {
            Instant at = start.plusSeconds(60L * (i - first));
            String id = "dose-" + i;
            records.add(new ProducerRecord<>(topics.name(Topics.VACCINATION_DOSES), id, DoseAdministered.newBuilder().setEventId(id)
                    .setAdministeredAt(at).setReportedAt(at.plusSeconds(30)).setSiteId("site-178-1").setDistrictCode("178")
                    .setAgeGroup("18+").setDoseKind(DoseKind.FIRST).setVaccineProduct("AstraZeneca").setPersonRef(String.format("%064x", i)).build()));
        }
        return records;
    }

    /** {@code count} export trucks that arrive at Hữu Nghị from {@code start}, one a minute, and cross 30 minutes later. */
    private List<ProducerRecord<String, SpecificRecord>> crossings(int first, int count, Instant start) {
        List<ProducerRecord<String, SpecificRecord>> arrivals = new ArrayList<>();
        List<ProducerRecord<String, SpecificRecord>> crossed = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            Instant arrived = start.plusSeconds(60L * (i - first));
            arrivals.add(gateEvent("arr-" + i, "truck-" + i, GateEventKind.ARRIVED, arrived));
            crossed.add(gateEvent("crs-" + i, "truck-" + i, GateEventKind.CROSSED, arrived.plusSeconds(1800)));
        }
        arrivals.addAll(crossed);
        return arrivals;
    }

    private ProducerRecord<String, SpecificRecord> gateEvent(String id, String vehicle, GateEventKind kind, Instant at) {
        return new ProducerRecord<>(topics.name(Topics.GATE_EVENTS), "HUU_NGHI", GateEvent.newBuilder().setEventId(id).setGateCode("HUU_NGHI")
                .setOccurredAt(at).setKind(kind).setDirection(TradeDirection.EXPORT).setVehicleRef(vehicle)
                .setVehicleType(VehicleType.CONTAINER_TRUCK).setCargoCategory(CargoCategory.AGRICULTURAL_PRODUCE)
                .setTons(new BigDecimal("20.500")).setDeclaredValueUsd(new BigDecimal("31000.00")).build());
    }
}
