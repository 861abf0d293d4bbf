package vn.pulse.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process: one block cache shared by all
 * stores (and every segment of the window stores), with the memtables counted against it through a
 * shared write buffer manager, and index and filter blocks inside the cache instead of beside it.
 *
 * <p>Without it each store instance has its own 50 MiB block cache and up to three 16 MiB memtables;
 * the Pulse topology has 17 persistent stores on 6 partitions (plus window segments), so the worst case
 * is several GiB, against the Streams app's 768 MiB target (issue #10, row 8). With it the stores use at
 * most {@link #TOTAL_OFF_HEAP_BYTES} together, whatever the number of tasks.
 *
 * <p>Not on by default: in back-to-back bench runs it made both topologies slower (small memtables shared by
 * about a hundred store instances flush and compact often; docs/benchmarks.md, "Tuning"). To use it, set
 * {@code kafka.client.rocksdb.config.setter} to this class (env
 * {@code PULSE_KAFKA_CLIENT_ROCKSDB_CONFIG_SETTER=vn.pulse.streams.BoundedMemoryRocksDb}): the app passes
 * every {@code kafka.client.*} property into {@link StreamsApp#streamsProperties}.
 */
public final class BoundedMemoryRocksDb implements RocksDBConfigSetter {

    /** Block cache and memtables of all stores together. */
    public static final long TOTAL_OFF_HEAP_BYTES = 96L * 1024 * 1024;
    /** The part of it memtables may take (writes are flushed to SST files beyond it). */
    public static final long TOTAL_MEMTABLE_BYTES = 32L * 1024 * 1024;
    /** Share of the cache kept for index and filter blocks, so reads do not evict them. */
    private static final double INDEX_FILTER_RATIO = 0.1;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;

    private static final Cache CACHE;
    private static final WriteBufferManager WRITE_BUFFERS;

    static {
        RocksDB.loadLibrary();
        CACHE = new LRUCache(TOTAL_OFF_HEAP_BYTES, -1, false, INDEX_FILTER_RATIO);
        WRITE_BUFFERS = new WriteBufferManager(TOTAL_MEMTABLE_BYTES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store of the process: never closed here.
    }
}
