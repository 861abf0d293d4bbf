package vn.pulse.streams.common;

import java.time.Duration;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops records whose key (an event id) was already seen within a retention period, so a source
 * that re-sends an event never counts it twice. Shared by every domain.
 *
 * <p>Seen ids live in a windowed store keyed by event id, at the record's timestamp; old segments
 * expire with stream time, so the store stays bounded. Under exactly-once the store's changelog
 * commits with the output, so a crash never lets a duplicate through nor drops a first copy.
 */
public final class Deduplication {

    /** The Kafka Streams sensor group under which each step reports {@code duplicates-dropped-total}. */
    public static final String METRIC_SCOPE = "pulse-deduplication";

    private Deduplication() {
    }

    /**
     * Returns {@code events} without repeats of a key seen within {@code retention} (before or after
     * in event time).
     *
     * @param storeName the store's name: part of the app's state (its changelog topic), keep it stable
     * @param stepName  the processor's name in the topology
     */
    public static <V> KStream<String, V> dropDuplicates(StreamsBuilder builder, KStream<String, V> events,
                                                        String storeName, String stepName, Duration retention) {
        return dropDuplicates(builder, events, storeName, stepName, retention, null);
    }

    /**
     * As {@link #dropDuplicates(StreamsBuilder, KStream, String, String, Duration)}, with the window on
     * the event time {@code eventTime} reads from the value instead of the record timestamp. For inputs
     * whose record timestamps are send times (a re-send, however late, carries a new one) and whose
     * steps before refuse events too old for the window (a lateness bound shorter than
     * {@code retention}): then every copy that gets this far is compared with its first copy, whenever
     * it was sent.
     */
    public static <V> KStream<String, V> dropDuplicatesByEventTime(StreamsBuilder builder, KStream<String, V> events,
                                                                   String storeName, String stepName, Duration retention,
                                                                   ToLongFunction<V> eventTime) {
        return dropDuplicates(builder, events, storeName, stepName, retention, eventTime);
    }

    private static <V> KStream<String, V> dropDuplicates(StreamsBuilder builder, KStream<String, V> events, String storeName,
                                                         String stepName, Duration retention, ToLongFunction<V> eventTime) {
        builder.addStateStore(Stores.windowStoreBuilder(
                ResumableWindowStores.persistent(storeName, retention.multipliedBy(2), retention, false),
                Serdes.String(), Serdes.Long()));
        return events.processValues(() -> new DropRepeats<V>(storeName, stepName, retention, eventTime), Named.as(stepName),
                storeName);
    }

    /**
     * Returns {@code events} without repeats of a key ever seen: every id is remembered in a key-value
     * store that does not expire, so a re-send counts once at any age (a second run of a whole feed
     * included). One point lookup per record; for inputs of modest volume (thousands to tens of
     * thousands of ids a year), where a forgotten id would be counted again.
     *
     * @param storeName the store's name: part of the app's state (its changelog topic), keep it stable
     * @param stepName  the processor's name in the topology (and the {@code duplicates-dropped} sensor's id)
     */
    public static <V> KStream<String, V> dropRepeatsOfAnyAge(StreamsBuilder builder, KStream<String, V> events,
                                                            String storeName, String stepName) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName),
                Serdes.String(), Serdes.Long()));
        return events.processValues(() -> new DropEverSeen<V>(storeName, stepName), Named.as(stepName), storeName);
    }

    /**
     * Forwards the first copy of each id and drops the later ones, counting them; a record without an
     * id is forwarded (validation upstream dead-letters it). Subclasses say how ids are remembered.
     */
    private abstract static class DropSeen<V> implements FixedKeyProcessor<String, V, V> {
        private final String storeName;
        private final String stepName;
        private FixedKeyProcessorContext<String, V> context;
        private Sensor dropped;

        DropSeen(String storeName, String stepName) {
            this.storeName = storeName;
            this.stepName = stepName;
        }

        /** Opens the store of seen ids. */
        abstract void open(FixedKeyProcessorContext<String, V> context, String storeName);

        /** Whether {@code id} was seen; if not, remembers it. */
        abstract boolean seenElseRemember(String id, FixedKeyRecord<String, V> record);

        @Override
        public void init(FixedKeyProcessorContext<String, V> context) {
            this.context = context;
            open(context, storeName);
            this.dropped = context.metrics().addRateTotalSensor(METRIC_SCOPE, stepName, "duplicates-dropped",
                    Sensor.RecordingLevel.INFO);
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            String id = record.key();
            if (id != null && seenElseRemember(id, record)) {
                dropped.record();
                return;
            }
            context.forward(record);
        }
    }

    /** Remembers each id with the timestamp of its first copy, for good; drops every later copy. */
    private static final class DropEverSeen<V> extends DropSeen<V> {
        private KeyValueStore<String, Long> seen;

        DropEverSeen(String storeName, String stepName) {
            super(storeName, stepName);
        }

        @Override
        void open(FixedKeyProcessorContext<String, V> context, String storeName) {
            this.seen = context.getStateStore(storeName);
        }

        @Override
        boolean seenElseRemember(String id, FixedKeyRecord<String, V> record) {
            if (seen.get(id) != null) {
                return true;
            }
            seen.put(id, record.timestamp());
            return false;
        }
    }

    /** Remembers each id for {@code retention} around its time (record time, or the event's own); drops copies within it. */
    private static final class DropRepeats<V> extends DropSeen<V> {
        private final long retentionMillis;
        private final ToLongFunction<V> eventTime;
        private WindowStore<String, Long> seen;

        DropRepeats(String storeName, String stepName, Duration retention, ToLongFunction<V> eventTime) {
            super(storeName, stepName);
            this.retentionMillis = retention.toMillis();
            this.eventTime = eventTime;
        }

        @Override
        void open(FixedKeyProcessorContext<String, V> context, String storeName) {
            this.seen = context.getStateStore(storeName);
        }

        @Override
        boolean seenElseRemember(String id, FixedKeyRecord<String, V> record) {
            long ts = eventTime == null ? record.timestamp() : eventTime.applyAsLong(record.value());
            // The long-bounds fetch: the Instant one formats an error-message prefix on every call.
            try (WindowStoreIterator<Long> earlier = seen.fetch(id, Math.max(0, ts - retentionMillis), ts + retentionMillis)) {
                if (earlier.hasNext()) {
                    return true;
                }
            }
            seen.put(id, ts, ts);
            return false;
        }
    }
}
