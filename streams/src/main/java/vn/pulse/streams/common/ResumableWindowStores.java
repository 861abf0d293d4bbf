package vn.pulse.streams.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Persistent window stores that survive a clean restart under exactly-once even while they are empty.
 *
 * <p>Why: since Kafka Streams 4.3 (KIP-1035) a RocksDB store keeps its changelog offset inside its own
 * files instead of the task's {@code .checkpoint}. A segmented (window) store keeps it in its segments,
 * so a window store that holds no record has no segment and nowhere to keep its offset: after a clean
 * stop it reports none, and under exactly-once a persistent store without an offset, in a task whose
 * state directory is not empty, marks the whole task corrupted: every store of the task is wiped and
 * restored from its changelog. Our dedup stores are empty in the normal case (dose corrections are
 * rare), and the corrections' dedup store shares its task with the dose ledger, so every restart of
 * the Streams app restored the whole ledger.
 *
 * <p>The fix: an empty store (no record on disk, so nothing uncommitted either) reports the "offset
 * unknown" sentinel that Kafka Streams' own key-value stores report when they have never been written;
 * it is then restored from the start of its changelog (nothing, or its few committed records) and its
 * task is not wiped. A store that holds records but no offset still reports none (a real loss, wiped).
 */
public final class ResumableWindowStores {

    /** Kafka Streams' sentinel for "no offset known yet" ({@code OffsetCheckpoint.OFFSET_UNKNOWN}). */
    static final long OFFSET_UNKNOWN = -4L;

    private ResumableWindowStores() {
    }

    /** Like {@link Stores#persistentWindowStore(String, Duration, Duration, boolean)}, resumable when empty. */
    public static WindowBytesStoreSupplier persistent(String name, Duration retention, Duration windowSize, boolean retainDuplicates) {
        WindowBytesStoreSupplier rocks = Stores.persistentWindowStore(name, retention, windowSize, retainDuplicates);
        return new WindowBytesStoreSupplier() {
            @Override
            public String name() {
                return rocks.name();
            }

            @Override
            public WindowStore<Bytes, byte[]> get() {
                return new EmptyAware(rocks.get());
            }

            @Override
            public String metricsScope() {
                return rocks.metricsScope();
            }

            @Override
            public long segmentIntervalMs() {
                return rocks.segmentIntervalMs();
            }

            @Override
            public long windowSize() {
                return rocks.windowSize();
            }

            @Override
            public boolean retainDuplicates() {
                return rocks.retainDuplicates();
            }

            @Override
            public long retentionPeriod() {
                return rocks.retentionPeriod();
            }
        };
    }

    /**
     * Delegates everything; only {@link #committedOffset} differs. A {@link WrappedStateStore}, so that
     * Kafka Streams' own unwrapping (retention, timestamped checks) still reaches the RocksDB store.
     */
    static final class EmptyAware extends WrappedStateStore<WindowStore<Bytes, byte[]>, Bytes, byte[]>
            implements WindowStore<Bytes, byte[]> {

        EmptyAware(WindowStore<Bytes, byte[]> inner) {
            super(inner);
        }

        @Override
        public Long committedOffset(TopicPartition partition) {
            Long offset = wrapped().committedOffset(partition);
            if (offset != null) {
                return offset;
            }
            try (KeyValueIterator<Windowed<Bytes>, byte[]> any = wrapped().all()) {
                return any.hasNext() ? null : OFFSET_UNKNOWN;
            }
        }

        @Override
        public void commit(Map<TopicPartition, Long> changelogOffsets) {
            wrapped().commit(changelogOffsets);
        }

        @Override
        public void put(Bytes key, byte[] value, long windowStartTimestamp) {
            wrapped().put(key, value, windowStartTimestamp);
        }

        @Override
        public byte[] fetch(Bytes key, long time) {
            return wrapped().fetch(key, time);
        }

        @Override
        public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
            return wrapped().fetch(key, timeFrom, timeTo);
        }

        @Override
        public WindowStoreIterator<byte[]> fetch(Bytes key, Instant timeFrom, Instant timeTo) {
            return wrapped().fetch(key, timeFrom, timeTo);
        }

        @Override
        public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
            return wrapped().backwardFetch(key, timeFrom, timeTo);
        }

        @Override
        public WindowStoreIterator<byte[]> backwardFetch(Bytes key, Instant timeFrom, Instant timeTo) {
            return wrapped().backwardFetch(key, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
            return wrapped().fetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, Instant timeFrom, Instant timeTo) {
            return wrapped().fetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
            return wrapped().backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, Instant timeFrom, Instant timeTo) {
            return wrapped().backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
            return wrapped().all();
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
            return wrapped().backwardAll();
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
            return wrapped().fetchAll(timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(Instant timeFrom, Instant timeTo) {
            return wrapped().fetchAll(timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
            return wrapped().backwardFetchAll(timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(Instant timeFrom, Instant timeTo) {
            return wrapped().backwardFetchAll(timeFrom, timeTo);
        }
    }
}
