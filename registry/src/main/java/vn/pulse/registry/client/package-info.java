/**
 * Clients of a Confluent-compatible schema registry: {@link vn.pulse.registry.client.CachedSchemaRegistryClient}
 * over HTTP (caching, retries, several URLs, basic or bearer auth) and
 * {@link vn.pulse.registry.client.InMemorySchemaRegistryClient} for unit tests.
 */
package vn.pulse.registry.client;
