package vn.pulse.streams.vaccination;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.DoseLedgerEntry;
import vn.pulse.schemas.health.PendingCorrection;

/**
 * Reconciles doses with their corrections, per dose event id, and emits what changes the counts:
 * a dose first counted adds one, a counted dose retracted takes one off, and the corrections that
 * must not be applied go to the dead-letter topic, with the reason.
 *
 * <p>Counts leave the task once per commit, not once per dose: each change goes into the task's
 * partial totals per district, age group and day (an in-memory store with a record cache and a
 * changelog), and when the cache is flushed (at every commit, or when it is full) each day that
 * changed is forwarded once, as the difference from what was last forwarded ({@link DayCounts#since}),
 * keyed by its cohort ({@code district|ageGroup}). The flush, the changelog and the forwarded
 * differences belong to the same transaction, so after a crash the partial totals and what was sent
 * agree: every dose is in the downstream totals exactly once. The doses of each vaccine stock
 * (district and product) per day are kept and sent the same way, from a second partial-totals store,
 * keyed by the stock ({@code district|product}, {@link StockChange}).
 *
 * <ul>
 *   <li>dose, never seen: counted (+1), remembered with what is needed to subtract it later;</li>
 *   <li>dose already counted (a re-send, however late): nothing, counted in {@code repeats-ignored};</li>
 *   <li>dose whose correction of the same district came first, less than the TTL ago: never counted;</li>
 *   <li>dose whose waiting correction names another district: counted; the correction is rejected;</li>
 *   <li>dose whose waiting correction is older than the TTL: counted ({@code pending-corrections-expired});</li>
 *   <li>correction of a counted dose of the same district: -1, and the dose is marked retracted;</li>
 *   <li>correction naming another district than its dose's: rejected, the dose stays as it is;</li>
 *   <li>correction of an unknown dose: waits in the pending store (key {@code doseEventId|district})
 *       for its dose, at most the TTL of wall-clock time; a punctuation removes expired ones;</li>
 *   <li>correction of a dose already retracted, or one already waiting: nothing.</li>
 * </ul>
 *
 * <p>The stores are keyed by the dose event id taken from the value, so a missing record key cannot
 * break the bookkeeping (but co-partitioning needs the key: producers key both topics by it).
 * Under exactly-once the stores' changelogs commit with the emitted records.
 *
 * <p>Ledger entries written before corrections named a district (not counted, retracted, no district:
 * a correction that came before its dose) cannot be checked against the dose's district and carry no
 * age: a dose finding one is counted, like one whose pending correction expired.
 */
final class DoseLedger implements Processor<String, DoseLedger.Report, String, DoseLedger.Outcome> {

    /** The Kafka Streams sensor group of the ledger's metrics. */
    static final String METRIC_SCOPE = "pulse-vaccination-ledger";
    /** The gauge of corrections waiting for their dose, per task ({@code stream-pulse-vaccination-ledger-metrics}). */
    static final String PENDING_METRIC = "pending-corrections";
    /** How often (wall clock) expired pending corrections are removed, at most. */
    static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(10);

    private static final StringSerializer KEYS = new StringSerializer();

    /** A dose or a correction of one, as the ledger receives them from the merged streams. */
    record Report(DoseAdministered dose, DoseCorrection correction) {

        static Report dose(DoseAdministered dose) {
            return new Report(dose, null);
        }

        static Report correction(DoseCorrection correction) {
            return new Report(null, correction);
        }
    }

    /**
     * What the ledger emits: the change of one day's counts (keyed by cohort), or a correction it will
     * not apply and why (keyed by the dose's event id).
     */
    record Outcome(DayCounts change, StockChange stockChange, DoseCorrection rejected, String reason) {

        static Outcome change(DayCounts change) {
            return new Outcome(change, null, null, null);
        }

        /** A change of one stock's doses of one day, keyed by the stock ({@code district|product}). */
        static Outcome stockChange(StockChange change) {
            return new Outcome(null, change, null, null);
        }

        static Outcome rejected(DoseCorrection correction, String reason) {
            return new Outcome(null, null, correction, reason);
        }
    }

    private final String storeName;
    private final String pendingStoreName;
    private final String partialsStoreName;
    private final String stockPartialsStoreName;
    private final long ttlMillis;
    private ProcessorContext<String, Outcome> context;
    private KeyValueStore<String, DoseLedgerEntry> ledger;
    private KeyValueStore<String, PendingCorrection> pending;
    private KeyValueStore<String, DayCounts> partials;
    private KeyValueStore<String, StockChange> stockPartials;
    /** Whether the partial totals leave the task at cache flushes (true) or at every change (no cache). */
    private boolean cachingPartials;
    private boolean cachingStockPartials;
    private Sensor repeatsIgnored;
    private Sensor retractedBeforeDose;
    private Sensor pendingExpired;
    private Sensor pendingGauge;
    private long pendingCount;

    DoseLedger(String storeName, String pendingStoreName, String partialsStoreName, String stockPartialsStoreName, Duration pendingTtl) {
        this.storeName = storeName;
        this.pendingStoreName = pendingStoreName;
        this.partialsStoreName = partialsStoreName;
        this.stockPartialsStoreName = stockPartialsStoreName;
        this.ttlMillis = pendingTtl.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.ledger = context.getStateStore(storeName);
        this.pending = context.getStateStore(pendingStoreName);
        this.partials = context.getStateStore(partialsStoreName);
        this.stockPartials = context.getStateStore(stockPartialsStoreName);
        this.cachingPartials = forwardOnFlush(partials, this::forwardChange);
        this.cachingStockPartials = forwardOnFlush(stockPartials, this::forwardStockChange);
        this.repeatsIgnored = context.metrics().addRateTotalSensor(METRIC_SCOPE, "vaccination-dose-ledger",
                "repeats-ignored", Sensor.RecordingLevel.INFO);
        this.retractedBeforeDose = context.metrics().addRateTotalSensor(METRIC_SCOPE, "vaccination-dose-ledger",
                "corrections-before-dose", Sensor.RecordingLevel.INFO);
        this.pendingExpired = context.metrics().addRateTotalSensor(METRIC_SCOPE, "vaccination-dose-ledger",
                "pending-corrections-expired", Sensor.RecordingLevel.INFO);
        String thread = Thread.currentThread().getName();
        String task = context.taskId().toString();
        this.pendingGauge = context.metrics().addSensor(METRIC_SCOPE + "." + thread + "." + task + "." + PENDING_METRIC,
                Sensor.RecordingLevel.INFO);
        pendingGauge.add(new MetricName(PENDING_METRIC, "stream-" + METRIC_SCOPE + "-metrics",
                "Corrections waiting for their dose in this task (they expire after vaccination.pending-correction-ttl)",
                Map.of("thread-id", thread, "task-id", task)), new Value());
        try (KeyValueIterator<String, PendingCorrection> all = pending.all()) {
            long n = 0;
            while (all.hasNext()) {
                all.next();
                n++;
            }
            pendingCount = n;
        }
        pendingGauge.record(pendingCount);
        context.schedule(EXPIRY_INTERVAL.compareTo(Duration.ofMillis(ttlMillis)) < 0 ? EXPIRY_INTERVAL : Duration.ofMillis(ttlMillis),
                PunctuationType.WALL_CLOCK_TIME, this::removeExpired);
    }

    /**
     * Forwards each day's change when the partial totals' cache is flushed (Kafka Streams flushes it
     * before every commit), as Kafka Streams' own aggregations do: this uses its cache flush listener
     * and, to forward from outside {@code process}, sets this processor as the current node. Without a
     * cache (a cache size of 0) each change is forwarded at once, as Kafka Streams' aggregations do then.
     */
    private <V> boolean forwardOnFlush(KeyValueStore<String, V> store, ChangeForwarder<V> forwarder) {
        if (!(context instanceof InternalProcessorContext<?, ?> internal) || !(store instanceof CachedStateStore<?, ?>)) {
            return false;
        }
        ProcessorNode<?, ?, ?, ?> self = internal.currentNode();
        @SuppressWarnings("unchecked")
        CachedStateStore<String, V> cached = (CachedStateStore<String, V>) store;
        return cached.setFlushListener(flushed -> {
            ProcessorNode<?, ?, ?, ?> previous = internal.currentNode();
            internal.setCurrentNode(self);
            try {
                forwarder.forward(flushed.key(), flushed.value().oldValue, flushed.value().newValue);
            } finally {
                internal.setCurrentNode(previous);
            }
        }, true);
    }

    /** Forwards what changed in one partial total, from {@code before} to {@code now}. */
    @FunctionalInterface
    private interface ChangeForwarder<V> {
        void forward(String key, V before, V now);
    }

    /** Forwards what changed in a stock's partial total of one day, keyed by the stock ({@code district|product}). */
    private void forwardStockChange(String stockDayKey, StockChange before, StockChange now) {
        if (now == null) {
            return;
        }
        StockChange change = now.since(before);
        if (change == null) {
            return;
        }
        context.forward(new Record<>(stockDayKey.substring(0, stockDayKey.lastIndexOf('|')), Outcome.stockChange(change),
                now.latestTimestamp()));
    }

    /** Forwards what changed in a day's partial totals, keyed by the day's cohort ({@code district|ageGroup}). */
    private void forwardChange(String dayKey, DayCounts before, DayCounts now) {
        if (now == null) {
            return;
        }
        DayCounts change = now.since(before);
        if (change == null) {
            return;
        }
        context.forward(new Record<>(dayKey.substring(0, dayKey.lastIndexOf('|')), Outcome.change(change), now.latestTimestamp()));
    }

    @Override
    public void process(Record<String, Report> record) {
        Report report = record.value();
        if (report.dose() != null) {
            onDose(record, report.dose());
        } else {
            onCorrection(record, report.correction());
        }
    }

    @Override
    public void close() {
        if (pendingGauge != null) {
            context.metrics().removeSensor(pendingGauge);
        }
    }

    private void onDose(Record<String, Report> record, DoseAdministered dose) {
        String id = dose.getEventId();
        DoseLedgerEntry entry = ledger.get(id);
        if (entry != null && !isUncheckedMarker(entry)) {
            // Counted already, or retracted before it arrived: either way it must not count (again).
            repeatsIgnored.record();
            return;
        }
        if (entry != null) {
            // A marker of an earlier version: no district to check, no age; it counts as expired.
            pendingExpired.record();
        }
        boolean retracted = false;
        long now = context.currentSystemTimeMs();
        for (PendingCorrection waiting : pendingFor(id)) {
            removePending(waiting);
            if (expired(waiting, now)) {
                pendingExpired.record();
            } else if (waiting.getDistrictCode().equals(dose.getDistrictCode())) {
                retracted = true;
            } else {
                context.forward(record.withValue(Outcome.rejected(correction(waiting), districtMismatch(
                        waiting.getDistrictCode(), id, dose.getDistrictCode())))
                        .withTimestamp(waiting.getCorrectedAt().toEpochMilli()));
            }
        }
        ledger.put(id, DoseLedgerEntry.newBuilder()
                .setCounted(!retracted).setRetracted(retracted)
                .setDistrictCode(dose.getDistrictCode()).setAgeGroup(dose.getAgeGroup())
                .setDoseKind(dose.getDoseKind()).setAdministeredAt(dose.getAdministeredAt())
                .setVaccineProduct(dose.getVaccineProduct())
                .build());
        if (!retracted) {
            count(dose.getDistrictCode(), dose.getAgeGroup(), dose.getDoseKind(), dose.getVaccineProduct(), dose.getAdministeredAt(),
                    +1, record.timestamp());
        }
    }

    private void onCorrection(Record<String, Report> record, DoseCorrection correction) {
        String id = correction.getDoseEventId();
        DoseLedgerEntry entry = ledger.get(id);
        if (entry == null || isUncheckedMarker(entry)) {
            waitForDose(correction);
            return;
        }
        if (!entry.getDistrictCode().equals(correction.getDistrictCode())) {
            context.forward(record.withValue(Outcome.rejected(correction,
                    districtMismatch(correction.getDistrictCode(), id, entry.getDistrictCode()))));
            return;
        }
        if (entry.getRetracted()) {
            repeatsIgnored.record();
            return;
        }
        ledger.put(id, DoseLedgerEntry.newBuilder(entry).setCounted(false).setRetracted(true).build());
        count(entry.getDistrictCode(), entry.getAgeGroup(), entry.getDoseKind(), entry.getVaccineProduct(), entry.getAdministeredAt(),
                -1, record.timestamp());
    }

    private void waitForDose(DoseCorrection correction) {
        String key = pendingKey(correction.getDoseEventId(), correction.getDistrictCode());
        long now = context.currentSystemTimeMs();
        PendingCorrection waiting = pending.get(key);
        if (waiting != null && !expired(waiting, now)) {
            repeatsIgnored.record();
            return;
        }
        if (waiting != null) {
            pendingExpired.record();
        } else {
            pendingCount++;
        }
        retractedBeforeDose.record();
        pending.put(key, PendingCorrection.newBuilder()
                .setCorrectionId(correction.getCorrectionId()).setDoseEventId(correction.getDoseEventId())
                .setDistrictCode(correction.getDistrictCode()).setCorrectedAt(correction.getCorrectedAt())
                .setReason(correction.getReason()).setPendingSince(Instant.ofEpochMilli(now))
                .build());
        pendingGauge.record(pendingCount);
    }

    /** Every correction waiting for dose {@code id}, whatever district it names. */
    private List<PendingCorrection> pendingFor(String id) {
        List<PendingCorrection> found = new ArrayList<>(1);
        if (pendingCount == 0) {
            return found;
        }
        try (KeyValueIterator<String, PendingCorrection> it = pending.prefixScan(id + "|", KEYS)) {
            while (it.hasNext()) {
                PendingCorrection waiting = it.next().value;
                // The prefix also matches longer ids that start with "id|".
                if (waiting.getDoseEventId().equals(id)) {
                    found.add(waiting);
                }
            }
        }
        return found;
    }

    private void removeExpired(long now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, PendingCorrection> all = pending.all()) {
            while (all.hasNext()) {
                KeyValue<String, PendingCorrection> next = all.next();
                if (expired(next.value, now)) {
                    expired.add(next.key);
                }
            }
        }
        for (String key : expired) {
            pending.delete(key);
            pendingExpired.record();
        }
        pendingCount -= expired.size();
        pendingGauge.record(pendingCount);
    }

    private void removePending(PendingCorrection waiting) {
        pending.delete(pendingKey(waiting.getDoseEventId(), waiting.getDistrictCode()));
        pendingCount--;
        pendingGauge.record(pendingCount);
    }

    private boolean expired(PendingCorrection waiting, long now) {
        return now - waiting.getPendingSince().toEpochMilli() >= ttlMillis;
    }

    /** A correction-before-dose marker of a version that kept no district nor time: never applied. */
    private static boolean isUncheckedMarker(DoseLedgerEntry entry) {
        return !entry.getCounted() && entry.getRetracted() && entry.getDistrictCode() == null;
    }

    static String pendingKey(String doseEventId, String districtCode) {
        return doseEventId + "|" + districtCode;
    }

    private static String districtMismatch(String named, String doseEventId, String doseDistrict) {
        return "districtCode: the correction names district " + named + " but dose " + doseEventId
                + " was reported for district " + doseDistrict + "; not applied";
    }

    private static DoseCorrection correction(PendingCorrection waiting) {
        return DoseCorrection.newBuilder().setCorrectionId(waiting.getCorrectionId()).setDoseEventId(waiting.getDoseEventId())
                .setDistrictCode(waiting.getDistrictCode()).setCorrectedAt(waiting.getCorrectedAt()).setReason(waiting.getReason())
                .build();
    }

    /**
     * Adds one dose (change +1) to, or takes one (-1) off, the partial totals of its day: its cohort's
     * and its stock's ({@code product} null: a dose counted before stock was kept, whose product the
     * ledger does not know; it stays out of the stock).
     */
    private void count(String district, String ageGroup, DoseKind kind, String product, Instant administeredAt, int change,
                       long timestamp) {
        LocalDate day = DomainRules.localDate(administeredAt);
        String key = AggregateKeys.dailyDoses(district, ageGroup, day);
        DayCounts counts = partials.get(key);
        DayCounts next = (counts == null ? DayCounts.empty((int) day.toEpochDay()) : counts).plus(kind, change, administeredAt, timestamp);
        partials.put(key, next);
        if (!cachingPartials) {
            forwardChange(key, counts, next);
        }
        if (product == null) {
            return;
        }
        String stockKey = AggregateKeys.vaccineStock(district, product) + '|' + day;
        StockChange doses = stockPartials.get(stockKey);
        StockChange nextDoses = (doses == null ? StockChange.noDoses((int) day.toEpochDay()) : doses).plusDose(change, timestamp);
        stockPartials.put(stockKey, nextDoses);
        if (!cachingStockPartials) {
            forwardStockChange(stockKey, doses, nextDoses);
        }
    }
}
