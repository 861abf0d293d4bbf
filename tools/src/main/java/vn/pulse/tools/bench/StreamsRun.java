package vn.pulse.tools.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Runs a topology over pre-loaded input and times it: from the moment the instance is RUNNING
 * (partitions assigned; a fresh application id has nothing to restore) until its consumer group
 * has committed the end offset of every input partition and of every partition of its own
 * repartition topics (so the sub-topologies behind a repartition have finished too). Under
 * exactly-once the commit is the transaction's, so the time covers processing, state, changelogs
 * and output, all committed.
 */
final class StreamsRun {

    private static final Duration POLL = Duration.ofMillis(20);

    /** What one run gave. */
    record Result(long records, double seconds) {
        double perSecond() {
            return records / seconds;
        }
    }

    private StreamsRun() {
    }

    static Result run(Admin admin, Topology topology, Properties properties, List<String> inputTopics, Duration timeout)
            throws InterruptedException, ExecutionException {
        String group = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Map<TopicPartition, Long> ends = endOffsets(admin, inputTopics);
        long records = ends.values().stream().mapToLong(Long::longValue).sum();
        AtomicLong runningSince = new AtomicLong();
        try (KafkaStreams streams = new KafkaStreams(topology, properties)) {
            streams.setStateListener((next, previous) -> {
                if (next == KafkaStreams.State.RUNNING) {
                    runningSince.compareAndSet(0, System.nanoTime());
                }
            });
            streams.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(group + " did not commit the end of " + inputTopics + " within " + timeout
                            + " (state " + streams.state() + ")");
                }
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException(group + " stopped: " + streams.state());
                }
                if (runningSince.get() != 0 && committedAll(admin, group, ends) && committedAll(admin, group, repartitionEnds(admin, group))) {
                    long done = System.nanoTime();
                    // Leaving the group: row 4 continues this application id with a new instance, which would
                    // otherwise wait for this one's membership to time out (45 s) before it gets any task.
                    streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
                    return new Result(records, (done - runningSince.get()) / 1e9);
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
            description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** The last stable offsets of {@code topics}: where a read_committed consumer sees everything committed so far. */
    static Map<TopicPartition, Long> committedEnds(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
            description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * The current end offsets of the application's repartition topics (they grow while it runs): the
     * topics named {@code <applicationId>-...-repartition}, so the application ids of one broker must
     * not begin with one another's followed by a dash ({@code app} and {@code app-empty}).
     */
    static Map<TopicPartition, Long> repartitionEnds(Admin admin, String applicationId)
            throws InterruptedException, ExecutionException {
        List<String> internal = admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(applicationId + "-") && name.endsWith("-repartition")).toList();
        return internal.isEmpty() ? Map.of() : endOffsets(admin, internal);
    }

    static boolean committedAll(Admin admin, String group, Map<TopicPartition, Long> ends)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getValue() == 0) {
                continue;
            }
            OffsetAndMetadata c = committed.get(end.getKey());
            if (c == null || c.offset() < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
