package vn.pulse.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the off-heap memory of every RocksDB store of the process: one block cache shared by all
 * stores (and every segment of the window stores), with the memtables counted against it through a
 * shared write buffer manager, and index and filter blocks inside the cache instead of beside it.
 *
 * <p>Without it each store instance has its own 50 MiB block cache and up to three 16 MiB memtables;
 * the Pulse topology has about 25 persistent stores on 6 partitions (plus window segments), so the
 * worst case is several GiB. With it the stores use at most {@code streams.rocksdb.memory-mib} together
 * (memtables at most {@code streams.rocksdb.write-buffer-mib} of it), whatever the number of tasks.
 *
 * <p>The Streams app sets it whenever {@code streams.rocksdb.memory-mib} is above 0 (the default: see
 * {@link StreamsApp#streamsProperties}); the budget travels in the Streams properties
 * {@link #TOTAL_BYTES_CONFIG} and {@link #MEMTABLE_BYTES_CONFIG}. The cache is created once per process,
 * with the budget of the first store configured, and shared by every later Kafka Streams instance of the
 * process (the app's profile switch creates a new one).
 */
public final class BoundedMemoryRocksDb implements RocksDBConfigSetter {

    /** Streams property: block cache and memtables of all stores together, in bytes. */
    public static final String TOTAL_BYTES_CONFIG = "pulse.rocksdb.total.bytes";
    /** Streams property: the part of it memtables may take (writes are flushed to SST files beyond it), in bytes. */
    public static final String MEMTABLE_BYTES_CONFIG = "pulse.rocksdb.memtable.bytes";
    /** Used when the properties do not say. */
    static final long DEFAULT_TOTAL_BYTES = 64L * 1024 * 1024;
    static final long DEFAULT_MEMTABLE_BYTES = 32L * 1024 * 1024;
    /**
     * Share of the cache kept for index and filter blocks, so data blocks do not evict them: half, because a
     * large store's bloom filters (about 1.25 bytes per key: 25 MB for a ledger of 20 million ids) must stay
     * cached for a lookup of a new key to cost no read, and data blocks are what the page cache holds anyway.
     */
    private static final double INDEX_FILTER_RATIO = 0.5;
    /** One store's memtable: flushed when full or at each commit, whichever comes first. */
    private static final long STORE_MEMTABLE_BYTES = 8L * 1024 * 1024;
    /**
     * The steps a memtable grows by. RocksDB's default is an eighth of the write buffer (1 MiB), and every
     * store written to since the last flush holds at least one step: with about 80 store instances most of
     * which see a few records per commit, that was over 50 MiB of mostly empty memtables.
     */
    static final long ARENA_BLOCK_BYTES = 128L * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(BoundedMemoryRocksDb.class);
    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long cacheBytes;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long total = bytes(configs, TOTAL_BYTES_CONFIG, DEFAULT_TOTAL_BYTES);
        long memtables = Math.min(total, bytes(configs, MEMTABLE_BYTES_CONFIG, DEFAULT_MEMTABLE_BYTES));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared(total, memtables));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(Math.min(STORE_MEMTABLE_BYTES, memtables));
        options.setMaxWriteBufferNumber(2);
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
    }

    private static synchronized Cache shared(long total, long memtables) {
        if (cache == null) {
            RocksDB.loadLibrary();
            cache = new LRUCache(total, -1, false, INDEX_FILTER_RATIO);
            writeBuffers = new WriteBufferManager(memtables, cache);
            cacheBytes = total;
            LOG.info("RocksDB memory of every store of the process bounded to {} MiB (memtables {} MiB)", total >> 20, memtables >> 20);
        } else if (total != cacheBytes) {
            LOG.warn("RocksDB memory already bounded to {} MiB in this process; {} MiB asked for later is ignored",
                    cacheBytes >> 20, total >> 20);
        }
        return cache;
    }

    private static long bytes(Map<String, Object> configs, String key, long otherwise) {
        Object value = configs.get(key);
        if (value == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(value.toString().trim());
            if (n <= 0) {
                throw new IllegalArgumentException(key + ": " + value + " must be positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a number of bytes", e);
        }
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store of the process: never closed here.
    }
}
