package vn.pulse.cli;

import picocli.CommandLine.Option;
import vn.pulse.core.config.ClientProperties;

/** Where the tools that write to Kafka directly ({@code import}, {@code simulate}) find Kafka and the registry. */
final class KafkaOptions {

    @Option(names = "--kafka", defaultValue = "${env:PULSE_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry", defaultValue = "${env:PULSE_REGISTRY_URL:-http://127.0.0.1:8081}",
            description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    /** The {@code PULSE_KAFKA_CLIENT_*} / {@code PULSE_REGISTRY_CLIENT_*} properties (TLS, SASL, registry truststore and credentials). */
    ClientProperties clients() {
        return ClientProperties.fromEnvironment(System.getenv());
    }
}
