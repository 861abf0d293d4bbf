package vn.pulse.streams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.registry.client.CachedSchemaRegistryClient;
import vn.pulse.registry.client.RegistryClientConfig;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.GenericAvroSerde;
import vn.pulse.registry.serde.KafkaAvroSerializer;
import vn.pulse.registry.server.RegistryCredentials;
import vn.pulse.registry.server.RegistryRole;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;

/**
 * A Streams app whose registry credentials are refused (401) does not dead-letter the record it cannot
 * read: the task fails and the record is read again once the credentials work; a record that is really
 * bad (an id the registry does not know) is still dead-lettered.
 */
class RegistryRefusalNotDeadLetteredTest {

    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Refused\",\"namespace\":\"test.streams\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");

    @TempDir
    Path dir;

    @Test
    void refusedCredentialsFailTheTaskAndAnUnknownIdIsStillDeadLettered() throws Exception {
        Path users = dir.resolve("registry-users.properties");
        Files.writeString(users, RegistryCredentials.entry("pulse-service", "right-pw", RegistryRole.WRITE) + "\n");
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0)
                .withCredentialsFile(users))) {
            byte[] good;
            try (KafkaAvroSerializer serializer = new KafkaAvroSerializer(new CachedSchemaRegistryClient(
                    RegistryClientConfig.of(registry.url()).withBasicAuth("pulse-service:right-pw")))) {
                GenericRecord value = new GenericData.Record(SCHEMA);
                value.put("a", 1);
                good = serializer.serialize("in", value);
            }
            byte[] unknownId = good.clone();
            unknownId[4] = 99;

            Map<String, Object> wrong = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                    AvroSerdeConfig.BASIC_AUTH_USER_INFO, "pulse-service:wrong-pw", AvroSerdeConfig.MAX_RETRY_TIME_MS, 300,
                    AvroSerdeConfig.RETRY_BACKOFF_MS, 20);
            try (TopologyTestDriver driver = driver(wrong)) {
                TestInputTopic<String, byte[]> in = driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
                TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic("dead", new ByteArrayDeserializer(), new ByteArrayDeserializer());
                assertThatThrownBy(() -> in.pipeInput("k", good, Instant.parse("2021-08-01T02:00:00Z")))
                        .hasStackTraceContaining("refused the credentials");
                assertThat(dead.isEmpty()).as("a refused login is not a bad record").isTrue();
            }

            Map<String, Object> right = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                    AvroSerdeConfig.BASIC_AUTH_USER_INFO, "pulse-service:right-pw");
            try (TopologyTestDriver driver = driver(right)) {
                TestInputTopic<String, byte[]> in = driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
                TestOutputTopic<String, String> out = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
                TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic("dead", new ByteArrayDeserializer(), new ByteArrayDeserializer());
                in.pipeInput("k", good);
                in.pipeInput("k", unknownId);
                assertThat(out.readValuesToList()).containsExactly("{\"a\": 1}");
                assertThat(dead.readRecordsToList()).hasSize(1);
            }
        }
    }

    private static TopologyTestDriver driver(Map<String, Object> serdeConfig) {
        GenericAvroSerde avro = new GenericAvroSerde();
        avro.configure(serdeConfig, false);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), avro)).mapValues(Object::toString)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-refusal-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnBadRecord.class.getName());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead");
        props.put(DeadLetterOnBadRecord.METER_REGISTRY, new SimpleMeterRegistry());
        return new TopologyTestDriver(builder.build(), props);
    }
}
