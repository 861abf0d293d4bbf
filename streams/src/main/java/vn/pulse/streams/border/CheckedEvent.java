package vn.pulse.streams.border;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import vn.pulse.schemas.border.GateEvent;

/**
 * A gate event with the reason it is rejected ({@code null} when accepted). The reason can depend
 * on the event time observed so far (lateness), which {@link vn.pulse.streams.common.DeadLetters#divert}
 * cannot see, so a processor judges first and the dead-letter step only reads the verdict.
 */
record CheckedEvent(GateEvent event, String reason) {

    /** Writes the event alone (what a dead letter holds); reads back an accepted event. */
    static Serde<CheckedEvent> serde(Serde<GateEvent> events) {
        return Serdes.serdeFrom(
                (topic, checked) -> events.serializer().serialize(topic, checked == null ? null : checked.event()),
                (topic, bytes) -> new CheckedEvent(events.deserializer().deserialize(topic, bytes), null));
    }

    /**
     * Judges each event by its fields and by lateness. Event time is the event's {@code occurredAt};
     * "stream time" is the latest {@code occurredAt} this task has accepted, kept in a store so a
     * restart judges as strictly as before (written once per commit: {@link DecodedStore}). (Record timestamps are not used: a replay of 2021 sends
     * its records stamped with the time they are sent, or the broker's retention would delete them.)
     */
    static final class Judge implements FixedKeyProcessor<String, GateEvent, CheckedEvent> {
        private static final String LATEST = "latest-occurred-at";
        private final BorderConfig config;
        private FixedKeyProcessorContext<String, CheckedEvent> context;
        private DecodedStore<Long> observed;
        private long latest;

        Judge(BorderConfig config) {
            this.config = config;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, CheckedEvent> context) {
            this.context = context;
            this.observed = context.getStateStore(BorderTopology.OBSERVED_TIME_STORE);
            Long stored = observed.get(LATEST);
            this.latest = stored == null ? Long.MIN_VALUE : stored;
        }

        @Override
        public void process(FixedKeyRecord<String, GateEvent> record) {
            GateEvent event = record.value();
            String reason = event == null ? "value is missing (null)" : BorderRules.gateEventReason(record.key(), event,
                    java.time.Instant.ofEpochMilli(context.currentSystemTimeMs()));
            if (reason == null) {
                long at = event.getOccurredAt().toEpochMilli();
                reason = BorderRules.lateReason(at, Math.max(latest, at), config.grace());
                if (reason == null && at > latest) {
                    latest = at;
                    observed.put(LATEST, at);
                }
            }
            context.forward(record.withValue(new CheckedEvent(event, reason)));
        }
    }
}
