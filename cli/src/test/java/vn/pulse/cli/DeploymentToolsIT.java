package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * The deployment's init steps ({@code pulse topics create}, {@code pulse reference-data publish}) and
 * its demo feeder ({@code pulse feed}) on a real broker. They provision the real topic names: no other test of this JVM uses them on the shared broker.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("integration")
class DeploymentToolsIT {

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new PulseCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return cli.execute(args);
    }

    @Test
    void createsEveryDeclaredTopicOnceThenPublishesReferenceData(KafkaBroker broker) throws Exception {
        assertThat(run("topics", "create", "--bootstrap-servers", broker.bootstrapServers())).as(out.toString()).isZero();
        assertThat(out.toString()).contains(Topics.all().size() + " topics declared");

        try (var admin = broker.admin()) {
            List<String> names = Topics.all().stream().map(TopicSpec::name).toList();
            var described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicSpec spec : Topics.all()) {
                assertThat(described.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
            }
            ConfigResource coverage = new ConfigResource(ConfigResource.Type.TOPIC, Topics.VACCINATION_COVERAGE.name());
            assertThat(admin.describeConfigs(List.of(coverage)).all().get(30, TimeUnit.SECONDS).get(coverage)
                    .get("cleanup.policy").value()).isEqualTo("compact");
        }

        // Every start of the deployment runs it again: nothing left to create, and no failure.
        out.getBuffer().setLength(0);
        assertThat(run("topics", "create", "--bootstrap-servers", broker.bootstrapServers())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("0 created (all existed)");

        try (SchemaRegistryServer registry = SchemaRegistryServer.start(
                SchemaRegistryServerConfig.forKafka(broker.bootstrapServers()).withHost("127.0.0.1").withPort(0))) {
            assertThat(run("reference-data", "publish", "--bootstrap-servers", broker.bootstrapServers(),
                    "--registry-url", registry.url())).as(out.toString()).isZero();
            assertThat(endOffsets(broker, Topics.DISTRICTS)).isPositive();
            assertThat(endOffsets(broker, Topics.POPULATION)).isPositive();
            assertThat(endOffsets(broker, Topics.GATES)).isPositive();
            assertThat(endOffsets(broker, Topics.COVERAGE_TARGETS)).as("the shipped data set's four coverage targets").isEqualTo(4);
            assertThat(out.toString()).contains("4 coverage targets");

            // The compose profile "demo": 'pulse feed' writes doses into the running cluster until stopped.
            long before = endOffsets(broker, Topics.VACCINATION_DOSES);
            AtomicInteger exit = new AtomicInteger(-1);
            Thread feeder = new Thread(() -> exit.set(run("feed", "--feed=demo", "--rate=50", "--kafka", broker.bootstrapServers(),
                    "--registry", registry.url())), "feed-under-test");
            feeder.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> endOffsets(broker, Topics.VACCINATION_DOSES) > before + 20);
            feeder.interrupt();
            feeder.join(Duration.ofSeconds(30).toMillis());
            assertThat(feeder.isAlive()).as("the feed stops when asked").isFalse();
            assertThat(exit.get()).as(out.toString()).isZero();
            assertThat(out.toString()).contains("Feeding ", "stopped, ");
        }
    }

    private static long endOffsets(KafkaBroker broker, TopicSpec topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
