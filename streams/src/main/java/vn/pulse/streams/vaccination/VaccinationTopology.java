package vn.pulse.streams.vaccination;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.StockRules;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.CohortDoses;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseLedgerEntry;
import vn.pulse.schemas.health.PendingCorrection;
import vn.pulse.schemas.health.StockAlert;
import vn.pulse.schemas.health.VaccineAllocation;
import vn.pulse.schemas.health.VaccineStock;
import vn.pulse.schemas.reference.Population;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.common.DeadLetters;

/**
 * The vaccination topology: doses, corrections, allocations and the population reference in;
 * daily doses, coverage per district and age group, and allocation totals out.
 *
 * <pre>
 *  doses (key eventId) ── validate ──────────┐
 *                                            ├─ ledger (per event id: counted? retracted? also drops re-sent doses)
 *  corrections (key doseEventId) ─ validate ─┘  ├─ pending corrections (wait for their dose, TTL)
 *                                               ├─ correction of another district ─► dead letters
 *                                               └─ partial totals per district|ageGroup|day (in memory, cached)
 *            repartition by district|ageGroup ◄── one change per day that changed, at each commit
 *                 └─ cohort totals: daily counts ──► health.daily-doses.v1
 *                                   cohort totals ⟕ population ──► health.vaccination-coverage.v1
 *  population ── validate ── table ──┘ (a new population re-emits the cohort's coverage)
 *  allocations ── validate ── register (per allocation id: new, repeat, amended) ── repartition by district ── totals ──► health.vaccine-allocation-totals.v1
 * </pre>
 *
 * <p>Raw doses and corrections are both keyed by the dose's event id, so they are co-partitioned
 * and one task sees every report about a dose: the ledger store is what makes a correction
 * subtract exactly once, whether it comes after its dose, before it, or twice. Every per-dose step
 * runs in the ledger's task, on plain objects: a dose updates the task's partial totals, which leave
 * the task once per commit (see {@link DoseLedger}). After the one repartition, a task owns whole
 * cohorts and keeps their daily counts, totals and population together ({@link CohortTotals}), so a
 * dose is visible after two exactly-once commits.
 *
 * <p>A pure factory: no I/O. Every stateful step is named; the names below are the app's state
 * (stores, changelog and repartition topics) and must not change without a migration.
 */
public final class VaccinationTopology {

    /** How long (wall clock) a correction that arrived before its dose waits for it. */
    public static final Duration DEFAULT_PENDING_CORRECTION_TTL = Duration.ofDays(30);
    /** The configuration key of the pending corrections' time to live. */
    public static final String PENDING_CORRECTION_TTL_KEY = "vaccination.pending-correction-ttl";

    public static final String PENDING_CORRECTIONS_STORE = "vaccination-pending-corrections-store";
    /** Every allocation counted, by allocation id (never expires; see {@link AllocationRegister}). */
    public static final String ALLOCATION_REGISTER_STORE = "vaccination-allocation-register-store";
    public static final String LEDGER_STORE = "vaccination-dose-ledger-store";
    /** The dose ledger task's partial totals per district, age group and day (in memory, with a changelog). */
    public static final String PARTIAL_COUNTS_STORE = "vaccination-partial-day-counts-store";
    /** The one repartition of the doses: each day's change, to the task of its cohort ({@code district|ageGroup}). */
    public static final String DAY_CHANGES_BY_COHORT = "vaccination-day-changes-by-cohort";
    /** Daily counts per district, age group and day, kept by the task of the cohort. */
    public static final String DAILY_DOSES_STORE = "vaccination-daily-doses-store";
    public static final String COHORT_DOSES_STORE = "vaccination-cohort-doses-store";
    public static final String POPULATION_STORE = "vaccination-population-store";
    public static final String ALLOCATIONS_BY_DISTRICT = "vaccination-allocations-by-district";
    public static final String ALLOCATION_TOTALS_STORE = "vaccination-allocation-totals-store";
    /** The dose ledger task's partial totals per stock (district and product) and day (in memory, with a changelog). */
    public static final String STOCK_PARTIALS_STORE = "vaccination-partial-stock-day-counts-store";
    /** The repartition of the dose ledger's stock changes (doses per stock and day) to the task of their stock ({@code holder|product}). */
    public static final String DOSE_STOCK_CHANGES_BY_STOCK = "vaccination-dose-stock-changes-by-stock";
    /** The repartition of the allocations, as stock changes, to the task of their stock. */
    public static final String ALLOCATION_STOCK_CHANGES_BY_STOCK = "vaccination-allocation-stock-changes-by-stock";
    /** Each stock's figures, 7-day window and alert state, kept by the task of the stock. */
    public static final String STOCK_STORE = "vaccination-stock-store";

    /** The configuration key of the stock-out alert's raise mark, in days of stock. */
    public static final String STOCK_ALERT_RAISE_BELOW_DAYS_KEY = "vaccination.stock-alert.raise-below-days";
    /** The configuration key of the stock-out alert's clear mark, in days of stock. */
    public static final String STOCK_ALERT_CLEAR_AT_DAYS_KEY = "vaccination.stock-alert.clear-at-days";

    private VaccinationTopology() {
    }

    /**
     * @param pendingCorrectionTtl how long (wall clock) a correction that arrived before its dose waits for it
     * @param stockAlertRaiseBelowDays a stock-out alert is raised when the days of stock fall below this
     * @param stockAlertClearAtDays    an open stock-out alert is cleared when the days of stock reach this (above the raise mark)
     */
    public record Options(Duration pendingCorrectionTtl, int stockAlertRaiseBelowDays, int stockAlertClearAtDays) {

        public Options {
            Objects.requireNonNull(pendingCorrectionTtl, "pendingCorrectionTtl");
            if (pendingCorrectionTtl.isNegative() || pendingCorrectionTtl.isZero()) {
                throw new IllegalArgumentException("pendingCorrectionTtl must be positive, was " + pendingCorrectionTtl);
            }
            String marks = StockRules.marks(stockAlertRaiseBelowDays, stockAlertClearAtDays);
            if (marks != null) {
                throw new IllegalArgumentException("stock alert: " + marks);
            }
        }

        /** The stock-out alert's marks at their defaults. */
        public Options(Duration pendingCorrectionTtl) {
            this(pendingCorrectionTtl, StockRules.DEFAULT_RAISE_BELOW_DAYS, StockRules.DEFAULT_CLEAR_AT_DAYS);
        }

        public static Options defaults() {
            return new Options(DEFAULT_PENDING_CORRECTION_TTL);
        }

        /** The defaults with {@value #PENDING_CORRECTION_TTL_KEY} and the stock-out alert's marks from {@code s}. */
        public static Options from(Settings s) {
            Duration ttl = s.duration(PENDING_CORRECTION_TTL_KEY);
            if (ttl.isZero() || ttl.isNegative()) {
                throw new ConfigException("invalid configuration " + PENDING_CORRECTION_TTL_KEY + "='" + s.string(PENDING_CORRECTION_TTL_KEY)
                        + "' (from " + s.source(PENDING_CORRECTION_TTL_KEY) + "): must be positive");
            }
            int raise = s.integer(STOCK_ALERT_RAISE_BELOW_DAYS_KEY, 1, 3650);
            int clear = s.integer(STOCK_ALERT_CLEAR_AT_DAYS_KEY, 2, 3651);
            String marks = StockRules.marks(raise, clear);
            if (marks != null) {
                throw new ConfigException("invalid configuration " + STOCK_ALERT_CLEAR_AT_DAYS_KEY + "='" + s.string(STOCK_ALERT_CLEAR_AT_DAYS_KEY)
                        + "' (from " + s.source(STOCK_ALERT_CLEAR_AT_DAYS_KEY) + "): " + marks + " (" + STOCK_ALERT_RAISE_BELOW_DAYS_KEY
                        + "='" + s.string(STOCK_ALERT_RAISE_BELOW_DAYS_KEY) + "' from " + s.source(STOCK_ALERT_RAISE_BELOW_DAYS_KEY) + ")");
            }
            return new Options(ttl, raise, clear);
        }

        /** A copy with another pending corrections' time to live. */
        public Options withPendingCorrectionTtl(Duration ttl) {
            return new Options(ttl, stockAlertRaiseBelowDays, stockAlertClearAtDays);
        }

        /** A copy with other stock-out alert marks. */
        public Options withStockAlertMarks(int raiseBelowDays, int clearAtDays) {
            return new Options(pendingCorrectionTtl, raiseBelowDays, clearAtDays);
        }
    }

    /** The vaccination topology alone (for tests). */
    public static Topology build(TopicNames topics, PulseSerdes serdes, Options options) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, topics, serdes, options);
        return builder.build();
    }

    /** Adds the vaccination steps to {@code builder}, which the app shares with the other domains. */
    public static void addTo(StreamsBuilder builder, TopicNames topics, PulseSerdes serdes, Options options) {
        Serde<DoseAdministered> doseSerde = serdes.specific();
        Serde<DoseCorrection> correctionSerde = serdes.specific();
        Serde<DailyDoses> dailySerde = serdes.specific();
        Serde<CohortDoses> cohortSerde = serdes.specific();
        Serde<Population> populationSerde = serdes.specific();
        Serde<CohortCoverage> coverageSerde = serdes.specific();
        Serde<DoseLedgerEntry> ledgerSerde = serdes.specific();
        Serde<VaccineAllocation> allocationSerde = serdes.specific();
        Serde<AllocationTotal> allocationTotalSerde = serdes.specific();
        Serde<VaccineStock> stockSerde = serdes.specific();

        // Doses and corrections: validated, de-duplicated, then reconciled per event id.
        // Doses need no separate de-duplication step: the ledger remembers every dose it counted (it must,
        // to subtract a later correction), so its point lookup drops a re-sent dose at any age, exactly,
        // where the windowed store would cost a range scan per dose.
        KStream<String, DoseAdministered> doses =
                accepted(builder, serdes, topics.name(Topics.VACCINATION_DOSES), doseSerde, Validation::dose, topics, "vaccination-doses");
        // Corrections need none either: the ledger applies one correction per dose, and a correction
        // waiting for its dose is kept once per (dose, district) in the pending store. A de-duplication
        // keyed by the dose's id would let a correction naming the wrong district hide the right one.
        KStream<String, DoseCorrection> corrections =
                accepted(builder, serdes, topics.name(Topics.DOSE_CORRECTIONS), correctionSerde, Validation::correction, topics, "vaccination-corrections");

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LEDGER_STORE),
                Serdes.String(), ledgerSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_CORRECTIONS_STORE),
                Serdes.String(), serdes.<PendingCorrection>specific()));
        // The ledger task's partial totals per district, age group and day: small (a few thousand days per
        // task), in memory, cached so that each day changed leaves the task once per commit (DoseLedger).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PARTIAL_COUNTS_STORE),
                Serdes.String(), DayCounts.serde()).withCachingEnabled());
        // The same per vaccine stock (district and product) and day: what the stock step needs of the doses.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STOCK_PARTIALS_STORE),
                Serdes.String(), StockChange.serde()).withCachingEnabled());
        Duration pendingTtl = options.pendingCorrectionTtl();
        KStream<String, DoseLedger.Outcome> ledgered = doses
                .mapValues(DoseLedger.Report::dose, Named.as("vaccination-doses-as-reports"))
                .merge(corrections.mapValues(DoseLedger.Report::correction, Named.as("vaccination-corrections-as-reports")),
                        Named.as("vaccination-reports-merge"))
                .process(() -> new DoseLedger(LEDGER_STORE, PENDING_CORRECTIONS_STORE, PARTIAL_COUNTS_STORE, STOCK_PARTIALS_STORE, pendingTtl),
                        Named.as("vaccination-dose-ledger"), LEDGER_STORE, PENDING_CORRECTIONS_STORE, PARTIAL_COUNTS_STORE,
                        STOCK_PARTIALS_STORE);
        // A correction naming another district than its dose's goes to the dead letters with the reason.
        Serde<DoseCorrection> rejectedSerde = serdes.forDeadLetters();
        KStream<String, DoseLedger.Outcome> reconciled = DeadLetters.divert(ledgered, DoseLedger.Outcome::reason, topics.name(Topics.DEAD_LETTERS),
                        Serdes.<DoseLedger.Outcome>serdeFrom((topic, outcome) -> rejectedSerde.serializer().serialize(topic, outcome.rejected()),
                                (topic, bytes) -> {
                                    throw new UnsupportedOperationException("dead letters are written, never read here");
                                }),
                        "vaccination-corrections-district");
        // The ledger's changes: of a cohort's day (to the cohort totals) or of a stock's day (to the stock).
        Map<String, KStream<String, DoseLedger.Outcome>> changes = reconciled.split(Named.as("vaccination-ledger-"))
                .branch((key, outcome) -> outcome.stockChange() != null, Branched.as("stock"))
                .defaultBranch(Branched.as("cohorts"));
        KStream<String, DayCounts> dayChanges = changes.get("vaccination-ledger-cohorts")
                .mapValues(DoseLedger.Outcome::change, Named.as("vaccination-ledger-day-changes"));
        KStream<String, StockChange> doseStockChanges = changes.get("vaccination-ledger-stock")
                .mapValues(DoseLedger.Outcome::stockChange, Named.as("vaccination-ledger-stock-changes"));

        // The one repartition: each day's change (a few per cohort and commit) to the task owning its cohort,
        // which keeps the daily counts, the cohort totals and the population together (CohortTotals).
        KTable<String, Population> population =
                accepted(builder, serdes, topics.name(Topics.POPULATION), populationSerde, Validation::population, topics, "vaccination-population")
                .toTable(Named.as("vaccination-population-table"),
                        Materialized.<String, Population, KeyValueStore<Bytes, byte[]>>as(POPULATION_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(populationSerde));
        builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(DAILY_DOSES_STORE),
                Serdes.String(), dailySerde));
        builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(COHORT_DOSES_STORE),
                Serdes.String(), cohortSerde));
        KStream<String, CohortTotals.Emitted> fromDoses = dayChanges
                .repartition(Repartitioned.<String, DayCounts>as(DAY_CHANGES_BY_COHORT).withKeySerde(Serdes.String())
                        .withValueSerde(DayCounts.serde()))
                .process(() -> new CohortTotals(DAILY_DOSES_STORE, COHORT_DOSES_STORE, POPULATION_STORE),
                        Named.as("vaccination-cohort-totals"), DAILY_DOSES_STORE, COHORT_DOSES_STORE, POPULATION_STORE);
        // A new population re-emits the cohort's coverage: before its first dose too, and its doses once the population is removed.
        KStream<String, CohortTotals.Emitted> fromPopulation = population
                .toStream(Named.as("vaccination-population-changes"))
                .processValues(() -> new CohortTotals.OnPopulation(COHORT_DOSES_STORE), Named.as("vaccination-population-coverage"),
                        COHORT_DOSES_STORE);
        fromDoses.merge(fromPopulation, Named.as("vaccination-aggregates-merge"))
                .split(Named.as("vaccination-aggregates-"))
                .branch((key, emitted) -> emitted.daily() != null, Branched.withConsumer(days -> days
                        .mapValues(CohortTotals.Emitted::daily, Named.as("vaccination-daily-doses-changes"))
                        .to(topics.name(Topics.DAILY_DOSES), Produced.with(Serdes.String(), dailySerde).withName("vaccination-daily-doses-sink")),
                        "daily"))
                .defaultBranch(Branched.withConsumer(coverage -> coverage
                        .mapValues(CohortTotals.Emitted::coverage, Named.as("vaccination-coverage-changes"))
                        .to(topics.name(Topics.VACCINATION_COVERAGE),
                                Produced.with(Serdes.String(), coverageSerde).withName("vaccination-coverage-sink")),
                        "coverage"));

        // Allocations per district (or the province's own stock): each allocation id counts once, at any
        // age; a re-sent id with other content replaces the version counted (AllocationRegister).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALLOCATION_REGISTER_STORE),
                Serdes.String(), allocationSerde));
        KStream<String, VaccineAllocation> allocations =
                accepted(builder, serdes, topics.name(Topics.VACCINE_ALLOCATIONS), allocationSerde, Validation::allocation, topics, "vaccination-allocations")
                        .processValues(() -> new AllocationRegister(ALLOCATION_REGISTER_STORE),
                                Named.as("vaccination-allocation-register"), ALLOCATION_REGISTER_STORE);
        allocations
                .groupBy((id, a) -> AggregateKeys.allocationTotal(a.getDistrictCode()),
                        Grouped.with(ALLOCATIONS_BY_DISTRICT, Serdes.String(), allocationSerde))
                .aggregate(VaccinationTopology::emptyAllocation, (key, a, total) -> Counts.addAllocation(a, total),
                        Named.as("vaccination-allocation-totals-aggregate"),
                        Materialized.<String, AllocationTotal, KeyValueStore<Bytes, byte[]>>as(ALLOCATION_TOTALS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(allocationTotalSerde))
                .toStream(Named.as("vaccination-allocation-totals-changes"))
                .to(topics.name(Topics.ALLOCATION_TOTALS),
                        Produced.with(Serdes.String(), allocationTotalSerde).withName("vaccination-allocation-totals-sink"));

        // Stock per district (or the province) and product: allocations in, doses out, the 7-day window and
        // the stock-out alert. Each input is repartitioned by stock on its own (a few records per commit from
        // the dose ledger, one per allocation), so the doses' and the allocations' tasks stay as they are.
        KStream<String, StockChange> allocationStockChanges = allocations
                .process(AllocationStockChanges::new, Named.as("vaccination-allocations-as-stock-changes"))
                .repartition(Repartitioned.<String, StockChange>as(ALLOCATION_STOCK_CHANGES_BY_STOCK).withKeySerde(Serdes.String())
                        .withValueSerde(StockChange.serde()));
        // A few entries per product and holder (a dozen holders): in memory, restored from its changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STOCK_STORE),
                Serdes.String(), stockSerde));
        stockAlerts(doseStockChanges
                .repartition(Repartitioned.<String, StockChange>as(DOSE_STOCK_CHANGES_BY_STOCK).withKeySerde(Serdes.String())
                        .withValueSerde(StockChange.serde()))
                .merge(allocationStockChanges, Named.as("vaccination-stock-changes-merge"))
                .process(() -> new StockLedger(STOCK_STORE, options.stockAlertRaiseBelowDays(), options.stockAlertClearAtDays()),
                        Named.as("vaccination-stock"), STOCK_STORE), topics, serdes, stockSerde);
    }

    /** The stock step's output: each stock's state to its aggregate topic, its alerts to {@code alerts.v1}. */
    private static void stockAlerts(KStream<String, StockLedger.Emitted> emitted, TopicNames topics, PulseSerdes serdes,
                                    Serde<VaccineStock> stockSerde) {
        // alerts.v1 holds the congestion alerts too: stock alerts are registered under their own subject
        // (alerts.v1-vn.pulse.schemas.health.StockAlert), so the congestion alerts' schema stays as it is.
        Serde<StockAlert> alertSerde = serdes.forSharedTopic();
        emitted.split(Named.as("vaccination-stock-"))
                .branch((key, e) -> e.stock() != null, Branched.withConsumer(stock -> stock
                        .mapValues(StockLedger.Emitted::stock, Named.as("vaccination-stock-changes"))
                        .to(topics.name(Topics.VACCINE_STOCK), Produced.with(Serdes.String(), stockSerde).withName("vaccination-stock-sink")),
                        "levels"))
                .defaultBranch(Branched.withConsumer(alerts -> alerts
                        .mapValues(StockLedger.Emitted::alert, Named.as("vaccination-stock-alert-events"))
                        .to(topics.name(Topics.ALERTS), Produced.with(Serdes.String(), alertSerde).withName("vaccination-stock-alerts-sink")),
                        "alerts"));
    }

    /**
     * The records of {@code topic} that pass {@code validation}; the others go to the dead-letter topic.
     * Steps are named {@code <step>-source} and {@code <step>-validate}.
     */
    private static <V extends SpecificRecord> KStream<String, V> accepted(StreamsBuilder builder, PulseSerdes serdes, String topic,
                                                   Serde<V> serde, Function<V, String> validation, TopicNames topics, String step) {
        return DeadLetters.divert(builder.stream(topic, Consumed.with(Serdes.String(), serde).withName(step + "-source")),
                validation, topics.name(Topics.DEAD_LETTERS), serdes.<V>forDeadLetters(), step + "-validate");
    }

    private static AllocationTotal emptyAllocation() {
        return AllocationTotal.newBuilder().setDistrictCode(null).setDosesAllocated(0).setLastDeliveredOn(LocalDate.EPOCH).build();
    }
}
