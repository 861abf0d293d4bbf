/**
 * The registry's rules, independent of HTTP and of where records are kept: {@link
 * vn.pulse.registry.core.SchemaRegistry} decides, {@link vn.pulse.registry.core.RegistryState} is the
 * in-memory view rebuilt from the store's records, and {@link vn.pulse.registry.core.SchemaStore} keeps
 * them (in memory, or in a compacted Kafka topic).
 */
package vn.pulse.registry.core;
