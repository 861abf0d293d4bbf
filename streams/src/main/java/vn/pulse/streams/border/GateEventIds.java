package vn.pulse.streams.border;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.streams.common.Deduplication;

/**
 * Drops a gate event whose id was accepted before: one point lookup per event in
 * {@link BorderTopology#GATE_EVENT_IDS_STORE} (event id → its first copy's {@code occurredAt}), and
 * one write for a new id. The events stay keyed by gate (the id is read from the value), so no
 * re-keying.
 *
 * <p>Ids are forgotten only long after they can matter: whenever the latest event time seen here has
 * advanced by {@link BorderConfig#dedupRetention()} since the last purge, the ids whose event time
 * is more than twice the retention behind it are deleted. Every copy that still gets here is in an
 * hour still open (lateness is judged before), so it is at most {@code grace + 1h} behind the latest
 * event time; an id it could repeat is then either still kept or more than the retention older than
 * it. Under exactly-once the store's changelog commits with the outputs, so a crash never lets a
 * duplicate through nor drops a first copy.
 */
final class GateEventIds implements FixedKeyProcessor<String, GateEvent, GateEvent> {

    private final String stepName;
    private final long retentionMillis;
    private FixedKeyProcessorContext<String, GateEvent> context;
    private KeyValueStore<String, Long> seen;
    private Sensor dropped;
    private long latest = Long.MIN_VALUE;
    private long purgedAt = Long.MIN_VALUE;

    GateEventIds(String stepName, BorderConfig config) {
        this.stepName = stepName;
        this.retentionMillis = config.dedupRetention().toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, GateEvent> context) {
        this.context = context;
        this.seen = context.getStateStore(BorderTopology.GATE_EVENT_IDS_STORE);
        this.dropped = context.metrics().addRateTotalSensor(Deduplication.METRIC_SCOPE, stepName, "duplicates-dropped",
                Sensor.RecordingLevel.INFO);
        this.latest = Long.MIN_VALUE;
        this.purgedAt = Long.MIN_VALUE;
    }

    @Override
    public void process(FixedKeyRecord<String, GateEvent> record) {
        GateEvent event = record.value();
        String id = event.getEventId();
        if (seen.get(id) != null) {
            dropped.record();
            return;
        }
        long at = event.getOccurredAt().toEpochMilli();
        seen.put(id, at);
        if (at > latest) {
            latest = at;
            if (purgedAt == Long.MIN_VALUE) {
                purgedAt = at;
            } else if (latest - purgedAt >= retentionMillis) {
                purge(latest - 2 * retentionMillis);
                purgedAt = latest;
            }
        }
        context.forward(record);
    }

    /** Deletes the ids whose first copy's event time is before {@code horizon}. */
    private void purge(long horizon) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = seen.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value < horizon) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(seen::delete);
    }
}
