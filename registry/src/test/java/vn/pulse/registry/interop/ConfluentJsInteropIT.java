package vn.pulse.registry.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.KafkaAvroDeserializer;
import vn.pulse.registry.serde.KafkaAvroSerializer;
import vn.pulse.registry.serde.WireFormat;
import vn.pulse.registry.server.RegistryUsersFile;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * Confluent's official JavaScript client ({@code @confluentinc/schemaregistry}, pinned in
 * src/test/interop/package.json) against our server, and its Avro serdes against ours, both directions:
 * bytes are exchanged through files, with basic authentication on. Skipped only where node or npm is missing.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Tag("integration")
@Tag("slow")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ConfluentJsInteropIT {

    private static final Path INTEROP = Path.of("src/test/interop");
    private static final String TOPIC = "interop-doses";

    @Test
    void confluentJavaScriptClientAndSerdesWorkWithOurs(KafkaBroker broker, @TempDir Path work) throws Exception {
        assumeTrue(NodeRunner.available("node") && NodeRunner.available("npm"),
                "node and npm are not installed: skipping the Confluent JavaScript interoperability test");
        NodeRunner node = new NodeRunner(INTEROP.toAbsolutePath());
        node.installIfOutdated();

        // With basic authentication on: their client logs in with Confluent's USER_INFO credentials, ours with
        // basic.auth.user.info; both sides need an admin user, since the script also deletes and sets compatibility.
        Path users = RegistryUsersFile.write(work.resolve("registry-users.properties"), Map.of("interop", "interop-pw:admin"));
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.forKafka(broker.bootstrapServers())
                .withPort(0).withTopic(broker.uniqueName("_schemas")).withCredentialsFile(users);
        try (SchemaRegistryServer server = SchemaRegistryServer.start(config);
             KafkaAvroSerializer serializer = new KafkaAvroSerializer();
             KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url(), AvroSerdeConfig.SPECIFIC_AVRO_READER, true,
                    AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO", AvroSerdeConfig.BASIC_AUTH_USER_INFO, "interop:interop-pw");
            serializer.configure(serdeConfig, false);
            deserializer.configure(serdeConfig, false);

            DoseAdministered javaDose = DoseAdministered.newBuilder().setEventId("java-1")
                    .setAdministeredAt(Instant.ofEpochMilli(1_630_400_000_000L)).setReportedAt(Instant.ofEpochMilli(1_630_400_090_000L))
                    .setSiteId("site-java").setDistrictCode("LS-03").setAgeGroup("18+").setDoseKind(DoseKind.BOOSTER)
                    .setVaccineProduct("Vero Cell").setPersonRef(null).build();
            byte[] javaBytes = serializer.serialize(TOPIC, javaDose);
            Files.write(work.resolve("java-dose.bin"), javaBytes);
            Files.writeString(work.resolve("dose-schema.json"), DoseAdministered.getClassSchema().toString());

            NodeRunner.Result result = node.node(Duration.ofSeconds(60), "interop.js", server.url(), work.toAbsolutePath().toString(),
                    "interop:interop-pw");
            assertThat(result.exitCode()).as("node failed:\n" + result.stderr()).isZero();
            JsonNode report = new ObjectMapper().readTree(result.stdout());

            assertThat(report.get("id").asInt()).as("their registration finds the id our serializer registered")
                    .isEqualTo(WireFormat.schemaId(javaBytes));
            report.get("checks").properties().forEach(check ->
                    assertThat(check.getValue().asText()).as(check.getKey()).isIn("true", "ok"));
            assertThat(report.get("checks").size()).isGreaterThan(17);
            assertThat(report.get("checks").has("anonymousIs40101")).isTrue();

            JsonNode fromJava = report.get("fromJava");
            assertThat(fromJava.get("eventId").asText()).isEqualTo("java-1");
            assertThat(fromJava.get("administeredAt").asLong()).isEqualTo(1_630_400_000_000L);
            assertThat(fromJava.get("doseKind").asText()).isEqualTo("BOOSTER");
            assertThat(fromJava.get("vaccineProduct").asText()).isEqualTo("Vero Cell");
            assertThat(fromJava.get("personRef").isNull()).isTrue();

            byte[] jsBytes = Files.readAllBytes(work.resolve("js-dose.bin"));
            assertThat(WireFormat.schemaId(jsBytes)).isEqualTo(WireFormat.schemaId(javaBytes));
            DoseAdministered fromJs = (DoseAdministered) deserializer.deserialize(TOPIC, jsBytes);
            assertThat(fromJs.getEventId()).isEqualTo("js-1");
            assertThat(fromJs.getAdministeredAt()).isEqualTo(Instant.ofEpochMilli(1_630_483_200_000L));
            assertThat(fromJs.getDoseKind()).isEqualTo(DoseKind.SECOND);
            assertThat(fromJs.getPersonRef()).isEqualTo("p-js");
            assertThat(fromJs.getAgeGroup()).isEqualTo("12-17");
        }
    }
}
