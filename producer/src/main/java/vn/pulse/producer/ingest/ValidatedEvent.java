package vn.pulse.producer.ingest;

import org.apache.avro.specific.SpecificRecord;

/**
 * An event that passed validation, ready to be written exactly as the Streams topology expects it.
 *
 * @param kind      what it is
 * @param id        its event id (what the topology de-duplicates on)
 * @param key       the record key: the event id, except gate events (gate code) and corrections (the dose's id)
 * @param timestamp the record timestamp in epoch ms, or {@code null} to let the producer stamp it
 * @param scopeCode the gate or district code an API key must cover to write it; {@code null} when
 *                  the event names none (an allocation to the province's own stock)
 * @param value     the Avro record
 */
public record ValidatedEvent(IngestKind kind, String id, String key, Long timestamp, String scopeCode, SpecificRecord value) {
}
