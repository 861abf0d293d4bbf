package vn.pulse.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import vn.pulse.core.config.ClientProperties;

/** Where the tools that write to Kafka directly ({@code import}, {@code simulate}) find Kafka and the registry. */
final class KafkaOptions {

    /** The credentials file {@code ./pulse run} writes with its default data directory. */
    static final Path LOCAL_RUN_CREDENTIALS = Path.of("data", LocalRegistryCredentials.CREDENTIALS_FILE);

    @Option(names = "--kafka", defaultValue = "${env:PULSE_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry", defaultValue = "${env:PULSE_REGISTRY_URL:-http://127.0.0.1:8081}",
            description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--registry-credentials", paramLabel = "FILE",
            description = {"Schema registry credentials of a local run (its service.user-info is sent).",
                "Default: data/registry-credentials.properties when it exists and PULSE_REGISTRY_CLIENT_BASIC_AUTH_USER_INFO is not set."})
    Path registryCredentials;

    /**
     * The {@code PULSE_KAFKA_CLIENT_*} / {@code PULSE_REGISTRY_CLIENT_*} properties (TLS, SASL, registry truststore and
     * credentials), with the service user of a local run's credentials file when one is given or found.
     */
    ClientProperties clients() {
        ClientProperties env = ClientProperties.fromEnvironment(System.getenv());
        Path file = registryCredentials;
        if (file == null && !env.registry().containsKey("basic.auth.user.info") && Files.isRegularFile(LOCAL_RUN_CREDENTIALS)) {
            file = LOCAL_RUN_CREDENTIALS;
        }
        if (file == null) {
            return env;
        }
        Map<String, String> registry = new HashMap<>(env.registry());
        registry.putAll(LocalRegistryCredentials.clients(file, LocalRegistryCredentials.SERVICE_KEY).registry());
        return new ClientProperties(env.kafka(), registry);
    }
}
