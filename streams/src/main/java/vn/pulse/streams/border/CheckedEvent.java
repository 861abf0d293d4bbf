package vn.pulse.streams.border;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import vn.pulse.schemas.border.GateEvent;

/**
 * A gate event with the reason it is rejected ({@code null} when accepted). The reason can depend
 * on stream time (lateness), which {@link vn.pulse.streams.common.DeadLetters#divert} cannot see, so
 * a processor judges first and the dead-letter step only reads the verdict.
 */
record CheckedEvent(GateEvent event, String reason) {

    /** Writes the event alone (what a dead letter holds); reads back an accepted event. */
    static Serde<CheckedEvent> serde(Serde<GateEvent> events) {
        return Serdes.serdeFrom(
                (topic, checked) -> events.serializer().serialize(topic, checked == null ? null : checked.event()),
                (topic, bytes) -> new CheckedEvent(events.deserializer().deserialize(topic, bytes), null));
    }

    /** Judges each event by its fields and by lateness against the task's stream time. */
    static final class Judge implements FixedKeyProcessor<String, GateEvent, CheckedEvent> {
        private final BorderConfig config;
        private FixedKeyProcessorContext<String, CheckedEvent> context;

        Judge(BorderConfig config) {
            this.config = config;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, CheckedEvent> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, GateEvent> record) {
            GateEvent event = record.value();
            String reason = event == null ? "value is missing (null)" : BorderRules.gateEventReason(record.key(), event);
            if (reason == null) {
                reason = BorderRules.lateReason(record.timestamp(), context.currentStreamTimeMs(), config.grace());
            }
            context.forward(record.withValue(new CheckedEvent(event, reason)));
        }
    }
}
