package vn.pulse.streams;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.registry.client.CachedSchemaRegistryClient;
import vn.pulse.registry.client.SchemaRegistryClient;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.SpecificAvroSerde;
import vn.pulse.registry.serde.TopicRecordNameStrategy;

/**
 * Makes the Avro serdes of the topologies, all against one registry client: an HTTP one in the app
 * (shared by every serde: one connection pool and one selector thread for the process, one schema
 * cache, however many serdes the topology has or how often it is built again), an in-memory one in
 * {@code TopologyTestDriver} tests.
 */
public final class PulseSerdes {

    private final Map<String, Object> config;
    private final SchemaRegistryClient client;

    private PulseSerdes(Map<String, Object> config, SchemaRegistryClient client) {
        this.config = config;
        this.client = client;
    }

    /** Serdes that talk to the registry at {@code registryUrl}. */
    public static PulseSerdes forRegistry(String registryUrl) {
        return forRegistry(ClientProperties.NONE, registryUrl);
    }

    /** The same, with the {@code registry.client.*} properties (HTTPS truststore, basic auth). */
    public static PulseSerdes forRegistry(ClientProperties clients, String registryUrl) {
        Map<String, Object> config = Map.copyOf(clients.serdeConfig(registryUrl));
        return new PulseSerdes(config, new CachedSchemaRegistryClient(AvroSerdeConfig.parse(config).clientConfig()));
    }

    /** Serdes over a given client (tests pass an in-memory one). */
    public static PulseSerdes forClient(SchemaRegistryClient client) {
        return new PulseSerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://pulse"), client);
    }

    /** A value serde for a generated Avro class. */
    public <T extends SpecificRecord> SpecificAvroSerde<T> specific() {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(client);
        serde.configure(config, false);
        return serde;
    }

    /**
     * A value serde for writing a generated Avro class to the dead-letter topic. That one topic holds
     * every domain's rejected records, so their schemas are registered per record type
     * ({@code pulse.dead-letters.v1-vn.pulse.schemas.health.DoseAdministered}); under the default
     * {@code <topic>-value} subject the second type rejected would be refused as incompatible and
     * stop the stream thread.
     */
    public <T extends SpecificRecord> SpecificAvroSerde<T> forDeadLetters() {
        return forSharedTopic();
    }

    /**
     * A value serde for a topic that holds several record types (the dead letters; {@code alerts.v1},
     * with congestion and stock-out alerts): each type's schema is registered under its own subject,
     * {@code <topic>-<record full name>}.
     */
    public <T extends SpecificRecord> SpecificAvroSerde<T> forSharedTopic() {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(client);
        Map<String, Object> deadLetterConfig = new HashMap<>(config);
        deadLetterConfig.put(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, TopicRecordNameStrategy.class.getName());
        serde.configure(deadLetterConfig, false);
        return serde;
    }
}
