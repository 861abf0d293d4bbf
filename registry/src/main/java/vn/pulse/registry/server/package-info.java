/**
 * The registry's HTTP server: Confluent Schema Registry's REST protocol over Javalin, storing in Kafka.
 * Start one with {@link vn.pulse.registry.server.SchemaRegistryServer#start}, or run
 * {@link vn.pulse.registry.server.SchemaRegistryServer#main} as its own process. Optional HTTP basic
 * authentication with roles: {@link vn.pulse.registry.server.RegistryCredentials} and
 * {@link vn.pulse.registry.server.RegistryRole}.
 */
package vn.pulse.registry.server;
