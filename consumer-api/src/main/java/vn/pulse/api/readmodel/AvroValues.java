package vn.pulse.api.readmodel;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.registry.serde.SpecificAvroSerde;

/** Deserializers of the aggregate topics' values: generated Avro classes, schemas from the registry. */
public final class AvroValues {

    private AvroValues() {
    }

    /** A value deserializer for a generated Avro class, with the {@code registry.client.*} properties (HTTPS truststore, basic auth). */
    public static <T extends SpecificRecord> Deserializer<T> deserializer(ClientProperties clients, String registryUrl) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>();
        serde.configure(clients.serdeConfig(registryUrl), false);
        return serde.deserializer();
    }
}
