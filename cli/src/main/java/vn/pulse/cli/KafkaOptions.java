package vn.pulse.cli;

import picocli.CommandLine.Option;

/** Where the tools that write to Kafka directly ({@code import}, {@code simulate}) find Kafka and the registry. */
final class KafkaOptions {

    @Option(names = "--kafka", defaultValue = "${env:PULSE_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry", defaultValue = "${env:PULSE_REGISTRY_URL:-http://127.0.0.1:8081}",
            description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
    String registryUrl;
}
