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
    /**
     * Vaccination records are health records, kept for years; retention is measured against record
     * (event) timestamps, so a shorter one would also delete a replay of 2021 as soon as it is written.
     */
    private static final Duration HEALTH_RECORDS_RETENTION = Duration.ofDays(10 * 366);

    // Raw events.
    public static final TopicSpec VACCINATION_DOSES =
            new TopicSpec("health.vaccination-doses.v1", PARTITIONS, TopicSpec.Role.RAW, HEALTH_RECORDS_RETENTION);
    /** Retractions of doses, keyed by the dose's event id (co-partitioned with the doses). */
    public static final TopicSpec DOSE_CORRECTIONS =
            new TopicSpec("health.dose-corrections.v1", PARTITIONS, TopicSpec.Role.RAW, HEALTH_RECORDS_RETENTION);
    public static final TopicSpec VACCINE_ALLOCATIONS =
            new TopicSpec("health.vaccine-allocations.v1", PARTITIONS, TopicSpec.Role.RAW, HEALTH_RECORDS_RETENTION);

    // Reference data (compacted).
    /** Population per district and age group, key "district|ageGroup"; same partitions as the coverage it joins. */
    public static final TopicSpec POPULATION =
            new TopicSpec("reference.population.v1", PARTITIONS, TopicSpec.Role.REFERENCE, null);
    public static final TopicSpec DISTRICTS =
            new TopicSpec("reference.districts.v1", 1, TopicSpec.Role.REFERENCE, null);
    /** Vaccination coverage targets, key "ageGroup|measure" (a handful of records: one partition). */
    public static final TopicSpec COVERAGE_TARGETS =
            new TopicSpec("reference.coverage-targets.v1", 1, TopicSpec.Role.REFERENCE, null);

    // Aggregates (compacted, written transactionally by the Streams app, read read_committed by the API).
    public static final TopicSpec VACCINATION_COVERAGE =
            new TopicSpec("health.vaccination-coverage.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);
    public static final TopicSpec DAILY_DOSES =
            new TopicSpec("health.daily-doses.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);
    public static final TopicSpec ALLOCATION_TOTALS =
            new TopicSpec("health.vaccine-allocation-totals.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);
    /** Stock per holder (district or the province) and vaccine product, key "district|product" or "province|product". */
    public static final TopicSpec VACCINE_STOCK =
            new TopicSpec("health.vaccine-stock.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);

    // Border gates: raw events, reference data, aggregates (see docs/border.md).
    public static final TopicSpec GATE_EVENTS =
            new TopicSpec("border.gate-events.v1", PARTITIONS, TopicSpec.Role.RAW, RAW_RETENTION);
    public static final TopicSpec CHECKPOINT_SCREENINGS =
            new TopicSpec("border.checkpoint-screenings.v1", PARTITIONS, TopicSpec.Role.RAW, RAW_RETENTION);
    public static final TopicSpec GATES =
            new TopicSpec("reference.gates.v1", PARTITIONS, TopicSpec.Role.REFERENCE, null);
    public static final TopicSpec TRADE_PLANS =
            new TopicSpec("reference.trade-plans.v1", PARTITIONS, TopicSpec.Role.REFERENCE, null);
    public static final TopicSpec GATE_TRADE =
            new TopicSpec("border.gate-trade.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);
    public static final TopicSpec GATE_HOURS =
            new TopicSpec("border.gate-hours.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);
    public static final TopicSpec GATE_YARDS =
            new TopicSpec("border.gate-yards.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);
    public static final TopicSpec GATE_SCREENINGS =
            new TopicSpec("border.gate-screenings.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);
    public static final TopicSpec PROVINCE_TRADE =
            new TopicSpec("border.province-trade.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);
    /** Every alert episode's latest state (compacted); the API's {@code /alerts} reads it. */
    public static final TopicSpec ALERT_STATES =
            new TopicSpec("alerts.state.v1", PARTITIONS, TopicSpec.Role.AGGREGATE, null);
    /** Every raise and clear, as it happened: congestion alerts and vaccine stock-out alerts (one subject per record type). */
    public static final TopicSpec ALERTS =
            new TopicSpec("alerts.v1", PARTITIONS, TopicSpec.Role.LOG, LOG_RETENTION);

    // Logs.
    public static final TopicSpec DEAD_LETTERS =
            new TopicSpec("pulse.dead-letters.v1", PARTITIONS, TopicSpec.Role.LOG, LOG_RETENTION);

    // The schema registry's store, as Confluent names it.
    public static final TopicSpec SCHEMAS = new TopicSpec("_schemas", 1, TopicSpec.Role.SYSTEM, null);

    private Topics() {
    }

    /** All declared topics, in a stable order. */
    public static List<TopicSpec> all() {
        return List.of(VACCINATION_DOSES, DOSE_CORRECTIONS, VACCINE_ALLOCATIONS, POPULATION, DISTRICTS,
                VACCINATION_COVERAGE, DAILY_DOSES, ALLOCATION_TOTALS, VACCINE_STOCK, DEAD_LETTERS, SCHEMAS,
                GATE_EVENTS, CHECKPOINT_SCREENINGS, GATES, TRADE_PLANS,
                GATE_TRADE, GATE_HOURS, GATE_YARDS, GATE_SCREENINGS, PROVINCE_TRADE, ALERT_STATES, ALERTS,
                COVERAGE_TARGETS);
    }
}
