package vn.pulse.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extra properties for every Kafka client ({@code kafka.client.*}) and every schema-registry client
 * ({@code registry.client.*}) a service builds: how a deployment turns on TLS and SASL for Kafka and
 * HTTPS plus basic auth for the registry without code changes (docs/security.md, "Deployment").
 *
 * <p>{@code kafka.client.security.protocol=SASL_SSL} (env {@code PULSE_KAFKA_CLIENT_SECURITY_PROTOCOL})
 * becomes the Kafka property {@code security.protocol} of every producer, consumer, admin and Streams
 * configuration; {@code registry.client.basic.auth.user.info} (env
 * {@code PULSE_REGISTRY_CLIENT_BASIC_AUTH_USER_INFO}) becomes the serde property
 * {@code basic.auth.user.info}. The connection itself stays in {@code kafka.bootstrap-servers} and
 * {@code registry.url}, so both prefixes refuse those two names.
 *
 * @param kafka    Kafka client properties, prefix removed
 * @param registry schema-registry serde properties (Confluent's names), prefix removed
 */
public record ClientProperties(Map<String, String> kafka, Map<String, String> registry) {

    public static final String KAFKA_PREFIX = "kafka.client.";
    public static final String REGISTRY_PREFIX = "registry.client.";
    /** Plaintext Kafka, plain registry URL: the local run and most tests. */
    public static final ClientProperties NONE = new ClientProperties(Map.of(), Map.of());

    public ClientProperties {
        kafka = Map.copyOf(kafka);
        registry = Map.copyOf(registry);
        if (kafka.containsKey("bootstrap.servers")) {
            throw new ConfigException("invalid configuration " + KAFKA_PREFIX + "bootstrap.servers: set kafka.bootstrap-servers instead");
        }
        if (registry.containsKey("schema.registry.url")) {
            throw new ConfigException("invalid configuration " + REGISTRY_PREFIX + "schema.registry.url: set registry.url instead");
        }
    }

    /** The {@code kafka.client.*} and {@code registry.client.*} entries of {@code settings}. */
    public static ClientProperties from(Settings settings) {
        return new ClientProperties(settings.withPrefix(KAFKA_PREFIX), settings.withPrefix(REGISTRY_PREFIX));
    }

    /** The {@code PULSE_KAFKA_CLIENT_*} and {@code PULSE_REGISTRY_CLIENT_*} variables of {@code env} (tools without other settings). */
    public static ClientProperties fromEnvironment(Map<String, String> env) {
        return from(Settings.load(Map.of(), null, env, Map.of()));
    }

    /** A Kafka client configuration: these properties plus {@code bootstrap.servers}; a new mutable map to add to. */
    public Map<String, Object> kafkaConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** A serde configuration: these properties plus {@code schema.registry.url}; a new mutable map to add to. */
    public Map<String, Object> serdeConfig(String registryUrl) {
        Map<String, Object> config = new HashMap<>(registry);
        config.put("schema.registry.url", registryUrl);
        return config;
    }

    @Override
    public String toString() {
        // Passwords, JAAS configurations and user info are masked (Secrets.properties).
        return "ClientProperties[kafka=" + Secrets.properties(new TreeMap<>(kafka)) + ", registry=" + Secrets.properties(new TreeMap<>(registry)) + "]";
    }
}
