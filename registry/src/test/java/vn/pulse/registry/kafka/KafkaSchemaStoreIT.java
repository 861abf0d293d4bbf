package vn.pulse.registry.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.pulse.registry.client.CachedSchemaRegistryClient;
import vn.pulse.registry.client.RegisteredSchema;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.ErrorCode;
import vn.pulse.registry.model.SchemaRegistryException;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/** The Kafka store: a restarted registry knows every schema, and two instances on one topic agree on ids. */
@ExtendWith(KafkaBrokerExtension.class)
@Tag("integration")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KafkaSchemaStoreIT {

    private static Schema schema(String name, int extraFields) {
        StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"string\"}");
        for (int i = 0; i < extraFields; i++) {
            fields.append(",{\"name\":\"f").append(i).append("\",\"type\":\"int\",\"default\":0}");
        }
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"test.store\",\"fields\":[" + fields + "]}");
    }

    @Test
    void restartedRegistryKeepsEveryIdVersionConfigAndDeletion(KafkaBroker broker) {
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.forKafka(broker.bootstrapServers())
                .withPort(0).withTopic(broker.uniqueName("_schemas"));
        List<RegisteredSchema> before = new ArrayList<>();
        int goneId;
        try (SchemaRegistryServer server = SchemaRegistryServer.start(config);
             CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(server.url())) {
            for (int i = 0; i < 3; i++) {
                client.register("restart-a", schema("A", i));
                client.register("restart-b", schema("B", i));
            }
            client.setCompatibility("restart-b", CompatibilityLevel.NONE);
            client.register("restart-b", schema("A", 2));
            client.setCompatibility("restart-a", CompatibilityLevel.FULL);
            goneId = client.register("restart-gone", schema("Gone", 0));
            client.deleteSubject("restart-gone", false);
            client.deleteSubject("restart-gone", true);
            for (String subject : List.of("restart-a", "restart-b")) {
                for (int version : client.versions(subject)) {
                    before.add(client.getVersion(subject, version));
                }
            }
        }
        try (SchemaRegistryServer server = SchemaRegistryServer.start(config);
             CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(server.url())) {
            List<RegisteredSchema> after = new ArrayList<>();
            for (String subject : List.of("restart-a", "restart-b")) {
                for (int version : client.versions(subject)) {
                    after.add(client.getVersion(subject, version));
                }
            }
            assertThat(after).isEqualTo(before);
            for (RegisteredSchema registered : before) {
                assertThat(client.getById(registered.id())).isEqualTo(registered.schema());
            }
            assertThat(client.getCompatibility("restart-a")).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.subjects()).containsExactly("restart-a", "restart-b");
            assertThat(client.register("restart-c", schema("C", 0))).as("ids are never reused").isGreaterThan(goneId);
        }
    }

    @Test
    void refusesATopicThatWouldLoseOrReorderRecords(KafkaBroker broker) {
        TopicSpec partitioned = broker.createUnique(new TopicSpec("_schemas-partitioned", 2, TopicSpec.Role.SYSTEM, null));
        TopicSpec deleting = broker.createUnique(new TopicSpec("_schemas-deleting", 1, TopicSpec.Role.LOG, Duration.ofDays(1)));
        for (TopicSpec topic : List.of(partitioned, deleting)) {
            SchemaRegistryServerConfig config = SchemaRegistryServerConfig.forKafka(broker.bootstrapServers()).withPort(0).withTopic(topic.name());
            assertThatThrownBy(() -> SchemaRegistryServer.start(config)).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.STORE_ERROR);
                assertThat(e.getMessage()).contains(topic.name());
            });
        }
    }

    @Test
    void twoInstancesOnOneTopicAgreeOnIds(KafkaBroker broker) throws Exception {
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.forKafka(broker.bootstrapServers())
                .withPort(0).withTopic(broker.uniqueName("_schemas"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SchemaRegistryServer one = SchemaRegistryServer.start(config);
             SchemaRegistryServer two = SchemaRegistryServer.start(config);
             CachedSchemaRegistryClient viaOne = new CachedSchemaRegistryClient(one.url());
             CachedSchemaRegistryClient viaTwo = new CachedSchemaRegistryClient(two.url())) {
            List<Callable<int[]>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Schema schema = schema("Concurrent" + i, 0);
                String subject = "concurrent-" + i;
                tasks.add(() -> new int[] {viaOne.register(subject, schema), viaTwo.register(subject, schema)});
                tasks.add(() -> new int[] {viaTwo.register(subject + "-other", schema), viaOne.register(subject + "-other", schema)});
            }
            List<Integer> ids = new ArrayList<>();
            for (Future<int[]> result : pool.invokeAll(tasks)) {
                int[] pair = result.get();
                assertThat(pair[0]).isEqualTo(pair[1]);
                ids.add(pair[0]);
            }
            for (int i = 0; i < 6; i++) {
                assertThat(ids.get(2 * i)).as("same schema, same id in every subject").isEqualTo(ids.get(2 * i + 1));
                int id = ids.get(2 * i);
                assertThat(viaOne.getById(id)).isEqualTo(viaTwo.getById(id));
                assertThat(viaOne.getById(id).getName()).isEqualTo("Concurrent" + i);
            }
            assertThat(ids.stream().distinct().count()).as("distinct schemas got distinct ids").isEqualTo(6);
            assertThat(viaOne.versions("concurrent-0")).isEqualTo(viaTwo.versions("concurrent-0")).containsExactly(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
