package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.pulse.producer.ingest.IngestFixtures.CUSTOMS_HUU_NGHI;
import static vn.pulse.producer.ingest.IngestFixtures.HEALTH;
import static vn.pulse.producer.ingest.IngestFixtures.SITE_178;
import static vn.pulse.producer.ingest.IngestFixtures.dose;
import static vn.pulse.producer.ingest.IngestFixtures.gateEvent;
import static vn.pulse.producer.ingest.IngestFixtures.get;
import static vn.pulse.producer.ingest.IngestFixtures.keys;
import static vn.pulse.producer.ingest.IngestFixtures.post;
import static vn.pulse.producer.ingest.IngestFixtures.postBytes;
import static vn.pulse.producer.ingest.IngestFixtures.postJson;
import static vn.pulse.producer.ingest.IngestFixtures.screening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * The gateway over HTTP (port 0) against the real broker: every status it answers, and what each
 * leaves in Kafka.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("integration")
class IngestServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaBroker broker;
    private SchemaRegistryServer registry;
    private TopicNames topics;
    private IngestServer server;
    /** Small limits: 2 KiB bodies, 3 events a request, 3 events per second per key. */
    private IngestServer tight;

    @BeforeAll
    void start(KafkaBroker broker) {
        this.broker = broker;
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
        topics = IngestFixtures.uniqueTopics(broker);
        Clock clock = Clock.fixed(IngestFixtures.NOW, ZoneOffset.UTC);
        server = IngestServer.start(IngestFixtures.config(broker.bootstrapServers(), registry.url(), Map.of()), topics, clock);
        tight = IngestServer.start(IngestFixtures.config(broker.bootstrapServers(), registry.url(), Map.of(
                "ingest.limits.max-body-bytes", "2048", "ingest.limits.max-batch-items", "3",
                "ingest.rate-limit.events-per-second", "1", "ingest.rate-limit.burst", "3")), IngestFixtures.uniqueTopics(broker), clock);
    }

    @AfterAll
    void stop() {
        if (tight != null) {
            tight.close();
        }
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void acceptsOneEventOrABatchWithTheKeysTheTopologyDeduplicatesOn() throws Exception {
        HttpResponse<String> one = postJson(server.port(), IngestKind.CHECKPOINT_SCREENINGS, CUSTOMS_HUU_NGHI,
                screening("scr-1", "HUU_NGHI", 40, 12, 1));
        assertThat(one.statusCode()).as(one.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(one.body());
        assertThat(answer.get("count").asInt()).isEqualTo(1);
        assertThat(answer.get("events").get(0).get("id").asText()).isEqualTo("scr-1");
        assertThat(answer.get("events").get(0).get("written").asBoolean()).isTrue();
        assertThat(answer.get("events").get(0).has("offset")).isTrue();

        HttpResponse<String> batch = postJson(server.port(), IngestKind.VACCINATION_DOSES, SITE_178,
                "[" + dose("dose-1", "178") + "," + dose("dose-2", "178") + "," + dose("dose-3", "178") + "]");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        assertThat(JSON.readTree(batch.body()).get("count").asInt()).isEqualTo(3);

        HttpResponse<String> gate = postJson(server.port(), IngestKind.GATE_EVENTS, CUSTOMS_HUU_NGHI,
                gateEvent("ge-1", "HUU_NGHI", "12.5", "\"18000.50\""));
        assertThat(gate.statusCode()).as(gate.body()).isEqualTo(202);
        HttpResponse<String> allocation = postJson(server.port(), IngestKind.VACCINE_ALLOCATIONS, HEALTH, """
                {"allocationId":"alloc-1","districtCode":"178","vaccineProduct":"Pfizer","doses":1200,"deliveredOn":"2021-12-20"}""");
        assertThat(allocation.statusCode()).as(allocation.body()).isEqualTo(202);
        HttpResponse<String> correction = postJson(server.port(), IngestKind.DOSE_CORRECTIONS, SITE_178, """
                {"correctionId":"corr-1","doseEventId":"dose-2","districtCode":"178","reason":"entered twice"}""");
        assertThat(correction.statusCode()).as(correction.body()).isEqualTo(202);

        // Acknowledged means in Kafka, keyed as the topology expects.
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.CHECKPOINT_SCREENINGS.topic()))).containsExactly("scr-1");
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.VACCINATION_DOSES.topic())))
                .containsExactlyInAnyOrder("dose-1", "dose-2", "dose-3");
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.GATE_EVENTS.topic()))).containsExactly("HUU_NGHI");
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.VACCINE_ALLOCATIONS.topic()))).containsExactly("alloc-1");
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.DOSE_CORRECTIONS.topic()))).containsExactly("dose-2");

        String metrics = get(server.port(), "/metrics").body();
        assertThat(metrics).contains("pulse_ingest_events_total{kind=\"vaccination-doses\",outcome=\"accepted\",service=\"ingest\"} 3.0");
        assertThat(metrics).contains("pulse_ingest_write_seconds_count{service=\"ingest\"}");
        // Reasons this server never meets (the rate limit is tested on 'tight', outages elsewhere) are
        // there at zero: dashboards and alert rules need the series before the first rejection.
        assertThat(metrics).contains("pulse_ingest_rejections_total{kind=\"vaccine-allocations\",reason=\"rate-limit\",service=\"ingest\"} 0.0");
        assertThat(metrics).contains("pulse_ingest_rejections_total{kind=\"gate-events\",reason=\"unavailable\",service=\"ingest\"} 0.0");
        await().atMost(Duration.ofSeconds(20)).until(() -> get(server.port(), "/health/ready").statusCode() == 200);
        assertThat(get(server.port(), "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void listsEveryInvalidFieldWithItsPathAndWritesNothingOfTheBatch() throws Exception {
        String good = gateEvent("ge-good", "HUU_NGHI", "1", "100");
        String bad = """
                {"eventId":"ge-bad","gateCode":"HUU_NGHI","occurredAt":"2021-12-25T08:00:00+07:00","kind":"FLEW","direction":"EXPORT",\
                "vehicleType":"TRUCK","cargoCategory":"SEAFOOD","tons":-1,"declaredValueUsd":"10.123","colour":"red"}""";
        HttpResponse<String> response = postJson(server.port(), IngestKind.GATE_EVENTS, CUSTOMS_HUU_NGHI, "[" + good + "," + bad + "]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asText()).endsWith("/invalid-events");
        List<String> paths = new ArrayList<>();
        problem.get("errors").forEach(e -> paths.add(e.get("path").asText() + " " + e.get("reason").asText()));
        assertThat(paths).hasSize(6).anySatisfy(p -> assertThat(p).startsWith("$[1].occurredAt ").contains("future"))
                .anySatisfy(p -> assertThat(p).startsWith("$[1].kind ").contains("ARRIVED, CROSSED, LEFT"))
                .anySatisfy(p -> assertThat(p).isEqualTo("$[1].vehicleRef required"))
                .anySatisfy(p -> assertThat(p).startsWith("$[1].tons must not be negative"))
                .anySatisfy(p -> assertThat(p).startsWith("$[1].declaredValueUsd at most 2 decimals"))
                .anySatisfy(p -> assertThat(p).isEqualTo("$[1].colour unknown field"));
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.GATE_EVENTS.topic()))).doesNotContain("ge-good");

        HttpResponse<String> unknownCodes = postJson(server.port(), IngestKind.VACCINATION_DOSES, SITE_178,
                dose("d-x", "999").replace("\"18+\"", "\"65+\""));
        assertThat(unknownCodes.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknownCodes.body()).get("errors").toString())
                .contains("\"path\":\"$.districtCode\"").contains("unknown district code '999'")
                .contains("\"path\":\"$.ageGroup\"");

        HttpResponse<String> malformed = postJson(server.port(), IngestKind.GATE_EVENTS, CUSTOMS_HUU_NGHI, "{\"eventId\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).get("type").asText()).endsWith("/malformed-json");

        // The overlong encoding of '/' (C0 AF) in place of two ASCII letters: Jackson alone would read it.
        String text = screening("u-overlong", "HUU_NGHI", 1, 0, 0);
        int at = text.indexOf("ov");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        body[at] = (byte) 0xC0;
        body[at + 1] = (byte) 0xAF;
        HttpResponse<String> illFormed = postBytes(server.port(), IngestKind.CHECKPOINT_SCREENINGS, CUSTOMS_HUU_NGHI, body);
        assertThat(illFormed.statusCode()).isEqualTo(400);
        assertThat(illFormed.body()).contains("ill-formed UTF-8 at byte offset " + at);
    }

    @Test
    void refusesRequestsWithoutAValidKey() throws Exception {
        HttpResponse<String> none = postJson(server.port(), IngestKind.CHECKPOINT_SCREENINGS, null, screening("u-1", "HUU_NGHI", 1, 0, 0));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pulse-ingest\"");
        HttpResponse<String> wrong = postJson(server.port(), IngestKind.CHECKPOINT_SCREENINGS, CUSTOMS_HUU_NGHI + "x",
                screening("u-2", "HUU_NGHI", 1, 0, 0));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.CHECKPOINT_SCREENINGS.topic()))).doesNotContain("u-1", "u-2");
    }

    @Test
    void refusesEventsOutsideTheKeysScope() throws Exception {
        // A customs key cannot report doses at all.
        HttpResponse<String> role = postJson(server.port(), IngestKind.VACCINATION_DOSES, CUSTOMS_HUU_NGHI, dose("s-1", "178"));
        assertThat(role.statusCode()).isEqualTo(403);
        // A Hữu Nghị key cannot report for Tân Thanh; the whole batch is refused.
        HttpResponse<String> gate = postJson(server.port(), IngestKind.CHECKPOINT_SCREENINGS, CUSTOMS_HUU_NGHI,
                "[" + screening("s-2", "HUU_NGHI", 5, 1, 0) + "," + screening("s-3", "TAN_THANH", 5, 1, 0) + "]");
        assertThat(gate.statusCode()).isEqualTo(403);
        JsonNode errors = JSON.readTree(gate.body()).get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("path").asText()).isEqualTo("$[1].gateCode");
        assertThat(errors.get(0).get("reason").asText()).contains("HUU_NGHI").contains("TAN_THANH");
        // A district 178 site key cannot report doses of district 180.
        HttpResponse<String> district = postJson(server.port(), IngestKind.VACCINATION_DOSES, SITE_178, dose("s-4", "180"));
        assertThat(district.statusCode()).isEqualTo(403);
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.CHECKPOINT_SCREENINGS.topic()))).doesNotContain("s-2", "s-3");
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.VACCINATION_DOSES.topic()))).doesNotContain("s-1", "s-4");
        assertThat(get(server.port(), "/metrics").body())
                .contains("pulse_ingest_rejections_total{kind=\"checkpoint-screenings\",reason=\"scope\",service=\"ingest\"} 1.0");
    }

    @Test
    void aCorrectionIsScopedLikeItsDose() throws Exception {
        // A district 178 site key cannot retract a dose of district 181.
        HttpResponse<String> foreign = postJson(server.port(), IngestKind.DOSE_CORRECTIONS, SITE_178, """
                {"correctionId":"corr-181","doseEventId":"dose-181","districtCode":"181","reason":"entered twice"}""");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        JsonNode error = JSON.readTree(foreign.body()).get("errors").get(0);
        assertThat(error.get("path").asText()).isEqualTo("$.districtCode");
        assertThat(error.get("reason").asText()).contains("178").contains("181");
        // A correction that names no district cannot be checked: refused, naming the field.
        HttpResponse<String> unnamed = postJson(server.port(), IngestKind.DOSE_CORRECTIONS, SITE_178, """
                {"correctionId":"corr-none","doseEventId":"dose-178","reason":"entered twice"}""");
        assertThat(unnamed.statusCode()).as(unnamed.body()).isEqualTo(400);
        assertThat(JSON.readTree(unnamed.body()).get("errors").get(0).get("path").asText()).isEqualTo("$.districtCode");
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.DOSE_CORRECTIONS.topic()))).doesNotContain("dose-181", "dose-178");
        assertThat(get(server.port(), "/metrics").body())
                .contains("pulse_ingest_rejections_total{kind=\"dose-corrections\",reason=\"scope\",service=\"ingest\"} 1.0");
    }

    @Test
    void refusesOtherContentTypes() throws Exception {
        HttpResponse<String> text = post(server.port(), IngestKind.CHECKPOINT_SCREENINGS, CUSTOMS_HUU_NGHI, "text/csv",
                "eventId,gateCode\nx,HUU_NGHI\n");
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(text.body()).get("detail").asText()).contains("application/json");
    }

    @Test
    void refusesTooLargeBodiesAndBatches() throws Exception {
        String big = "[" + String.join(",", java.util.Collections.nCopies(3, screening("big", "HUU_NGHI", 1, 0, 0)
                .replace("\"big\"", "\"" + "b".repeat(190) + "\""))) + "]";
        assertThat(big.length()).isLessThan(2048);
        String tooBig = big + " ".repeat(2048);
        HttpResponse<String> body = postJson(tight.port(), IngestKind.CHECKPOINT_SCREENINGS, CUSTOMS_HUU_NGHI, tooBig);
        assertThat(body.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(body.body()).get("detail").asText()).contains("2048 bytes");

        String four = "[" + String.join(",", screening("t-1", "HUU_NGHI", 1, 0, 0), screening("t-2", "HUU_NGHI", 1, 0, 0),
                screening("t-3", "HUU_NGHI", 1, 0, 0), screening("t-4", "HUU_NGHI", 1, 0, 0)) + "]";
        HttpResponse<String> items = postJson(tight.port(), IngestKind.CHECKPOINT_SCREENINGS, CUSTOMS_HUU_NGHI, four);
        assertThat(items.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(items.body()).get("detail").asText()).contains("at most 3");
    }

    @Test
    void limitsEachKeysRate() throws Exception {
        String three = "[" + String.join(",", dose("r-1", "178"), dose("r-2", "178"), dose("r-3", "178")) + "]";
        assertThat(postJson(tight.port(), IngestKind.VACCINATION_DOSES, SITE_178, three).statusCode()).isEqualTo(202);
        HttpResponse<String> limited = postJson(tight.port(), IngestKind.VACCINATION_DOSES, SITE_178, three);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 3));
        // Another key has its own bucket.
        assertThat(postJson(tight.port(), IngestKind.VACCINE_ALLOCATIONS, HEALTH, """
                {"allocationId":"r-a","vaccineProduct":"Pfizer","doses":10,"deliveredOn":"2021-12-20"}""").statusCode()).isEqualTo(202);
    }
}
