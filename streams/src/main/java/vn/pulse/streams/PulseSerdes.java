package vn.pulse.streams;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import vn.pulse.registry.client.SchemaRegistryClient;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.SpecificAvroSerde;

/**
 * Makes the Avro serdes of the topologies, all against one registry: a URL in the app, an
 * in-memory client in {@code TopologyTestDriver} tests.
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
        return new PulseSerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), null);
    }

    /** Serdes over a given client (tests pass an in-memory one). */
    public static PulseSerdes forClient(SchemaRegistryClient client) {
        return new PulseSerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://pulse"), client);
    }

    /** A value serde for a generated Avro class. */
    public <T extends SpecificRecord> SpecificAvroSerde<T> specific() {
        SpecificAvroSerde<T> serde = client == null ? new SpecificAvroSerde<>() : new SpecificAvroSerde<>(client);
        serde.configure(config, false);
        return serde;
    }
}
