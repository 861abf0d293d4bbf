package vn.pulse.core.topics;

import java.time.Duration;
import java.util.List;

/**
 * Every topic Pulse uses, declared once. The local run, the integration tests and the deployment's
 * topic-init step all create topics from this list, so their names and settings cannot drift.
 *
 * <p>Names are part of the contract with users' data: a rename orphans what the old topic holds.
 */
public final class Topics {

    private static final int PARTITIONS = 6;
    private static final Duration RAW_RETENTION = Duration.ofDays(400);
    private static final Duration LOG_RETENTION = Duration.ofDays(90);

    // Raw events.
    public static final TopicSpec VACCINATION_DOSES =
            new TopicSpec("health.vaccination-doses.v1", PARTITIONS, TopicSpec.Role.RAW, RAW_RETENTION);

    // Aggregates (compacted, written transactionally by the Streams app, read read_committed by the API).
    public static final TopicSpec DISTRICT_DOSES =
            new TopicSpec("health.district-doses.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);

    // Logs.
    public static final TopicSpec DEAD_LETTERS =
            new TopicSpec("pulse.dead-letters.v1", PARTITIONS, TopicSpec.Role.LOG, LOG_RETENTION);

    // The schema registry's store, as Confluent names it.
    public static final TopicSpec SCHEMAS = new TopicSpec("_schemas", 1, TopicSpec.Role.SYSTEM, null);

    private Topics() {
    }

    /** All declared topics, in a stable order. */
    public static List<TopicSpec> all() {
        return List.of(VACCINATION_DOSES, DISTRICT_DOSES, DEAD_LETTERS, SCHEMAS);
    }
}
