package vn.pulse.tools.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.schemas.border.GateTrade;

/**
 * A reader of the aggregate topics that runs during the whole crash test and remembers every record it
 * was given (topic, partition, offset, value bytes). Run one {@code read_committed} (what the API does)
 * and one {@code read_uncommitted}. At the end, two checks say whether a reader ever saw a value that was
 * rolled back:
 * <ol>
 *   <li>{@link #rolledBack}: every record seen must be in the final committed log at the same offset
 *       with the same bytes (records of aborted transactions are not). The harness keeps the aggregate
 *       topics' segments from rolling during the run, so compaction removes nothing.</li>
 *   <li>{@link #tradeRegressions}: a gate's trade only grows (the workload sends crossings only), so
 *       the vehicles a reader sees for a key never decrease and never exceed the final recomputation.</li>
 * </ol>
 */
final class AggregateWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AggregateWatcher.class);

    record Seen(String topic, int partition, long offset, byte[] value) {
        String position() {
            return topic + "/" + partition + "@" + offset;
        }
    }

    private final boolean readCommitted;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Seen> seen = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    AggregateWatcher(String bootstrapServers, boolean readCommitted, List<String> topics) {
        this.readCommitted = readCommitted;
        this.consumer = new KafkaConsumer<>(Recomputation.consumerConfig(bootstrapServers, readCommitted),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(60)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::loop, "aggregate-watcher-" + (readCommitted ? "committed" : "uncommitted"));
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    synchronized (seen) {
                        seen.add(new Seen(r.topic(), r.partition(), r.offset(), r.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("Aggregate watcher ({}) failed", readCommitted ? "read_committed" : "read_uncommitted", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Records seen so far. */
    int seenCount() {
        synchronized (seen) {
            return seen.size();
        }
    }

    /** Records seen that are not in the final committed log with the same bytes: values that were rolled back. */
    List<Seen> rolledBack(Map<String, byte[]> finalCommittedLog) {
        List<Seen> out = new ArrayList<>();
        for (Seen s : snapshot()) {
            byte[] committed = finalCommittedLog.get(s.position());
            if (committed == null || !Arrays.equals(committed, s.value())) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Gate-trade values seen that are below an earlier value of the same key (a decrease) or above the
     * final recomputation: both impossible for a reader that sees committed results only.
     */
    List<String> tradeRegressions(String tradeTopic, Deserializer<Object> avro, Map<String, Recomputation.Trade> expected) {
        Map<String, Long> last = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Seen s : snapshot()) {
            if (!s.topic().equals(tradeTopic) || s.value() == null) {
                continue;
            }
            GateTrade t = (GateTrade) avro.deserialize(s.topic(), s.value());
            String key = Recomputation.tradeKey(t);
            long vehicles = t.getExportVehicles() + t.getImportVehicles();
            Long before = last.put(key, vehicles);
            long max = expected.getOrDefault(key, Recomputation.Trade.ZERO).vehicles();
            if (before != null && vehicles < before) {
                out.add(key + " went from " + before + " to " + vehicles + " vehicles at " + s.position());
            } else if (vehicles > max) {
                out.add(key + " showed " + vehicles + " vehicles at " + s.position() + ", more than the final " + max);
            }
        }
        return out;
    }

    Throwable failure() {
        return failure;
    }

    private List<Seen> snapshot() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
