package vn.pulse.streams.border;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store whose values live decoded in memory, as the processor's own (mutable) objects,
 * and are encoded into the underlying logged store only when Kafka Streams commits: each key changed
 * since the last commit is written once, however many events changed it. Reads of a key not in
 * memory go to the underlying store (a point lookup) and stay in memory.
 *
 * <p>Exactly-once: the writes happen when Streams flushes its caches before it commits the
 * transaction ({@code flushCache}), so the changelog holds, in the same transaction as the input
 * offsets and outputs, every change the committed events made. After a crash the underlying store is
 * restored from its changelog before the processor starts, and memory starts empty; a task that is
 * closed or re-initialized drops its memory ({@code clearCache}, {@code init}) as the record cache does.
 *
 * <p>The processor that changes a value in place must call {@link #put} (or {@link #changed}) for it
 * to be written. A key that the underlying store does not hold, put and deleted again between two
 * commits (a vehicle that arrives and crosses within one commit interval), is not written at all.
 * Memory is bounded: after a commit, when more than {@code maxInMemory} keys are held, they are all
 * dropped (they are all written by then) and read again from the store when needed.
 *
 * @param <V> the in-memory value
 */
final class DecodedStore<V> extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]> {

    /** How values are written to and read from the underlying store (and its changelog). */
    interface Codec<V> {
        byte[] encode(String topic, V value);

        V decode(String topic, byte[] bytes);

        /** Values stored with {@code serde} as they are (Avro records, or any other serde's values). */
        static <V> Codec<V> of(Serde<V> serde) {
            return of(serde, Function.identity(), Function.identity());
        }

        /** Values stored with {@code serde} as the records {@code toStored} makes of them. */
        static <V, S> Codec<V> of(Serde<S> serde, Function<V, S> toStored, Function<S, V> fromStored) {
            return new Codec<>() {
                @Override
                public byte[] encode(String topic, V value) {
                    return serde.serializer().serialize(topic, toStored.apply(value));
                }

                @Override
                public V decode(String topic, byte[] bytes) {
                    return fromStored.apply(serde.deserializer().deserialize(topic, bytes));
                }
            };
        }
    }

    private static final Object ABSENT = new Object();

    private final Codec<V> codec;
    private final int maxInMemory;
    private final Map<String, Object> values = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    /**
     * The keys of {@link #changed} that the underlying store did not hold when they were first changed
     * since the last flush: deleted again before the flush, they need no write.
     */
    private final Set<String> unstored = new HashSet<>();
    private String topic;
    private static final Runnable NOTHING = () -> { };
    private Runnable beforeFlush = NOTHING;

    private DecodedStore(KeyValueStore<Bytes, byte[]> inner, Codec<V> codec, int maxInMemory) {
        super(inner);
        this.codec = codec;
        this.maxInMemory = maxInMemory;
    }

    /**
     * A builder of the store named {@code name}: persistent (RocksDB) or in memory, logged to its
     * changelog topic, without the record cache (this store is the cache).
     */
    static <V> StoreBuilder<DecodedStore<V>> builder(String name, boolean persistent, Codec<V> codec, int maxInMemory) {
        return new Builder<>(Stores.keyValueStoreBuilder(
                persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled(), codec, maxInMemory);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        values.clear();
        changed.clear();
        unstored.clear();
        beforeFlush = NOTHING;
        super.init(context, root);
        // The topic the Avro serdes would be given by a store of Kafka Streams' own (the changelog's name).
        this.topic = context.applicationId() + "-" + name() + "-changelog";
    }

    /** The value of {@code key}, or {@code null}; the object itself, to be changed in place and {@link #changed}. */
    @SuppressWarnings("unchecked")
    V get(String key) {
        Object value = values.get(key);
        if (value == null) {
            byte[] stored = wrapped().get(bytes(key));
            value = stored == null ? ABSENT : codec.decode(topic, stored);
            values.put(key, value);
        }
        return value == ABSENT ? null : (V) value;
    }

    /** Sets {@code key} to {@code value}, written at the next commit. */
    void put(String key, V value) {
        change(key, values.put(key, value));
    }

    /** Marks {@code key}'s value, changed in place, to be written at the next commit. */
    void changed(String key) {
        change(key, values.get(key));
    }

    /** Removes {@code key}, at the next commit. */
    void delete(String key) {
        change(key, values.put(key, ABSENT));
    }

    /**
     * Remembers that {@code key} changed; {@code before} is what memory held for it. Outside the keys
     * changed since the last flush, {@link #ABSENT} in memory means the underlying store does not hold
     * the key either (read as missing; a deleted key leaves memory at the flush).
     */
    private void change(String key, Object before) {
        if (changed.add(key) && before == ABSENT) {
            unstored.add(key);
        }
    }

    /** Every stored entry, read from the underlying store: only right after restoration, before any change. */
    void forEachStored(BiConsumer<String, V> action) {
        if (!changed.isEmpty()) {
            throw new IllegalStateException(name() + ": unwritten changes; read the stored entries before changing any");
        }
        try (KeyValueIterator<Bytes, byte[]> all = wrapped().all()) {
            all.forEachRemaining(kv -> action.accept(new String(kv.key.get(), StandardCharsets.UTF_8), codec.decode(topic, kv.value)));
        }
    }

    /**
     * Runs {@code action} at the start of every {@link #flushCache}, that is before each commit, before
     * the changed keys are written: what it changes is written in the same flush. Until the store is
     * initialized again or its memory dropped ({@link #clearCache}): the processor sets it in its init.
     */
    void beforeFlush(Runnable action) {
        this.beforeFlush = action;
    }

    /** Writes every changed key to the underlying store (and changelog): called by Streams before it commits. */
    @Override
    @SuppressWarnings("unchecked")
    public void flushCache() {
        beforeFlush.run();
        for (String key : changed) {
            Object value = values.get(key);
            if (value == ABSENT) {
                if (!unstored.contains(key)) {
                    wrapped().delete(bytes(key));
                }
                // Deleted keys leave memory too (a vehicle that crossed is rarely seen again): memory holds
                // what is stored, and a later read of the key finds it missing in the underlying store.
                values.remove(key);
            } else {
                wrapped().put(bytes(key), codec.encode(topic, (V) value));
            }
        }
        changed.clear();
        unstored.clear();
        if (values.size() > maxInMemory) {
            values.clear();
        }
        super.flushCache();
    }

    /** Drops what is in memory, written or not (a task closed uncleanly starts again from the store). */
    @Override
    public void clearCache() {
        values.clear();
        changed.clear();
        unstored.clear();
        // Its processor's memory is as stale as this: nothing runs before a flush until the processor starts again.
        beforeFlush = NOTHING;
        super.clearCache();
    }

    @Override
    public void close() {
        values.clear();
        changed.clear();
        unstored.clear();
        beforeFlush = NOTHING;
        super.close();
    }

    private static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Builder<V> implements StoreBuilder<DecodedStore<V>> {
        private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;
        private final Codec<V> codec;
        private final int maxInMemory;

        Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner, Codec<V> codec, int maxInMemory) {
            this.inner = inner;
            this.codec = codec;
            this.maxInMemory = maxInMemory;
        }

        @Override
        public StoreBuilder<DecodedStore<V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a decoded store is its own cache");
        }

        @Override
        public StoreBuilder<DecodedStore<V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<DecodedStore<V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<DecodedStore<V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public DecodedStore<V> build() {
            return new DecodedStore<>(inner.build(), codec, maxInMemory);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
