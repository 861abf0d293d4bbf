/**
 * Kafka serdes for Avro in Confluent's wire format (magic byte 0, 4-byte big-endian schema id, Avro binary),
 * configured with Confluent's property names (see {@link vn.pulse.registry.serde.AvroSerdeConfig}).
 */
package vn.pulse.registry.serde;
