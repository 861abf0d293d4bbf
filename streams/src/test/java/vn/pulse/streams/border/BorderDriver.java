package vn.pulse.streams.border;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.CheckpointScreening;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.VehicleType;
import vn.pulse.schemas.reference.TradePlan;
import vn.pulse.streams.DriverProperties;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.common.DeadLetters;

/**
 * The border topology on a {@link TopologyTestDriver} with an in-memory registry: pipe events in,
 * {@link #flush()} (the wall-clock emission), read the latest value per key of each output.
 */
final class BorderDriver implements AutoCloseable {

    static final TopicNames TOPICS = TopicNames.defaults();

    private static final PulseSerdes SERDES = PulseSerdes.forClient(new InMemorySchemaRegistryClient());
    private final PulseSerdes serdes = SERDES;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, GateEvent> events;
    private final TestInputTopic<String, CheckpointScreening> screenings;
    private final TestInputTopic<String, TradePlan> plans;
    private int sequence;

    BorderDriver(BorderConfig config) {
        this(BorderTopology.build(TOPICS, config, SERDES));
    }

    /** A driver of {@code topology}, built with {@link #serdes()} (the border topology, or the app's whole one). */
    BorderDriver(Topology topology) {
        driver = new TopologyTestDriver(topology, DriverProperties.of("border-test"), Instant.parse("2030-01-01T00:00:00Z"));
        events = driver.createInputTopic(TOPICS.name(Topics.GATE_EVENTS), new StringSerializer(), serdes.<GateEvent>specific().serializer());
        screenings = driver.createInputTopic(TOPICS.name(Topics.CHECKPOINT_SCREENINGS), new StringSerializer(),
                serdes.<CheckpointScreening>specific().serializer());
        plans = driver.createInputTopic(TOPICS.name(Topics.TRADE_PLANS), new StringSerializer(), serdes.<TradePlan>specific().serializer());
    }

    BorderDriver() {
        this(BorderConfig.defaults());
    }

    /** A gate event with a fresh id (value and tons already at their schema's scale). */
    GateEvent event(String gate, GateEventKind kind, TradeDirection direction, String vehicle, Instant at, String valueUsd) {
        return GateEvent.newBuilder()
                .setEventId("e-" + (++sequence))
                .setGateCode(gate)
                .setOccurredAt(at)
                .setKind(kind)
                .setDirection(direction)
                .setVehicleRef(vehicle)
                .setVehicleType(VehicleType.TRUCK)
                .setCargoCategory(CargoCategory.AGRICULTURAL_PRODUCE)
                .setGreenLane(false)
                .setTons(new BigDecimal("20.000"))
                .setDeclaredValueUsd(new BigDecimal(valueUsd).setScale(2))
                .build();
    }

    GateEvent arrive(String gate, String vehicle, Instant at) {
        return send(event(gate, GateEventKind.ARRIVED, TradeDirection.EXPORT, vehicle, at, "0"));
    }

    GateEvent cross(String gate, String vehicle, Instant at, String valueUsd) {
        return send(event(gate, GateEventKind.CROSSED, TradeDirection.EXPORT, vehicle, at, valueUsd));
    }

    GateEvent leave(String gate, String vehicle, Instant at) {
        return send(event(gate, GateEventKind.LEFT, TradeDirection.EXPORT, vehicle, at, "0"));
    }

    /** Pipes an event keyed by its gate code, with its occurredAt as record timestamp. */
    GateEvent send(GateEvent event) {
        events.pipeInput(event.getGateCode(), event, event.getOccurredAt());
        return event;
    }

    /** Pipes a record as a source might: any key, any value. */
    void sendRaw(String key, GateEvent event, Instant timestamp) {
        events.pipeInput(key, event, timestamp);
    }

    CheckpointScreening screening(String gate, Instant at, int screened, int tested, int positive) {
        CheckpointScreening s = CheckpointScreening.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("s-" + (++sequence)).getBytes(StandardCharsets.UTF_8)).toString())
                .setGateCode(gate).setOccurredAt(at)
                .setPeopleScreened(screened).setTested(tested).setPositive(positive)
                .build();
        screenings.pipeInput(s.getEventId(), s, at);
        return s;
    }

    /** Pipes {@code screening} again, stamped {@code sentAt} (a re-send, or a second run of a feed). */
    void resend(CheckpointScreening screening, Instant sentAt) {
        screenings.pipeInput(screening.getEventId(), screening, sentAt);
    }

    /**
     * Publishes a year's plan, stamped with the start of that year: the driver runs every sub-topology
     * in one task with one stream time, so a plan stamped "now" would make every gate event late.
     */
    void plan(int year, String planUsd, String previousYearUsd) {
        plans.pipeInput(Integer.toString(year), TradePlan.newBuilder().setYear(year)
                .setPlanValueUsd(new BigDecimal(planUsd).setScale(2))
                .setPreviousYearValueUsd(new BigDecimal(previousYearUsd).setScale(2)).build(),
                Instant.parse(year + "-01-01T00:00:00Z"));
    }

    /**
     * Lets the wall clock pass the emission interval: changed aggregates are written out. The driver
     * commits (and so flushes the downstream tables' caches) on its next step, hence a second one.
     */
    void flush() {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    /** Every record written to {@code topic} since the last read, in order. */
    <V extends SpecificRecord> List<TestRecord<String, V>> records(String topic) {
        Serde<V> serde = serdes.specific();
        TestOutputTopic<String, V> out = driver.createOutputTopic(topic, new StringDeserializer(), serde.deserializer());
        return out.readRecordsToList();
    }

    /** The latest value per key written to {@code topic} since the last read (a compacted topic's view). */
    <V extends SpecificRecord> Map<String, V> latest(String topic) {
        Map<String, V> latest = new LinkedHashMap<>();
        for (TestRecord<String, V> r : this.<V>records(topic)) {
            latest.put(r.key(), r.value());
        }
        return latest;
    }

    /** The dead letters written since the last read, with their reason header. */
    List<DeadLetter> deadLetters() {
        Serde<SpecificRecord> any = serdes.specific();
        TestOutputTopic<String, SpecificRecord> out = driver.createOutputTopic(TOPICS.name(Topics.DEAD_LETTERS), new StringDeserializer(),
                any.deserializer());
        return out.readRecordsToList().stream()
                .map(r -> new DeadLetter(r.key(), header(r.headers().lastHeader(DeadLetters.REASON)),
                        header(r.headers().lastHeader(DeadLetters.STEP)), r.value()))
                .toList();
    }

    record DeadLetter(String key, String reason, String step, SpecificRecord value) {
    }

    /** The serdes the driver's topics use (one in-memory registry). */
    static PulseSerdes serdes() {
        return SERDES;
    }

    TopologyTestDriver driver() {
        return driver;
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
    }
}
