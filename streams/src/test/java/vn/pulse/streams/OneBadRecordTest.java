package vn.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.VehicleType;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.streams.common.DeadLetters;

/**
 * The app's whole topology with the app's properties: one customs key sending the largest amounts the
 * schema can carry stops nothing; those records are dead-lettered with their reason and every other
 * domain and gate goes on counting. (A record that fails inside a step: DeadLetterOnFailureTest.)
 */
class OneBadRecordTest {

    /** 09:00 in Lạng Sơn. */
    private static final Instant T0 = Instant.parse("2021-12-24T02:00:00Z");
    private static final String LARGEST_VALUE = "9999999999999999.99";

    private final PulseSerdes serdes = PulseSerdes.forClient(new InMemorySchemaRegistryClient());
    private TopologyTestDriver driver;
    private TestInputTopic<String, GateEvent> gateEvents;
    private TestInputTopic<String, DoseAdministered> doses;
    private Properties props;

    @BeforeEach
    void start() {
        props = DriverProperties.of("one-bad-record-test");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        driver = new TopologyTestDriver(PulseTopology.build(TopicNames.defaults(), serdes, BorderConfig.defaults()), props, Instant.parse("2030-01-01T00:00:00Z"));
        gateEvents = driver.createInputTopic(Topics.GATE_EVENTS.name(), new StringSerializer(), serdes.<GateEvent>specific().serializer());
        doses = driver.createInputTopic(Topics.VACCINATION_DOSES.name(), new StringSerializer(),
                serdes.<DoseAdministered>specific().serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void twoCrossingsAtTheSchemasLargestValueAreDeadLetteredAndEverythingElseGoesOnCounting() {
        cross("e-1", "HUU_NGHI", "v1", T0, LARGEST_VALUE);
        cross("e-2", "HUU_NGHI", "v2", T0.plusSeconds(60), LARGEST_VALUE);
        cross("e-3", "TAN_THANH", "v3", T0.plusSeconds(180), "250.00");
        DoseAdministered dose = DoseAdministered.newBuilder().setEventId("dose-1").setAdministeredAt(T0.plusSeconds(240))
                .setReportedAt(T0.plusSeconds(300)).setSiteId("site-186-1").setDistrictCode("186").setAgeGroup("18+")
                .setDoseKind(DoseKind.FIRST).setVaccineProduct("Pfizer-BioNTech").build();
        doses.pipeInput(dose.getEventId(), dose, dose.getAdministeredAt());
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        Map<String, GateTrade> trade = latest(Topics.GATE_TRADE.name());
        // Each is above the largest value one vehicle may declare (DomainRules): neither is counted, anywhere,
        // and the gate, the other gate and the other district go on counting.
        assertThat(trade).doesNotContainKey("HUU_NGHI|DAY|2021-12-24");
        assertThat(this.<GateYard>latest(Topics.GATE_YARDS.name()).get("HUU_NGHI")).isNull();
        assertThat(trade.get("TAN_THANH|DAY|2021-12-24").getExportValueUsd()).isEqualByComparingTo("250.00");
        assertThat(this.<CohortCoverage>latest(Topics.VACCINATION_COVERAGE.name()).get("186|18+").getFirstDoses()).isEqualTo(1);

        Serde<SpecificRecord> any = serdes.specific();
        List<TestRecord<String, SpecificRecord>> letters = driver.createOutputTopic(DriverProperties.deadLetterTopic(props),
                new StringDeserializer(), any.deserializer()).readRecordsToList();
        assertThat(letters).extracting(r -> ((GateEvent) r.value()).getEventId()).containsExactly("e-1", "e-2");
        for (TestRecord<String, SpecificRecord> letter : letters) {
            assertThat(header(letter, DeadLetters.REASON)).isEqualTo("declaredValueUsd: at most 100000000.00 USD, was " + LARGEST_VALUE);
            assertThat(header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.GATE_EVENTS.name());
        }
    }

    private void cross(String id, String gate, String vehicle, Instant at, String valueUsd) {
        GateEvent event = GateEvent.newBuilder().setEventId(id).setGateCode(gate).setOccurredAt(at)
                .setKind(GateEventKind.CROSSED).setDirection(TradeDirection.EXPORT).setVehicleRef(vehicle)
                .setVehicleType(VehicleType.TRUCK).setCargoCategory(CargoCategory.AGRICULTURAL_PRODUCE).setGreenLane(false)
                .setTons(new BigDecimal("20.000")).setDeclaredValueUsd(new BigDecimal(valueUsd)).build();
        gateEvents.pipeInput(gate, event, at);
    }

    private <V extends SpecificRecord> Map<String, V> latest(String topic) {
        Serde<V> serde = serdes.specific();
        return driver.createOutputTopic(topic, new StringDeserializer(), serde.deserializer()).readKeyValuesToMap();
    }

    private static String header(TestRecord<String, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
