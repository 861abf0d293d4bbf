package vn.pulse.streams;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records of the app's input topics its consumer group has not committed yet: for each
 * partition, the end offset less the group's committed offset (or, before the group's first commit
 * on that partition, less the partition's first offset). What {@code streams.profile=auto} switches on.
 */
final class InputLag {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private InputLag() {
    }

    static long read(Admin admin, String groupId, Collection<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
        if (topics.isEmpty()) {
            return 0;
        }
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = described.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = offsets(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest = offsets(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            long from = done != null ? done.offset() : earliest.get(partition).offset();
            lag += Math.max(0, latest.get(partition).offset() - from);
        }
        return lag;
    }

    private static Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> partitions,
                                                                                        OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        return admin.listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
