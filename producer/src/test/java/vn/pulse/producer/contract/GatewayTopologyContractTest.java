package vn.pulse.producer.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.reference.Gates;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ingest.EventValidator;
import vn.pulse.producer.ingest.IngestKind;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.CheckpointScreening;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.VehicleType;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.VaccineAllocation;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.PulseTopology;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.streams.common.DeadLetters;
import vn.pulse.testing.property.Coverage;
import vn.pulse.testing.property.Gen;
import vn.pulse.testing.property.Property;

/**
 * The contract between the edge and the core: the ingest gateway (and the CSV import, which shares
 * its validator) accepts an event exactly when the Streams topology counts it rather than
 * dead-lettering it. Both apply {@link DomainRules}; this test generates events, ordinary and extreme
 * (blank and over-long text, control characters, unknown codes, times before the campaign and far in
 * the future, amounts at and just past every bound, the largest values the schema can carry), asks the
 * gateway, and sends the same event as an Avro record through the app's own topology and properties.
 *
 * <p>Two differences are by design. A gate event may be dead-lettered as too late for its gate's closed
 * hour: only the topology knows its stream time. Text with an unpaired surrogate is refused by the
 * gateway but cannot be written in Avro at all, so it is not generated.
 *
 * <p>Each property prints its seed; {@code -Dpulse.property.seed=<seed>} draws the same events again.
 */
class GatewayTopologyContractTest {

    /** The gateway's clock and the topology's wall clock: one "now" for both. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final AtomicLong IDS = new AtomicLong();

    private final EventValidator gateway = new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC), DomainRules.MAX_CLOCK_SKEW);
    private final PulseSerdes serdes = PulseSerdes.forClient(new InMemorySchemaRegistryClient());
    private Path stateDir;
    private TopologyTestDriver driver;
    private TestOutputTopic<String, byte[]> deadLetters;
    /** Not vacuous: each property sees plenty of both verdicts. */
    private final Coverage verdicts = new Coverage("gateway").atLeast("accepts", 5).atLeast("refuses", 5);

    @BeforeEach
    void startTopology() throws IOException {
        stateDir = Files.createTempDirectory("pulse-contract");
        TopicNames topics = TopicNames.defaults();
        StreamsAppConfig config = new StreamsAppConfig("unused:9092", "mock://contract", "pulse-contract", stateDir,
                Duration.ofMillis(100), 1, "127.0.0.1", 0);
        Properties properties = StreamsApp.streamsProperties(config, topics);
        driver = new TopologyTestDriver(PulseTopology.build(topics, serdes, BorderConfig.defaults()), properties, NOW);
        deadLetters = driver.createOutputTopic(topics.name(Topics.DEAD_LETTERS), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stopTopology() throws IOException {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- the properties

    @Test
    void gateEvents() {
        Property.check("gateEvents", Property.seed(), 250, gateEvent(), verdicts, this::agreeOnGateEvent);
    }

    private void agreeOnGateEvent(GateEvent event) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("eventId", event.getEventId()).put("gateCode", event.getGateCode())
                .put("occurredAt", event.getOccurredAt().toString()).put("kind", event.getKind().name())
                .put("direction", event.getDirection().name()).put("vehicleRef", event.getVehicleRef())
                .put("vehicleType", event.getVehicleType().name()).put("cargoCategory", event.getCargoCategory().name())
                .put("tons", event.getTons().toPlainString()).put("declaredValueUsd", event.getDeclaredValueUsd().toPlainString())
                .put("greenLane", event.getGreenLane());
        assertAgree(IngestKind.GATE_EVENTS, json, Topics.GATE_EVENTS, event.getGateCode(), event);
    }

    @Test
    void screenings() {
        Property.check("screenings", Property.seed(), 200, screening(), verdicts, this::agreeOnCheckpointScreening);
    }

    private void agreeOnCheckpointScreening(CheckpointScreening s) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("eventId", s.getEventId()).put("gateCode", s.getGateCode()).put("occurredAt", s.getOccurredAt().toString())
                .put("peopleScreened", s.getPeopleScreened()).put("tested", s.getTested()).put("positive", s.getPositive());
        assertAgree(IngestKind.CHECKPOINT_SCREENINGS, json, Topics.CHECKPOINT_SCREENINGS, s.getEventId(), s);
    }

    /**
     * A thousand tries: with every field at its edges about one dose in eleven is valid, and the
     * gateway must accept at least 5 % of them.
     */
    @Test
    void doses() {
        Property.check("doses", Property.seed(), 1000, dose(), verdicts, this::agreeOnDoseAdministered);
    }

    private void agreeOnDoseAdministered(DoseAdministered d) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("eventId", d.getEventId()).put("administeredAt", d.getAdministeredAt().toString())
                .put("reportedAt", d.getReportedAt().toString()).put("siteId", d.getSiteId())
                .put("districtCode", d.getDistrictCode()).put("ageGroup", d.getAgeGroup()).put("doseKind", d.getDoseKind().name())
                .put("vaccineProduct", d.getVaccineProduct());
        if (d.getPersonRef() != null) {
            json.put("personRef", d.getPersonRef());
        }
        assertAgree(IngestKind.VACCINATION_DOSES, json, Topics.VACCINATION_DOSES, d.getEventId(), d);
    }

    @Test
    void corrections() {
        Property.check("corrections", Property.seed(), 150, correction(), verdicts, this::agreeOnDoseCorrection);
    }

    private void agreeOnDoseCorrection(DoseCorrection c) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("correctionId", c.getCorrectionId()).put("doseEventId", c.getDoseEventId())
                .put("reason", c.getReason()).put("correctedAt", c.getCorrectedAt().toString());
        if (c.getDistrictCode() != null) {
            json.put("districtCode", c.getDistrictCode());
        }
        assertAgree(IngestKind.DOSE_CORRECTIONS, json, Topics.DOSE_CORRECTIONS, c.getDoseEventId(), c);
    }

    @Test
    void allocations() {
        Property.check("allocations", Property.seed(), 200, allocation(), verdicts, this::agreeOnVaccineAllocation);
    }

    private void agreeOnVaccineAllocation(VaccineAllocation a) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("allocationId", a.getAllocationId()).put("vaccineProduct", a.getVaccineProduct())
                .put("doses", a.getDoses()).put("deliveredOn", a.getDeliveredOn().toString());
        if (a.getDistrictCode() != null) {
            json.put("districtCode", a.getDistrictCode());
        }
        assertAgree(IngestKind.VACCINE_ALLOCATIONS, json, Topics.VACCINE_ALLOCATIONS, a.getAllocationId(), a);
    }

    /** The gateway's verdict on {@code json} equals the topology's on {@code record} (sent to {@code topic} under {@code key}). */
    private <V extends SpecificRecord> void assertAgree(IngestKind kind, ObjectNode json, TopicSpec topic, String key, V record) {
        EventValidator.Result verdict = gateway.validate(kind, json, "$", false);
        TestInputTopic<String, V> input = driver.createInputTopic(topic.name(), new StringSerializer(), serdes.<V>specific().serializer());
        input.pipeInput(key, record, NOW);
        List<String> reasons = deadLetters.readRecordsToList().stream().map(GatewayTopologyContractTest::reason).toList();
        List<String> fieldReasons = reasons.stream().filter(r -> !r.contains("is too late")).toList();
        String gatewayErrors = verdict.errors().stream().map(e -> e.path() + " " + e.reason()).collect(Collectors.joining("; "));
        verdicts.count(verdict.valid() ? "accepts" : "refuses");
        assertThat(fieldReasons.isEmpty())
                .as("gateway %s (%s) but the topology %s, for %s", verdict.valid() ? "accepts" : "refuses", gatewayErrors,
                        fieldReasons.isEmpty() ? "counts it" : "dead-letters it: " + fieldReasons, json)
                .isEqualTo(verdict.valid());
    }

    private static String reason(TestRecord<String, byte[]> letter) {
        Header header = letter.headers().lastHeader(DeadLetters.REASON);
        return header == null ? "(no reason)" : new String(header.value(), StandardCharsets.UTF_8);
    }

    // ---- generators: ordinary values, and every edge the rules draw

    private static Gen<GateEvent> gateEvent() {
        Gen<String> ids = text("ge");
        Gen<String> gates = gateCode();
        Gen<Instant> times = eventTime(DomainRules.EARLIEST_BORDER_EVENT);
        Gen<GateEventKind> kinds = Gen.of(GateEventKind.class);
        Gen<TradeDirection> directions = Gen.of(TradeDirection.class);
        Gen<String> vehicles = text("truck");
        Gen<VehicleType> types = Gen.of(VehicleType.class);
        Gen<CargoCategory> cargos = Gen.of(CargoCategory.class);
        Gen<BigDecimal> tons = decimal(DomainRules.MAX_TONS, 3, new BigDecimal("999999999.999"));
        Gen<BigDecimal> values = decimal(DomainRules.MAX_DECLARED_VALUE_USD, 2, new BigDecimal("9999999999999999.99"));
        Gen<Boolean> green = Gen.booleans();
        return r -> GateEvent.newBuilder().setEventId(ids.next(r)).setGateCode(gates.next(r)).setOccurredAt(times.next(r))
                .setKind(kinds.next(r)).setDirection(directions.next(r)).setVehicleRef(vehicles.next(r)).setVehicleType(types.next(r))
                .setCargoCategory(cargos.next(r)).setTons(tons.next(r)).setDeclaredValueUsd(values.next(r)).setGreenLane(green.next(r))
                .build();
    }

    private static Gen<CheckpointScreening> screening() {
        Gen<String> ids = text("scr");
        Gen<String> gates = gateCode();
        Gen<Instant> times = eventTime(DomainRules.EARLIEST_BORDER_EVENT);
        Gen<Integer> people = people();
        return r -> {
            int screened = people.next(r);
            int tested = atMost(screened, people).next(r);
            return CheckpointScreening.newBuilder().setEventId(ids.next(r)).setGateCode(gates.next(r)).setOccurredAt(times.next(r))
                    .setPeopleScreened(screened).setTested(tested).setPositive(atMost(tested, people).next(r)).build();
        };
    }

    private static Gen<DoseAdministered> dose() {
        Gen<String> ids = text("dose");
        Gen<Instant> times = eventTime(DomainRules.CAMPAIGN_START);
        Gen<String> sites = text("site");
        Gen<String> districts = districtCode();
        Gen<String> ages = Gen.of(AgeGroups.ADULTS, AgeGroups.ADOLESCENTS, "65+", "");
        Gen<DoseKind> kinds = Gen.of(DoseKind.class);
        Gen<String> products = text("vaccine");
        Gen<String> persons = personRef();
        return r -> {
            Instant administered = times.next(r);
            return DoseAdministered.newBuilder().setEventId(ids.next(r)).setAdministeredAt(administered)
                    .setReportedAt(reportedAfter(administered, times).next(r)).setSiteId(sites.next(r)).setDistrictCode(districts.next(r))
                    .setAgeGroup(ages.next(r)).setDoseKind(kinds.next(r)).setVaccineProduct(products.next(r))
                    .setPersonRef(persons.next(r)).build();
        };
    }

    private static Gen<DoseCorrection> correction() {
        Gen<String> ids = text("corr");
        Gen<String> doses = text("dose");
        Gen<String> districts = Gen.oneOf(districtCode(), Gen.constant(null));
        Gen<String> reasons = text("reason");
        Gen<Instant> times = eventTime(DomainRules.CAMPAIGN_START);
        return r -> DoseCorrection.newBuilder().setCorrectionId(ids.next(r)).setDoseEventId(doses.next(r))
                .setDistrictCode(districts.next(r)).setReason(reasons.next(r)).setCorrectedAt(times.next(r)).build();
    }

    private static Gen<VaccineAllocation> allocation() {
        LocalDate today = DomainRules.localDate(NOW);
        Gen<String> ids = text("alloc");
        Gen<String> districts = Gen.oneOf(districtCode(), Gen.constant(null));
        Gen<String> products = text("vaccine");
        Gen<Long> doses = Gen.oneOf(Gen.longs(1, DomainRules.MAX_ALLOCATION_DOSES),
                Gen.of(0L, -5L, 1L, DomainRules.MAX_ALLOCATION_DOSES, DomainRules.MAX_ALLOCATION_DOSES + 1, Long.MAX_VALUE));
        Gen<LocalDate> delivered = Gen.of(LocalDate.of(2021, 6, 1), LocalDate.of(2021, 1, 1), LocalDate.of(2020, 12, 31),
                today.minusDays(1), today.plusDays(2), LocalDate.of(2099, 1, 1));
        return r -> VaccineAllocation.newBuilder().setAllocationId(ids.next(r)).setDistrictCode(districts.next(r))
                .setVaccineProduct(products.next(r)).setDoses(doses.next(r)).setDeliveredOn(delivered.next(r)).build();
    }

    /**
     * Text as sources send it: mostly a fresh id with {@code prefix}, sometimes blank, at and past the
     * longest length, or with a control character. Each sample gets an id of its own.
     */
    private static Gen<String> text(String prefix) {
        return Gen.frequency(
                Gen.weighted(12, r -> prefix + "-" + IDS.incrementAndGet()),
                Gen.weighted(1, Gen.constant("")),
                Gen.weighted(1, Gen.constant("   ")),
                Gen.weighted(1, r -> pad(prefix + "-" + IDS.incrementAndGet(), DomainRules.MAX_TEXT)),
                Gen.weighted(1, r -> pad(prefix + "-" + IDS.incrementAndGet(), DomainRules.MAX_TEXT + 1)),
                Gen.weighted(1, r -> prefix + "\u0007" + IDS.incrementAndGet()),
                Gen.weighted(1, r -> prefix + "\tđường " + IDS.incrementAndGet()));
    }

    private static String pad(String s, int length) {
        return s + "x".repeat(Math.max(0, length - s.length()));
    }

    private static Gen<String> gateCode() {
        return Gen.frequency(
                Gen.weighted(8, Gen.of(Gates.ALL.stream().map(g -> g.code()).toList())),
                Gen.weighted(1, Gen.of("NOWHERE", "huu_nghi")));
    }

    private static Gen<String> districtCode() {
        return Gen.frequency(
                Gen.weighted(8, Gen.of(Districts.ALL.stream().map(d -> d.code()).toList())),
                Gen.weighted(1, Gen.of("999", "17")));
    }

    private static Gen<String> personRef() {
        return Gen.of(null, "a".repeat(64), "0123456789abcdef".repeat(4), "A".repeat(64), "Nguyễn Văn A", "079123456789");
    }

    /**
     * Event times: within the campaign, just before {@code earliest}, ahead of the clock by less and by
     * far more than the largest skew. Nothing within a minute of a bound: the topology's clock runs on.
     */
    private static Gen<Instant> eventTime(Instant earliest) {
        Gen<Instant> ordinary = Gen.longs(Instant.parse("2021-03-08T00:00:00Z").getEpochSecond(),
                        NOW.minus(Duration.ofMinutes(2)).getEpochSecond())
                .map(Instant::ofEpochSecond);
        return Gen.frequency(
                Gen.weighted(10, ordinary),
                Gen.weighted(1, Gen.of(earliest.minus(Duration.ofHours(1)), earliest.plus(Duration.ofHours(1)),
                        NOW.plus(Duration.ofMinutes(30)), NOW.plus(Duration.ofHours(2)), Instant.parse("2099-01-01T00:00:00Z"))));
    }

    /** A decimal at {@code scale}: ordinary, zero, the bound, just past it, the schema's largest, negative. */
    private static Gen<BigDecimal> decimal(BigDecimal max, int scale, BigDecimal schemaMax) {
        BigDecimal step = BigDecimal.ONE.movePointLeft(scale);
        return Gen.frequency(
                Gen.weighted(6, Gen.decimals(BigDecimal.ZERO, max, scale)),
                Gen.weighted(1, Gen.of(BigDecimal.ZERO.setScale(scale), max.setScale(scale), max.add(step).setScale(scale),
                        schemaMax, step.negate())));
    }

    /**
     * When a dose was reported: mostly up to 20 minutes after {@code administered} (as sites report; never
     * within a minute of the clock's bound), sometimes any event time, so also too early.
     */
    private static Gen<Instant> reportedAfter(Instant administered, Gen<Instant> times) {
        return Gen.frequency(
                Gen.weighted(10, Gen.longs(0, Duration.ofMinutes(20).toSeconds()).map(administered::plusSeconds)),
                Gen.weighted(1, times));
    }

    /** A count within {@code bound} (as a subset of people is): mostly at most it, sometimes any count, so also more. */
    private static Gen<Integer> atMost(int bound, Gen<Integer> people) {
        return Gen.frequency(
                Gen.weighted(10, bound < 0 ? people : Gen.ints(0, bound)),
                Gen.weighted(1, people));
    }

    private static Gen<Integer> people() {
        return Gen.frequency(
                Gen.weighted(6, Gen.ints(0, 200)),
                Gen.weighted(1, Gen.of(-1, 0, DomainRules.MAX_PEOPLE_SCREENED, DomainRules.MAX_PEOPLE_SCREENED + 1,
                        Integer.MAX_VALUE)));
    }
}
