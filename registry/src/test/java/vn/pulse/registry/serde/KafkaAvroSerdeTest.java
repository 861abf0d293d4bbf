package vn.pulse.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.registry.client.SchemaRegistryUnavailableException;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.schemas.health.DoseAdministered;

/** The serdes against the in-memory registry. */
class KafkaAvroSerdeTest {

    private static final String TOPIC = "health.vaccination-doses.v1";
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    private KafkaAvroSerializer serializer(Map<String, ?> configs, boolean isKey) {
        return new KafkaAvroSerializer(registry, configs, isKey);
    }

    private KafkaAvroDeserializer deserializer(Map<String, ?> configs, boolean isKey) {
        return new KafkaAvroDeserializer(registry, configs, isKey);
    }

    @Test
    void specificRecordsRoundTripInTheWireFormat() {
        DoseAdministered dose = Doses.dose(1);
        byte[] bytes = serializer(Map.of(), false).serialize(TOPIC, dose);

        int id = registry.getLatest(TOPIC + "-value").id();
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);

        Object read = deserializer(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true"), false).deserialize(TOPIC, bytes);
        assertThat(read).isInstanceOf(DoseAdministered.class).isEqualTo(dose);

        Object generic = deserializer(Map.of(), false).deserialize(TOPIC, bytes);
        assertThat(generic).isInstanceOf(GenericRecord.class);
        assertThat(((GenericRecord) generic).get("eventId").toString()).isEqualTo("evt-1");
    }

    @Test
    void trustsPulseGeneratedPackagesForAvroDecoding() {
        new KafkaAvroDeserializer(registry);
        assertThat(org.apache.avro.util.ClassSecurityValidator.getGlobal().isTrusted(DoseAdministered.class)).isTrue();
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).contains("vn.pulse");
    }

    @Test
    void specificSerdeForStreams() {
        try (SpecificAvroSerde<DoseAdministered> serde = new SpecificAvroSerde<>(registry)) {
            DoseAdministered dose = Doses.dose(2);
            assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, dose))).isEqualTo(dose);
            assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
            assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        }
    }

    @Test
    void genericSerdeForStreams() {
        try (GenericAvroSerde serde = new GenericAvroSerde(registry)) {
            serde.configure(Map.of(AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, "RecordNameStrategy"), true);
            GenericRecord key = new GenericData.Record(new Schema.Parser().parse(
                    "{\"type\":\"record\",\"name\":\"SiteKey\",\"namespace\":\"test\",\"fields\":[{\"name\":\"site\",\"type\":\"string\"}]}"));
            key.put("site", "site-1");
            GenericRecord read = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, key));
            assertThat(read.get("site").toString()).isEqualTo("site-1");
            assertThat(registry.subjects()).contains("test.SiteKey");
            byte[] notARecord = new KafkaAvroSerializer(registry).serialize("strings", "text");
            assertThatThrownBy(() -> serde.deserializer().deserialize("strings", notARecord))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("KafkaAvroDeserializer");
        }
    }

    @Test
    void specificReaderResolvesAnOlderWriterSchema() {
        Schema old = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"DoseAdministered\",\"namespace\":\"vn.pulse.schemas.health\","
                + "\"fields\":[{\"name\":\"eventId\",\"type\":\"string\"},{\"name\":\"administeredAt\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
                + "{\"name\":\"reportedAt\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},{\"name\":\"siteId\",\"type\":\"string\"},"
                + "{\"name\":\"districtCode\",\"type\":\"string\"},{\"name\":\"ageGroup\",\"type\":\"string\"},"
                + "{\"name\":\"doseKind\",\"type\":{\"type\":\"enum\",\"name\":\"DoseKind\",\"symbols\":[\"FIRST\",\"SECOND\",\"BOOSTER\"]}},"
                + "{\"name\":\"vaccineProduct\",\"type\":\"string\"}]}");
        GenericRecord record = new GenericData.Record(old);
        record.put("eventId", "e");
        record.put("administeredAt", 1_000L);
        record.put("reportedAt", 2_000L);
        record.put("siteId", "s");
        record.put("districtCode", "d");
        record.put("ageGroup", "18+");
        record.put("doseKind", new GenericData.EnumSymbol(old.getField("doseKind").schema(), "BOOSTER"));
        record.put("vaccineProduct", "Pfizer");
        byte[] bytes = serializer(Map.of(), false).serialize("old-topic", record);

        DoseAdministered read = (DoseAdministered) deserializer(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false)
                .deserialize("old-topic", bytes);
        assertThat(read.getPersonRef()).as("filled from the reader's default").isNull();
        assertThat(read.getAdministeredAt().toEpochMilli()).isEqualTo(1_000L);
        assertThat(read.getDoseKind().name()).isEqualTo("BOOSTER");
    }

    @Test
    void keysUseTheKeySubjectAndPrimitivesWork() {
        registry.setCompatibility(null, CompatibilityLevel.NONE);
        KafkaAvroSerializer keys = serializer(Map.of(), true);
        KafkaAvroDeserializer keyReader = deserializer(Map.of(), true);
        assertThat(keyReader.deserialize(TOPIC, keys.serialize(TOPIC, "LS-01"))).isEqualTo("LS-01");
        assertThat(registry.subjects()).contains(TOPIC + "-key");
        assertThat(keyReader.deserialize(TOPIC, keys.serialize(TOPIC, 42L))).isEqualTo(42L);
        assertThat(keyReader.deserialize(TOPIC, keys.serialize(TOPIC, 7))).isEqualTo(7);
        assertThat(keyReader.deserialize(TOPIC, keys.serialize(TOPIC, true))).isEqualTo(true);
        assertThat(keyReader.deserialize(TOPIC, keys.serialize(TOPIC, 1.5d))).isEqualTo(1.5d);
        byte[] raw = keys.serialize(TOPIC, new byte[] {1, 2, 3});
        assertThat(raw).hasSize(8).endsWith(1, 2, 3);
        assertThat((byte[]) keyReader.deserialize(TOPIC, raw)).containsExactly(1, 2, 3);
        assertThat(keys.serialize(TOPIC, null)).isNull();
        assertThatThrownBy(() -> keys.serialize(TOPIC, new Object())).isInstanceOf(SerializationException.class);
    }

    @Test
    void subjectNameStrategiesAndConfluentAliases() {
        DoseAdministered dose = Doses.dose(3);
        serializer(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false)
                .serialize("t1", dose);
        serializer(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, TopicRecordNameStrategy.class), false).serialize("t2", dose);
        serializer(Map.of(AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, "io.confluent.kafka.serializers.subject.TopicNameStrategy"), true)
                .serialize("t3", dose);
        assertThat(registry.subjects()).contains("vn.pulse.schemas.health.DoseAdministered",
                "t2-vn.pulse.schemas.health.DoseAdministered", "t3-key");
        assertThatThrownBy(() -> serializer(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "RecordNameStrategy"), false)
                .serialize("t4", "not a record")).isInstanceOf(SerializationException.class).hasMessageContaining("record");
        assertThatThrownBy(() -> AvroSerdeConfig.parse(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "com.example.Nope")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY);
    }

    @Test
    void withoutAutoRegistrationLooksUpOrUsesTheLatestVersion() {
        DoseAdministered dose = Doses.dose(4);
        Map<String, Object> lookup = Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        assertThatThrownBy(() -> serializer(lookup, false).serialize("unregistered", dose))
                .isInstanceOf(SerializationException.class).hasMessageContaining("40401");

        int id = registry.register("registered-value", dose.getSchema());
        assertThat(WireFormat.schemaId(serializer(lookup, false).serialize("registered", dose))).isEqualTo(id);

        registry.setCompatibility("registered-value", CompatibilityLevel.NONE);
        int latest = registry.register("registered-value", Schema.create(Schema.Type.STRING));
        Map<String, Object> useLatest = new HashMap<>(lookup);
        useLatest.put(AvroSerdeConfig.USE_LATEST_VERSION, "true");
        byte[] bytes = serializer(useLatest, false).serialize("registered", "written with the latest schema");
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(latest);
        assertThat(deserializer(Map.of(), false).deserialize("registered", bytes)).isEqualTo("written with the latest schema");
    }

    @Test
    void incompatibleSchemasAreSerializationErrors() {
        registry.register("strict-value", Doses.dose(0).getSchema());
        assertThatThrownBy(() -> serializer(Map.of(), false).serialize("strict", "a string is not a dose"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("strict-value").hasMessageContaining("409");
    }

    @Test
    void badPayloadsAreSerializationErrors() {
        KafkaAvroDeserializer reader = deserializer(Map.of(), false);
        assertThatThrownBy(() -> reader.deserialize(TOPIC, new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Unknown magic byte 1");
        assertThatThrownBy(() -> reader.deserialize(TOPIC, new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> reader.deserialize(TOPIC, new byte[] {0, 0, 0, 0x30, 0x39, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schema id 12345 is unknown");
        byte[] truncated = serializer(Map.of(), false).serialize(TOPIC, Doses.dose(5));
        assertThatThrownBy(() -> reader.deserialize(TOPIC, java.util.Arrays.copyOf(truncated, 12)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Error deserializing");
        assertThat(reader.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void anUnreachableRegistryIsARetriableErrorAfterABoundedTime() {
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1,http://127.0.0.1:2",
                AvroSerdeConfig.MAX_RETRY_TIME_MS, 300, AvroSerdeConfig.RETRY_BACKOFF_MS, 20);
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer(); KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            serializer.configure(config, false);
            deserializer.configure(config, false);
            long started = System.nanoTime();
            assertThatThrownBy(() -> serializer.serialize(TOPIC, Doses.dose(6)))
                    .isInstanceOf(SchemaRegistryUnavailableException.class).isInstanceOf(RetriableException.class)
                    .hasMessageContaining("127.0.0.1:1");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 1, 2}))
                    .isInstanceOf(RetriableException.class);
        }
    }

    @Test
    void configNeedsAUrlWithoutAClient() {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            assertThatThrownBy(() -> serializer.configure(Map.of(), false)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
    }
}
