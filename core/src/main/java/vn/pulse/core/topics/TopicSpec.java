package vn.pulse.core.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One topic as Pulse declares it: its name is part of the product's contract (renaming it orphans
 * data), the rest is how it is created when missing.
 *
 * @param name        the topic name, versioned ({@code .v1}) so an incompatible successor can live beside it
 * @param partitions  partition count at creation; changing it later re-keys data, so it is fixed here
 * @param role        what the topic holds, which decides its cleanup policy
 * @param retention   how long deleted-policy data is kept; {@code null} means the broker's default
 *                    (compacted topics keep the latest value per key forever)
 */
public record TopicSpec(String name, int partitions, Role role, Duration retention) {

    /** What a topic holds. */
    public enum Role {
        /** Raw events as sources sent them: an append-only log with time-based retention. */
        RAW("delete"),
        /** Reference data (population, districts, gates, plans): the latest value per key. */
        REFERENCE("compact"),
        /** Aggregates written by the Streams app: the latest value per key, read by the API. */
        AGGREGATE("compact"),
        /** Alerts and dead letters: an audit log with time-based retention. */
        LOG("delete"),
        /** Infrastructure (the schema registry's store): compacted, never deleted. */
        SYSTEM("compact");

        private final String cleanupPolicy;

        Role(String cleanupPolicy) {
            this.cleanupPolicy = cleanupPolicy;
        }

        public String cleanupPolicy() {
            return cleanupPolicy;
        }
    }

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, was " + partitions);
        }
        if (retention != null && retention.isNegative()) {
            throw new IllegalArgumentException("topic " + name + ": retention must not be negative");
        }
    }

    public String cleanupPolicy() {
        return role.cleanupPolicy();
    }

    /** The topic-level configs to create the topic with. */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", cleanupPolicy());
        if (retention != null) {
            configs.put("retention.ms", Long.toString(retention.toMillis()));
        }
        if (role == Role.LOG) {
            // Alerts and dead letters carry the event time of what caused them (a 2021 replay writes
            // 2021 timestamps); retention must count from when they were written, or Kafka would
            // delete them on arrival.
            configs.put("message.timestamp.type", "LogAppendTime");
        }
        if (role == Role.AGGREGATE || role == Role.REFERENCE || role == Role.SYSTEM) {
            // Compact promptly enough that a restarted reader replays little beyond the latest values.
            configs.put("min.cleanable.dirty.ratio", "0.1");
            configs.put("segment.ms", Long.toString(Duration.ofHours(1).toMillis()));
        }
        return configs;
    }
}
