package vn.pulse.registry.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.config.Secrets;
import vn.pulse.core.config.Settings;
import vn.pulse.core.http.HttpTls;
import vn.pulse.core.topics.Topics;

/**
 * How a {@link SchemaRegistryServer} listens and where it stores schemas.
 *
 * @param host              the address to bind, {@code 127.0.0.1} by default
 * @param port              the port, 8081 by default; 0 picks a free one (see {@link SchemaRegistryServer#port()})
 * @param bootstrapServers  the Kafka cluster holding the store; null keeps schemas in memory only (tests)
 * @param topic             the store's compacted topic, {@code _schemas} by default
 * @param replicationFactor replicas when the registry creates the topic (1 for a single local broker)
 * @param kafkaTimeout      how long a write waits for Kafka before failing with error 50002
 * @param startupTimeout    how long start-up may take to read the store to its end
 * @param kafkaProperties   extra properties for the Kafka clients (security settings, for instance: {@code kafka.client.*})
 * @param tls               HTTPS ({@code registry.tls.*}); {@link HttpTls#NONE} = plain HTTP
 * @param credentialsFile   the users allowed in, with their password hashes and roles ({@code registry.auth.credentials-file},
 *                          format: {@link RegistryCredentials}); null = no authentication, every request is allowed
 * @param modeMutability    whether {@code PUT /mode} may change modes ({@code registry.mode.mutability}, as Confluent's
 *                          {@code mode.mutability}); if not, mode changes answer 422 with error code 42205
 */
public record SchemaRegistryServerConfig(String host, int port, String bootstrapServers, String topic, short replicationFactor,
                                         Duration kafkaTimeout, Duration startupTimeout, Map<String, String> kafkaProperties,
                                         HttpTls tls, Path credentialsFile, boolean modeMutability) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;
    /** HTTPS keys: {@code registry.tls.keystore}, {@code registry.tls.keystore-password}, {@code registry.tls.keystore-type}. */
    public static final String TLS_PREFIX = "registry";

    /** Configuration keys read by {@link #fromSettings(Settings)}, with their defaults. */
    public static final Map<String, String> SETTINGS_DEFAULTS = settingsDefaults();

    public SchemaRegistryServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, was " + replicationFactor);
        }
        kafkaProperties = Map.copyOf(kafkaProperties);
        tls = tls == null ? HttpTls.NONE : tls;
    }

    /** Without authentication, modes changeable. */
    public SchemaRegistryServerConfig(String host, int port, String bootstrapServers, String topic, short replicationFactor,
                                      Duration kafkaTimeout, Duration startupTimeout, Map<String, String> kafkaProperties, HttpTls tls) {
        this(host, port, bootstrapServers, topic, replicationFactor, kafkaTimeout, startupTimeout, kafkaProperties, tls, null, true);
    }

    /** Plain HTTP. */
    public SchemaRegistryServerConfig(String host, int port, String bootstrapServers, String topic, short replicationFactor,
                                      Duration kafkaTimeout, Duration startupTimeout, Map<String, String> kafkaProperties) {
        this(host, port, bootstrapServers, topic, replicationFactor, kafkaTimeout, startupTimeout, kafkaProperties, HttpTls.NONE);
    }

    /** Defaults (127.0.0.1:8081, topic {@code _schemas}) with the store in Kafka at {@code bootstrapServers}. */
    public static SchemaRegistryServerConfig forKafka(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        return new SchemaRegistryServerConfig(DEFAULT_HOST, DEFAULT_PORT, bootstrapServers, Topics.SCHEMAS.name(), (short) 1,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Map.of());
    }

    /** Defaults with the store in memory: nothing survives a restart. For tests that need no broker. */
    public static SchemaRegistryServerConfig inMemory() {
        return new SchemaRegistryServerConfig(DEFAULT_HOST, DEFAULT_PORT, null, Topics.SCHEMAS.name(), (short) 1,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Map.of());
    }

    /**
     * Reads {@code registry.host}, {@code registry.port}, {@code kafka.bootstrap-servers}, {@code registry.topic},
     * {@code registry.topic-replication-factor}, {@code registry.kafka-timeout}, {@code registry.startup-timeout},
     * {@code registry.tls.*} (HTTPS), {@code registry.auth.credentials-file} (empty = no authentication),
     * {@code registry.mode.mutability} and the {@code kafka.client.*} pass-through (Kafka security).
     */
    public static SchemaRegistryServerConfig fromSettings(Settings settings) {
        String credentialsFile = settings.string("registry.auth.credentials-file").trim();
        return forKafka(settings.required("kafka.bootstrap-servers"))
                .withHost(settings.required("registry.host"))
                .withPort(settings.port("registry.port"))
                .withTopic(settings.required("registry.topic"))
                .withReplicationFactor((short) settings.integer("registry.topic-replication-factor", 1, Short.MAX_VALUE))
                .withKafkaTimeout(settings.duration("registry.kafka-timeout"))
                .withStartupTimeout(settings.duration("registry.startup-timeout"))
                .withKafkaProperties(ClientProperties.from(settings).kafka())
                .withTls(HttpTls.from(settings, TLS_PREFIX))
                .withCredentialsFile(credentialsFile.isEmpty() ? null : Path.of(credentialsFile))
                .withModeMutability(settings.bool("registry.mode.mutability"));
    }

    public boolean inMemoryStore() {
        return bootstrapServers == null;
    }

    public SchemaRegistryServerConfig withHost(String newHost) {
        return new SchemaRegistryServerConfig(newHost, port, bootstrapServers, topic, replicationFactor, kafkaTimeout, startupTimeout, kafkaProperties, tls, credentialsFile, modeMutability);
    }

    public SchemaRegistryServerConfig withPort(int newPort) {
        return new SchemaRegistryServerConfig(host, newPort, bootstrapServers, topic, replicationFactor, kafkaTimeout, startupTimeout, kafkaProperties, tls, credentialsFile, modeMutability);
    }

    public SchemaRegistryServerConfig withTopic(String newTopic) {
        return new SchemaRegistryServerConfig(host, port, bootstrapServers, newTopic, replicationFactor, kafkaTimeout, startupTimeout, kafkaProperties, tls, credentialsFile, modeMutability);
    }

    public SchemaRegistryServerConfig withReplicationFactor(short newFactor) {
        return new SchemaRegistryServerConfig(host, port, bootstrapServers, topic, newFactor, kafkaTimeout, startupTimeout, kafkaProperties, tls, credentialsFile, modeMutability);
    }

    public SchemaRegistryServerConfig withKafkaTimeout(Duration newTimeout) {
        return new SchemaRegistryServerConfig(host, port, bootstrapServers, topic, replicationFactor, newTimeout, startupTimeout, kafkaProperties, tls, credentialsFile, modeMutability);
    }

    public SchemaRegistryServerConfig withStartupTimeout(Duration newTimeout) {
        return new SchemaRegistryServerConfig(host, port, bootstrapServers, topic, replicationFactor, kafkaTimeout, newTimeout, kafkaProperties, tls, credentialsFile, modeMutability);
    }

    public SchemaRegistryServerConfig withKafkaProperties(Map<String, String> newProperties) {
        return new SchemaRegistryServerConfig(host, port, bootstrapServers, topic, replicationFactor, kafkaTimeout, startupTimeout, newProperties, tls, credentialsFile, modeMutability);
    }

    public SchemaRegistryServerConfig withTls(HttpTls newTls) {
        return new SchemaRegistryServerConfig(host, port, bootstrapServers, topic, replicationFactor, kafkaTimeout, startupTimeout, kafkaProperties, newTls, credentialsFile, modeMutability);
    }

    /** With HTTP basic authentication against the users in {@code file} ({@link RegistryCredentials}); null turns it off. */
    public SchemaRegistryServerConfig withCredentialsFile(Path file) {
        return new SchemaRegistryServerConfig(host, port, bootstrapServers, topic, replicationFactor, kafkaTimeout, startupTimeout, kafkaProperties, tls, file, modeMutability);
    }

    /** Whether {@code PUT /mode} may change modes. */
    public SchemaRegistryServerConfig withModeMutability(boolean mutable) {
        return new SchemaRegistryServerConfig(host, port, bootstrapServers, topic, replicationFactor, kafkaTimeout, startupTimeout, kafkaProperties, tls, credentialsFile, mutable);
    }

    @Override
    public String toString() {
        // The Kafka properties may hold sasl.jaas.config or ssl.*.password.
        return "SchemaRegistryServerConfig[http=" + host + ":" + port + ", tls=" + tls + ", bootstrapServers=" + bootstrapServers
                + ", topic=" + topic + ", replicationFactor=" + replicationFactor + ", kafkaTimeout=" + kafkaTimeout
                + ", startupTimeout=" + startupTimeout + ", credentialsFile=" + credentialsFile + ", modeMutability=" + modeMutability
                + ", kafkaProperties=" + Secrets.properties(new TreeMap<>(kafkaProperties)) + "]";
    }

    private static Map<String, String> settingsDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("registry.host", DEFAULT_HOST);
        defaults.put("registry.port", Integer.toString(DEFAULT_PORT));
        defaults.put("kafka.bootstrap-servers", "localhost:9092");
        defaults.put("registry.topic", Topics.SCHEMAS.name());
        defaults.put("registry.topic-replication-factor", "1");
        defaults.put("registry.kafka-timeout", "10s");
        defaults.put("registry.startup-timeout", "60s");
        defaults.put("registry.auth.credentials-file", "");
        defaults.put("registry.mode.mutability", "true");
        defaults.putAll(HttpTls.defaults(TLS_PREFIX));
        return Collections.unmodifiableMap(defaults);
    }
}
