/** The registry's store in a compacted Kafka topic ({@code _schemas}); see docs/registry.md for the design. */
package vn.pulse.registry.kafka;
