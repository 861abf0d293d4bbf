package vn.pulse.streams.vaccination;

import java.time.Instant;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.VaccineAllocation;
import vn.pulse.streams.DriverProperties;
import vn.pulse.streams.PulseSerdes;

/**
 * The vaccination topology on a {@link TopologyTestDriver} with the app's properties, its input
 * topics, typed output topics on demand, and doses with ids of their own: the fixture of the
 * vaccination topology's tests.
 */
final class VaccinationDriver implements AutoCloseable {

    static final TopicNames TOPICS = TopicNames.defaults();

    final TopologyTestDriver driver;
    final TestInputTopic<String, DoseAdministered> doses;
    final TestInputTopic<String, DoseCorrection> corrections;
    final TestInputTopic<String, VaccineAllocation> allocations;
    private final PulseSerdes serdes;
    private int nextId;

    /**
     * @param cacheBytes the record cache: 0 forwards every update at once (tests read the latest value
     *                   per key); more keeps changes until the driver's commit after each input record
     */
    VaccinationDriver(String applicationId, long cacheBytes, VaccinationTopology.Options options) {
        serdes = PulseSerdes.forClient(new InMemorySchemaRegistryClient());
        Properties props = DriverProperties.of(applicationId);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(cacheBytes));
        driver = new TopologyTestDriver(VaccinationTopology.build(TOPICS, serdes, options), props);
        doses = input(Topics.VACCINATION_DOSES);
        corrections = input(Topics.DOSE_CORRECTIONS);
        allocations = input(Topics.VACCINE_ALLOCATIONS);
    }

    /** An input topic of Avro records. */
    <V extends SpecificRecord> TestInputTopic<String, V> input(TopicSpec topic) {
        return driver.createInputTopic(TOPICS.name(topic), new StringSerializer(), serdes.<V>specific().serializer());
    }

    /** An output topic of Avro records, read from now on. */
    <V extends SpecificRecord> TestOutputTopic<String, V> output(TopicSpec topic) {
        return driver.createOutputTopic(TOPICS.name(topic), new StringDeserializer(), serdes.<V>specific().deserializer());
    }

    /** The dead-letter topic: the records' values as text, their reasons in headers. */
    TestOutputTopic<String, String> deadLetters() {
        return driver.createOutputTopic(TOPICS.name(Topics.DEAD_LETTERS), new StringDeserializer(), new StringDeserializer());
    }

    /** A dose of {@code product} with an id of its own, reported ten minutes after it was given. */
    DoseAdministered dose(String district, String ageGroup, DoseKind kind, String product, Instant at) {
        return DoseAdministered.newBuilder()
                .setEventId("dose-" + (++nextId))
                .setAdministeredAt(at)
                .setReportedAt(at.plusSeconds(600))
                .setSiteId("site-" + district + "-1")
                .setDistrictCode(district)
                .setAgeGroup(ageGroup)
                .setDoseKind(kind)
                .setVaccineProduct(product)
                .build();
    }

    /** Sends a dose keyed by its id, at its administration time. */
    void send(DoseAdministered dose) {
        doses.pipeInput(dose.getEventId(), dose, dose.getAdministeredAt());
    }

    /** Takes a dose back ("entered twice"), in the district {@code district}. */
    void correct(DoseAdministered dose, String district, String correctionId, Instant at) {
        corrections.pipeInput(dose.getEventId(), DoseCorrection.newBuilder()
                .setCorrectionId(correctionId).setDoseEventId(dose.getEventId()).setDistrictCode(district)
                .setCorrectedAt(at).setReason("entered twice").build(), at);
    }

    @Override
    public void close() {
        driver.close();
    }
}
