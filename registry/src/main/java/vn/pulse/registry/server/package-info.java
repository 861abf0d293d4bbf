/**
 * The registry's HTTP server: Confluent Schema Registry's REST protocol over Javalin, storing in Kafka.
 * Start one with {@link vn.pulse.registry.server.SchemaRegistryServer#start}, or run
 * {@link vn.pulse.registry.server.SchemaRegistryServer#main} as its own process.
 */
package vn.pulse.registry.server;
