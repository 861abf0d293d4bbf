package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * {@code ./pulse import} against the real broker: a file with good and bad lines, imported twice; an
 * .xlsx workbook and a {@code ;}-separated CSV as LibreOffice wrote them.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("integration")
class ImportCommandIT {

    @TempDir
    Path dir;

    @Test
    void writesTheGoodLinesReportsTheBadOnesAndWritesTheSameIdsAgain(KafkaBroker broker) throws Exception {
        String topic = broker.createUnique(Topics.GATE_EVENTS).name();
        Path csv = dir.resolve("gate-events.csv");
        Files.writeString(csv, """
                eventId,gateCode,occurredAt,kind,direction,vehicleRef,vehicleType,cargoCategory,tons,declaredValueUsd,greenLane
                ge-1,HUU_NGHI,2021-12-24T08:00:00+07:00,ARRIVED,EXPORT,v-1,TRUCK,AGRICULTURAL_PRODUCE,24.5,18000.00,true
                ge-2,TAN_THANH,2021-12-24T08:10:00+07:00,CROSSED,IMPORT,v-2,CONTAINER_TRUCK,MACHINERY_AND_ELECTRONICS,12,95000.5,
                ge-3,HUU_NGHI,2021-12-24T08:20:00+07:00,CROSSED,EXPORT,v-3,TRUCK,SEAFOOD,-2,100.999,
                ,CHI_MA,2021-12-24T08:30:00+07:00,LEFT,EXPORT,v-4,TRUCK,EMPTY,0,0,false
                ge-5,LONDON,2021-12-24T08:40:00+07:00,CROSSED,EXPORT,v-5,TRUCK,SEAFOOD,1,1,
                """);
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0))) {
            String[] args = {"import", csv.toString(), "--kind", "gate-events", "--kafka", broker.bootstrapServers(),
                "--registry", registry.url(), "--topic", topic};
            StringWriter out = new StringWriter();
            assertThat(run(out, args)).as(out.toString()).isEqualTo(1);
            assertThat(out.toString().lines().toList()).containsExactly(
                    "line 4: tons must not be negative, was -2; declaredValueUsd at most 2 decimals, was 100.999",
                    "line 6: gateCode unknown gate code 'LONDON' (known: HUU_NGHI, DONG_DANG, TAN_THANH, CHI_MA, COC_NAM, NA_HINH,"
                            + " BINH_NGHI, NA_NUA)",
                    out.toString().lines().filter(l -> l.startsWith("5 lines")).findFirst().orElse("no summary"));
            assertThat(out.toString()).contains("5 lines: 3 written, 2 invalid, 0 not written");
            List<String> first = eventIds(broker.bootstrapServers(), topic);
            assertThat(first).hasSize(3).contains("ge-1", "ge-2").anySatisfy(id -> assertThat(id).startsWith("csv-"));

            assertThat(run(new StringWriter(), args)).isEqualTo(1);
            List<String> both = eventIds(broker.bootstrapServers(), topic);
            assertThat(both).hasSize(6);
            assertThat(new java.util.HashSet<>(both)).as("the same three ids, each written twice").isEqualTo(new java.util.HashSet<>(first));
        }
    }

    @Test
    void importsTheWorkbookAndTheVietnameseCsvThatLibreOfficeWrote(KafkaBroker broker) throws Exception {
        // The producer module's fixtures (how they were written: their README); the build runs in the module's folder.
        Path sheets = Path.of("..", "producer", "src", "test", "resources", "spreadsheets");
        String topic = broker.createUnique(Topics.GATE_EVENTS).name();
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0))) {
            StringWriter out = new StringWriter();
            assertThat(run(out, "import", sheets.resolve("gate-events.xlsx").toString(), "--kind", "gate-events",
                    "--kafka", broker.bootstrapServers(), "--registry", registry.url(), "--topic", topic)).as(out.toString()).isEqualTo(0);
            assertThat(out.toString()).startsWith("3 rows: 3 written, 0 invalid, 0 not written");
            assertThat(eventIds(broker.bootstrapServers(), topic)).containsExactlyInAnyOrder("ge-301", "ge-302", "ge-303");

            out = new StringWriter();
            assertThat(run(out, "import", sheets.resolve("gate-events-vi-semicolon.csv").toString(), "--kind", "gate-events",
                    "--kafka", broker.bootstrapServers(), "--registry", registry.url(), "--topic", topic)).as(out.toString()).isEqualTo(0);
            assertThat(out.toString()).startsWith("3 lines: 3 written, 0 invalid, 0 not written");
            assertThat(eventIds(broker.bootstrapServers(), topic)).hasSize(6).containsOnly("ge-301", "ge-302", "ge-303");
        }
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new PulseCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    /** The event ids in the topic (gate events are keyed by gate; the id is the value's first field). */
    private static List<String> eventIds(String bootstrap, String topic) {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            for (ConsumerRecord<String, byte[]> r : records) {
                // Confluent wire format: magic byte, 4-byte schema id, then Avro: the id string is its zig-zag
                // length (one byte for ids under 64 characters) and UTF-8.
                byte[] v = r.value();
                int length = (v[5] & 0xff) >>> 1;
                ids.add(new String(v, 6, length, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return ids;
    }
}
