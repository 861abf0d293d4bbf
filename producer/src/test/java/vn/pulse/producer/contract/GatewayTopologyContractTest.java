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
import java.util.function.Supplier;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
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

    @BeforeProperty
    void startTopology() throws IOException {
        stateDir = Files.createTempDirectory("pulse-contract");
        TopicNames topics = TopicNames.defaults();
        StreamsAppConfig config = new StreamsAppConfig("unused:9092", "mock://contract", "pulse-contract", stateDir,
                Duration.ofMillis(100), 1, "127.0.0.1", 0);
        Properties properties = StreamsApp.streamsProperties(config, topics);
        driver = new TopologyTestDriver(PulseTopology.build(topics, serdes, BorderConfig.defaults()), properties, NOW);
        deadLetters = driver.createOutputTopic(topics.name(Topics.DEAD_LETTERS), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterProperty
    void stopTopology() throws IOException {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- the properties

    @Property(tries = 250)
    void gateEvents(@ForAll("gateEvent") GateEvent event) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("eventId", event.getEventId()).put("gateCode", event.getGateCode())
                .put("occurredAt", event.getOccurredAt().toString()).put("kind", event.getKind().name())
                .put("direction", event.getDirection().name()).put("vehicleRef", event.getVehicleRef())
                .put("vehicleType", event.getVehicleType().name()).put("cargoCategory", event.getCargoCategory().name())
                .put("tons", event.getTons().toPlainString()).put("declaredValueUsd", event.getDeclaredValueUsd().toPlainString())
                .put("greenLane", event.getGreenLane());
        assertAgree(IngestKind.GATE_EVENTS, json, Topics.GATE_EVENTS, event.getGateCode(), event);
    }

    @Property(tries = 200)
    void screenings(@ForAll("screening") CheckpointScreening s) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("eventId", s.getEventId()).put("gateCode", s.getGateCode()).put("occurredAt", s.getOccurredAt().toString())
                .put("peopleScreened", s.getPeopleScreened()).put("tested", s.getTested()).put("positive", s.getPositive());
        assertAgree(IngestKind.CHECKPOINT_SCREENINGS, json, Topics.CHECKPOINT_SCREENINGS, s.getEventId(), s);
    }

    @Property(tries = 250)
    void doses(@ForAll("dose") DoseAdministered d) {
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

    @Property(tries = 150)
    void corrections(@ForAll("correction") DoseCorrection c) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("correctionId", c.getCorrectionId()).put("doseEventId", c.getDoseEventId())
                .put("reason", c.getReason()).put("correctedAt", c.getCorrectedAt().toString());
        if (c.getDistrictCode() != null) {
            json.put("districtCode", c.getDistrictCode());
        }
        assertAgree(IngestKind.DOSE_CORRECTIONS, json, Topics.DOSE_CORRECTIONS, c.getDoseEventId(), c);
    }

    @Property(tries = 200)
    void allocations(@ForAll("allocation") VaccineAllocation a) {
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
        // Not vacuous: each property sees plenty of both verdicts.
        Statistics.label("gateway").collect(verdict.valid() ? "accepts" : "refuses");
        Statistics.label("gateway").coverage(checker -> {
            checker.check("accepts").percentage(p -> p >= 5);
            checker.check("refuses").percentage(p -> p >= 5);
        });
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

    @Provide
    Arbitrary<GateEvent> gateEvent() {
        return Combinators.combine(text("ge"), gateCode(), eventTime(DomainRules.EARLIEST_BORDER_EVENT), Arbitraries.of(GateEventKind.class),
                        Arbitraries.of(TradeDirection.class), text("truck"), Arbitraries.of(VehicleType.class),
                        Arbitraries.of(CargoCategory.class))
                .flatAs((id, gate, at, kind, direction, vehicle, type, cargo) -> Combinators.combine(
                        decimal(DomainRules.MAX_TONS, 3, new BigDecimal("999999999.999")),
                        decimal(DomainRules.MAX_DECLARED_VALUE_USD, 2, new BigDecimal("9999999999999999.99")),
                        Arbitraries.of(true, false))
                        .as((tons, value, green) -> GateEvent.newBuilder().setEventId(id.get()).setGateCode(gate).setOccurredAt(at)
                                .setKind(kind).setDirection(direction).setVehicleRef(vehicle.get()).setVehicleType(type)
                                .setCargoCategory(cargo).setTons(tons).setDeclaredValueUsd(value).setGreenLane(green).build()));
    }

    @Provide
    Arbitrary<CheckpointScreening> screening() {
        return Combinators.combine(text("scr"), gateCode(), eventTime(DomainRules.EARLIEST_BORDER_EVENT), people(), people(), people())
                .as((id, gate, at, screened, tested, positive) -> CheckpointScreening.newBuilder().setEventId(id.get())
                        .setGateCode(gate).setOccurredAt(at).setPeopleScreened(screened).setTested(tested).setPositive(positive).build());
    }

    @Provide
    Arbitrary<DoseAdministered> dose() {
        return Combinators.combine(text("dose"), eventTime(DomainRules.CAMPAIGN_START), eventTime(DomainRules.CAMPAIGN_START),
                        text("site"), districtCode(), Arbitraries.of(AgeGroups.ADULTS, AgeGroups.ADOLESCENTS, "65+", ""), Arbitraries.of(DoseKind.class),
                        text("vaccine"))
                .flatAs((id, administered, reported, site, district, age, doseKind, product) -> personRef()
                        .map(person -> DoseAdministered.newBuilder().setEventId(id.get()).setAdministeredAt(administered)
                                .setReportedAt(reported).setSiteId(site.get()).setDistrictCode(district).setAgeGroup(age)
                                .setDoseKind(doseKind).setVaccineProduct(product.get()).setPersonRef(person).build()));
    }

    @Provide
    Arbitrary<DoseCorrection> correction() {
        return Combinators.combine(text("corr"), text("dose"), Arbitraries.oneOf(districtCode(), Arbitraries.just(null)), text("reason"),
                        eventTime(DomainRules.CAMPAIGN_START))
                .as((id, dose, district, reason, at) -> DoseCorrection.newBuilder().setCorrectionId(id.get()).setDoseEventId(dose.get())
                        .setDistrictCode(district).setReason(reason.get()).setCorrectedAt(at).build());
    }

    @Provide
    Arbitrary<VaccineAllocation> allocation() {
        LocalDate today = DomainRules.localDate(NOW);
        Arbitrary<LocalDate> delivered = Arbitraries.of(LocalDate.of(2021, 6, 1), LocalDate.of(2021, 1, 1), LocalDate.of(2020, 12, 31),
                today.minusDays(1), today.plusDays(2), LocalDate.of(2099, 1, 1));
        Arbitrary<Long> doses = Arbitraries.oneOf(Arbitraries.longs().between(1, DomainRules.MAX_ALLOCATION_DOSES),
                Arbitraries.of(0L, -5L, 1L, DomainRules.MAX_ALLOCATION_DOSES, DomainRules.MAX_ALLOCATION_DOSES + 1, Long.MAX_VALUE));
        return Combinators.combine(text("alloc"), Arbitraries.oneOf(districtCode(), Arbitraries.just(null)), text("vaccine"), doses, delivered)
                .as((id, district, product, n, on) -> VaccineAllocation.newBuilder().setAllocationId(id.get()).setDistrictCode(district)
                        .setVaccineProduct(product.get()).setDoses(n).setDeliveredOn(on).build());
    }

    /**
     * Text as sources send it: mostly a fresh id with {@code prefix}, sometimes blank, at and past the
     * longest length, or with a control character. A supplier, so each try gets an id of its own.
     */
    private static Arbitrary<Supplier<String>> text(String prefix) {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(() -> prefix + "-" + IDS.incrementAndGet())),
                Tuple.of(1, Arbitraries.just(() -> "")),
                Tuple.of(1, Arbitraries.just(() -> "   ")),
                Tuple.of(1, Arbitraries.just(() -> pad(prefix + "-" + IDS.incrementAndGet(), DomainRules.MAX_TEXT))),
                Tuple.of(1, Arbitraries.just(() -> pad(prefix + "-" + IDS.incrementAndGet(), DomainRules.MAX_TEXT + 1))),
                Tuple.of(1, Arbitraries.just(() -> prefix + "\u0007" + IDS.incrementAndGet())),
                Tuple.of(1, Arbitraries.just(() -> prefix + "\tđường " + IDS.incrementAndGet())));
    }

    private static String pad(String s, int length) {
        return s + "x".repeat(Math.max(0, length - s.length()));
    }

    private static Arbitrary<String> gateCode() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(Gates.ALL.stream().map(g -> g.code()).toList())),
                Tuple.of(1, Arbitraries.of("NOWHERE", "huu_nghi")));
    }

    private static Arbitrary<String> districtCode() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(Districts.ALL.stream().map(d -> d.code()).toList())),
                Tuple.of(1, Arbitraries.of("999", "17")));
    }

    private static Arbitrary<String> personRef() {
        return Arbitraries.of(null, "a".repeat(64), "0123456789abcdef".repeat(4), "A".repeat(64), "Nguyễn Văn A", "079123456789");
    }

    /**
     * Event times: within the campaign, just before {@code earliest}, ahead of the clock by less and by
     * far more than the largest skew. Nothing within a minute of a bound: the topology's clock runs on.
     */
    private static Arbitrary<Instant> eventTime(Instant earliest) {
        Arbitrary<Instant> ordinary = Arbitraries.longs()
                .between(Instant.parse("2021-03-08T00:00:00Z").getEpochSecond(), NOW.minus(Duration.ofMinutes(2)).getEpochSecond())
                .map(Instant::ofEpochSecond);
        return Arbitraries.frequencyOf(
                Tuple.of(10, ordinary),
                Tuple.of(1, Arbitraries.of(earliest.minus(Duration.ofHours(1)), earliest.plus(Duration.ofHours(1)),
                        NOW.plus(Duration.ofMinutes(30)), NOW.plus(Duration.ofHours(2)), Instant.parse("2099-01-01T00:00:00Z"))));
    }

    /** A decimal at {@code scale}: ordinary, zero, the bound, just past it, the schema's largest, negative. */
    private static Arbitrary<BigDecimal> decimal(BigDecimal max, int scale, BigDecimal schemaMax) {
        BigDecimal step = BigDecimal.ONE.movePointLeft(scale);
        Arbitrary<BigDecimal> ordinary = Arbitraries.bigDecimals().between(BigDecimal.ZERO, max).ofScale(scale);
        return Arbitraries.frequencyOf(
                Tuple.of(6, ordinary),
                Tuple.of(1, Arbitraries.of(BigDecimal.ZERO.setScale(scale), max.setScale(scale), max.add(step).setScale(scale),
                        schemaMax, step.negate())));
    }

    private static Arbitrary<Integer> people() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 200)),
                Tuple.of(1, Arbitraries.of(-1, 0, DomainRules.MAX_PEOPLE_SCREENED, DomainRules.MAX_PEOPLE_SCREENED + 1,
                        Integer.MAX_VALUE)));
    }
}
