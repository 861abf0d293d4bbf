package vn.pulse.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the changelog records each state store restores, as {@code pulse_streams_restored_records_total}
 * (tag {@code store}), and logs every restoration with its offsets. After a clean stop a persistent
 * store restores nothing (it resumes from its own committed offset); a store that restores its whole
 * changelog on every start is the symptom of a lost checkpoint (docs/benchmarks.md, "Tuning").
 * In-memory stores always restore their changelog: they keep nothing on disk.
 */
final class RestoreMeter implements StateRestoreListener {

    static final String METER = "pulse.streams.restored.records";

    private static final Logger LOG = LoggerFactory.getLogger(RestoreMeter.class);

    private final MeterRegistry registry;

    RestoreMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        LOG.info("Restoring store {} from {} offsets {}..{}", storeName, partition, startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        counter(storeName).increment(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        LOG.info("Restored store {} from {}: {} records", storeName, partition, totalRestored);
    }

    private Counter counter(String storeName) {
        return Counter.builder(METER).description("Changelog records restored into a state store")
                .tag("store", storeName).register(registry);
    }
}
