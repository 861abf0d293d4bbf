package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ingest.EventValidator;
import vn.pulse.producer.ingest.IngestKind;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.streams.PulseSerdes;

class FairFloorTest {

    private static final String OUTPUT = "bench.floor-counts";
    private static final Instant AT = Instant.parse("2021-08-02T03:00:00Z");

    @TempDir
    Path stateDir;

    private final PulseSerdes serdes = PulseSerdes.forClient(new InMemorySchemaRegistryClient());

    private Properties properties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "fair-floor-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }

    @Test
    void countsEachDoseOncePerDistrictWhenReportedTwice() {
        Topology topology = FairFloor.vaccination(TopicNames.defaults(), serdes, OUTPUT);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, properties())) {
            TestInputTopic<String, DoseAdministered> doses = driver.createInputTopic(Topics.VACCINATION_DOSES.name(),
                    new StringSerializer(), serdes.<DoseAdministered>specific().serializer());
            TestOutputTopic<String, Long> counts = driver.createOutputTopic(OUTPUT, new StringDeserializer(), new LongDeserializer());

            doses.pipeInput("d-1", dose("d-1", "178"), AT);
            doses.pipeInput("d-2", dose("d-2", "180"), AT);
            doses.pipeInput("d-1", dose("d-1", "178"), AT.plusSeconds(5));
            doses.pipeInput("d-3", dose("d-3", "178"), AT.plusSeconds(6));

            assertThat(counts.readKeyValuesToMap()).isEqualTo(Map.of("178", 2L, "180", 1L));
        }
    }

    @Test
    void countsEachGateEventOncePerGateWhenReportedTwice() {
        Topology topology = FairFloor.border(TopicNames.defaults(), serdes, OUTPUT);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, properties())) {
            TestInputTopic<String, GateEvent> events = driver.createInputTopic(Topics.GATE_EVENTS.name(),
                    new StringSerializer(), serdes.<GateEvent>specific().serializer());
            TestOutputTopic<String, Long> counts = driver.createOutputTopic(OUTPUT, new StringDeserializer(), new LongDeserializer());

            events.pipeInput("HUU_NGHI", gateEvent("g-1", "HUU_NGHI"), AT);
            events.pipeInput("HUU_NGHI", gateEvent("g-1", "HUU_NGHI"), AT.plusSeconds(1));
            events.pipeInput("HUU_NGHI", gateEvent("g-2", "HUU_NGHI"), AT.plusSeconds(2));
            events.pipeInput("TAN_THANH", gateEvent("g-3", "TAN_THANH"), AT.plusSeconds(3));

            assertThat(counts.readKeyValuesToMap()).isEqualTo(Map.of("HUU_NGHI", 2L, "TAN_THANH", 1L));
        }
    }

    @Test
    void namesEveryStoreAndTheRepartition() {
        String vaccination = FairFloor.vaccination(TopicNames.defaults(), serdes, OUTPUT).describe().toString();
        String border = FairFloor.border(TopicNames.defaults(), serdes, OUTPUT).describe().toString();

        assertThat(vaccination).contains(FairFloor.DOSE_DEDUP_STORE, FairFloor.DOSE_COUNT_STORE, "bench-floor-by-district-repartition")
                .doesNotContain("KSTREAM-", "KTABLE-");
        assertThat(border).contains(FairFloor.GATE_DEDUP_STORE, FairFloor.GATE_COUNT_STORE).doesNotContain("repartition", "KSTREAM-", "KTABLE-");
    }

    private static DoseAdministered dose(String id, String district) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("eventId", id);
        d.put("administeredAt", AT.toString());
        d.put("siteId", "TTYT-" + district);
        d.put("districtCode", district);
        d.put("ageGroup", "18+");
        d.put("doseKind", "FIRST");
        d.put("vaccineProduct", "Pfizer");
        return (DoseAdministered) valid(IngestKind.VACCINATION_DOSES, d);
    }

    private static GateEvent gateEvent(String id, String gate) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("eventId", id);
        e.put("gateCode", gate);
        e.put("occurredAt", AT.toString());
        e.put("kind", "ARRIVED");
        e.put("direction", "EXPORT");
        e.put("vehicleRef", "veh-" + id);
        e.put("vehicleType", "TRUCK");
        e.put("cargoCategory", "MANUFACTURED_GOODS");
        e.put("greenLane", false);
        e.put("tons", "20.000");
        e.put("declaredValueUsd", "25000.00");
        return (GateEvent) valid(IngestKind.GATE_EVENTS, e);
    }

    private static Object valid(IngestKind kind, ObjectNode body) {
        EventValidator validator = new EventValidator(Clock.fixed(AT.plusSeconds(60), ZoneOffset.UTC), Duration.ofMinutes(5));
        EventValidator.Result result = validator.validate(kind, body, "$", false);
        assertThat(result.errors()).isEmpty();
        return result.event().value();
    }
}
