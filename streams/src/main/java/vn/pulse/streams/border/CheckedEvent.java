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
     * "stream time" is the latest {@code occurredAt} this task has accepted, kept as an entry of the
     * gate-state store ({@link GateRecord#OBSERVED_TIME_KEY}) so a restart judges as strictly as before,
     * written once per commit with the gates' records, to the same changelog ({@link DecodedStore}).
     * (Record timestamps are not used: a replay of 2021 sends its records stamped with the time they
     * are sent, or the broker's retention would delete them.)
     */
    static final class Judge implements FixedKeyProcessor<String, GateEvent, CheckedEvent> {
        private final BorderConfig config;
        private FixedKeyProcessorContext<String, CheckedEvent> context;
        private DecodedStore<Object> state;
        private long latest;

        Judge(BorderConfig config) {
            this.config = config;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, CheckedEvent> context) {
            this.context = context;
            this.state = context.getStateStore(BorderTopology.GATE_STATE_STORE);
            this.latest = GateRecord.observedTime(state);
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
                    state.put(GateRecord.OBSERVED_TIME_KEY, at);
                }
            }
            context.forward(record.withValue(new CheckedEvent(event, reason)));
        }
    }
}
