package vn.pulse.registry.server;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;
import vn.pulse.core.ops.OpsRoutes;
import vn.pulse.core.ops.Readiness;
import vn.pulse.core.ops.ServiceMetrics;
import vn.pulse.registry.core.InMemorySchemaStore;
import vn.pulse.registry.core.SchemaRegistry;
import vn.pulse.registry.core.SchemaStore;
import vn.pulse.registry.kafka.KafkaSchemaStore;
import vn.pulse.registry.kafka.KafkaStoreOptions;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * A schema registry that speaks Confluent's REST protocol and keeps its schemas in a compacted Kafka
 * topic. Confluent's clients and serdes work against it.
 *
 * <pre>{@code
 * try (var server = SchemaRegistryServer.start(SchemaRegistryServerConfig.forKafka(bootstrap).withPort(0))) {
 *     String url = server.url();   // "http://127.0.0.1:<port>"
 * }
 * }</pre>
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);

    private final SchemaRegistryServerConfig config;
    private final SchemaRegistry registry;
    private final Javalin app;
    private final ServiceMetrics metrics;

    private SchemaRegistryServer(SchemaRegistryServerConfig config, SchemaRegistry registry, Javalin app, ServiceMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.app = app;
        this.metrics = metrics;
    }

    /**
     * Loads the store (creating its topic if needed and reading it to the end), then starts serving.
     * Returns once requests are answered.
     *
     * @throws vn.pulse.registry.model.SchemaRegistryException if Kafka cannot be read within the startup timeout
     */
    public static SchemaRegistryServer start(SchemaRegistryServerConfig config) {
        // Read the users first: a broken credentials file stops start-up before the store is opened.
        RegistryCredentials credentials = config.credentialsFile() == null ? null : RegistryCredentials.load(config.credentialsFile());
        SchemaStore store = config.inMemoryStore() ? new InMemorySchemaStore() : KafkaSchemaStore.open(new KafkaStoreOptions(
                config.bootstrapServers(), config.topic(), config.replicationFactor(), config.kafkaTimeout(),
                config.startupTimeout(), config.kafkaProperties()));
        SchemaRegistry registry = new SchemaRegistry(store);
        // Ops endpoints next to the Confluent API: /health/live, /health/ready, /metrics (none of
        // them is a path of the registry protocol).
        ServiceMetrics metrics = ServiceMetrics.create("registry");
        if (store instanceof KafkaSchemaStore kafkaStore) {
            kafkaStore.bindMetrics(metrics.registry());
        }
        try {
            Javalin app = Javalin.create(javalin -> {
                javalin.startup.showJavalinBanner = false;
                javalin.startup.showOldJavalinVersionWarning = false;
                javalin.http.prefer405over404 = true;
                RegistryHttpApi.install(javalin, registry, new RegistryAccess(credentials, metrics.registry()), config.modeMutability());
                OpsRoutes.install(javalin, "registry", metrics, () -> Readiness.ready("schemas loaded"));
                config.tls().apply(javalin, config.host(), config.port());
            }).start(config.host(), config.port());
            SchemaRegistryServer server = new SchemaRegistryServer(config, registry, app, metrics);
            LOG.info("Schema registry serving at {} (store: {}; {}; mode changes {})", server.url(),
                    config.inMemoryStore() ? "memory" : "topic " + config.topic() + " at " + config.bootstrapServers(),
                    credentials == null ? "no authentication" : "basic authentication, " + credentials.size() + " users in " + credentials.file(),
                    config.modeMutability() ? "allowed" : "refused");
            return server;
        } catch (RuntimeException e) {
            registry.close();
            metrics.close();
            throw e;
        }
    }

    /** The port it listens on (the one picked when configured with 0). */
    public int port() {
        return app.port();
    }

    /** The base URL clients use, such as {@code http://127.0.0.1:8081} ({@code https://} with TLS on). */
    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return config.tls().scheme() + "://" + host + ":" + port();
    }

    /** Stops serving and closes the store. */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            registry.close();
            metrics.close();
        }
    }

    /**
     * Runs the registry as its own process until it is stopped. Options: {@code --config FILE} (a properties
     * file) and {@code key=value} overrides; environment variables {@code PULSE_REGISTRY_PORT} and so on.
     * Keys: see {@link SchemaRegistryServerConfig#SETTINGS_DEFAULTS}.
     */
    public static void main(String[] args) {
        try {
            Settings settings = settings(args, System.getenv());
            SchemaRegistryServer server = start(SchemaRegistryServerConfig.fromSettings(settings));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "schema-registry-shutdown"));
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("schema registry: " + e.getMessage());
            System.err.println("usage: SchemaRegistryServer [--config FILE] [key=value ...]; keys: "
                    + SchemaRegistryServerConfig.SETTINGS_DEFAULTS.keySet());
            System.exit(2);
        } catch (SchemaRegistryException e) {
            LOG.error("Schema registry cannot start: {}", e.getMessage());
            System.exit(1);
        }
    }

    /** The layered settings of a command line: defaults, {@code --config FILE}, the environment, then {@code key=value}. */
    static Settings settings(String[] args, Map<String, String> env) {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (arg.startsWith("--config=")) {
                file = Path.of(arg.substring("--config=".length()));
            } else if (arg.contains("=")) {
                String[] pair = arg.replaceFirst("^--", "").split("=", 2);
                overrides.put(pair[0], pair[1]);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
        }
        return Settings.load(SchemaRegistryServerConfig.SETTINGS_DEFAULTS, file, env, overrides);
    }
}
