package vn.pulse.streams.border;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.reference.Gates;
import vn.pulse.schemas.border.AlertStatus;
import vn.pulse.schemas.border.CongestionAlert;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.border.YardVisit;

/**
 * Everything kept per gate, from the gate's accepted events (the stream is partitioned by gate code,
 * so one task sees all of a gate's events): the vehicles in its yard, its backlog, trade per day,
 * month and year, throughput and waits per hour, and its congestion alerts: the backlog alert is
 * judged on every event, the wait alert on each hour's normal-lane waits once the hour is complete
 * (when the gate's latest event time enters the next hour), so an hour's first few crossings, or
 * green-lane vehicles passing a stuck queue, do not decide it.
 *
 * <p>The per-event path touches memory only: the state lives in one {@link DecodedStore} as plain
 * objects, one {@link GateRecord} per gate (trade in whole cents and kilograms, waits in array
 * histograms) and one {@link YardVisit} per vehicle in a yard, and each key an event changed is
 * encoded and written to the store's one changelog once per commit, in the commit's transaction.
 * Aggregates are written out at most once per key per {@link BorderConfig#emitInterval()}: changed
 * keys are remembered (in memory, and in their gate's record, so a crash cannot lose an update that
 * its transaction committed) and their latest values are forwarded when Kafka Streams flushes the
 * store before a commit, once the interval has passed since the last emission; so they go out in the
 * transaction of the events that changed them. (Sent right after a commit instead, as a wall-clock
 * punctuation would, they reach partitions whose previous transaction's markers are still being
 * written, and the broker refuses them until it is done: CONCURRENT_TRANSACTIONS, retried after a
 * back-off.) Commits come at the app's commit interval while the task processes events; a wall-clock
 * punctuation, scheduled only while changes wait, asks for one when a whole interval passed without
 * any. Alert raises and clears are forwarded at once.
 *
 * <p>A gate's record keeps only the trade periods and hours an event can still change. An event is
 * accepted only while its hour is open (its end plus {@link BorderConfig#grace()} after the task's
 * latest event time, which is at least the gate's), so a period that ended more than the grace and an
 * hour before the gate's latest event is final: once written out it is dropped from the record.
 */
final class GateAggregator implements Processor<String, GateEvent, String, GateAggregator.Emission> {

    /** Which output topic an emission goes to. */
    enum Output { TRADE, HOUR, YARD, ALERT_EVENT, ALERT_STATE }

    /** One record for one of the aggregate topics. */
    record Emission(Output output, SpecificRecord value) {
    }

    static final String TRADE_MARK = "T|";
    static final String HOUR_MARK = "H|";
    static final String YARD_MARK = "Y|";
    static final String ALERT_MARK = "A|";
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final BorderConfig config;
    private ProcessorContext<String, Emission> context;
    private Periods periods;
    /** Each gate's {@link GateRecord} (key: gate code) and each waiting vehicle's {@link YardVisit} (key: gate|vehicleRef). */
    private DecodedStore<Object> store;
    /** The keys of {@link #pending}, in the order they changed first. */
    private final Set<String> marks = new LinkedHashSet<>();
    /** The context as Kafka Streams gives it, and this processor's node: to forward from a flush. */
    private InternalProcessorContext<String, Emission> internal;
    private ProcessorNode<?, ?, ?, ?> node;
    private long lastEmission;
    /** When Kafka Streams last flushed the store (a commit of this task). */
    private long lastFlush;
    /** The wake-up while changes wait for a commit that may not come ({@link #wakeUp}); {@code null} when none is needed. */
    private Cancellable wakeUp;

    GateAggregator(BorderConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Emission> context) {
        this.context = context;
        this.periods = new Periods(DomainRules.ZONE);
        this.store = context.getStateStore(BorderTopology.GATE_STATE_STORE);
        // After a restart: what the last committed transaction had changed but not yet written out.
        marks.clear();
        store.forEachStored((key, value) -> {
            if (value instanceof GateRecord record) {
                marks.addAll(record.pending);
            }
        });
        if (context instanceof InternalProcessorContext<String, Emission> streamsContext) {
            internal = streamsContext;
            node = streamsContext.currentNode();
        }
        lastEmission = context.currentSystemTimeMs();
        lastFlush = lastEmission;
        wakeUp = null;
        store.beforeFlush(this::emitBeforeCommit);
        if (!marks.isEmpty()) {
            scheduleWakeUp();
        }
    }

    @Override
    public void process(Record<String, GateEvent> record) {
        GateEvent event = record.value();
        String gate = event.getGateCode();
        long at = event.getOccurredAt().toEpochMilli();
        GateRecord state = gateRecord(gate);
        // Trade first, checked before anything changes: a total that its schema cannot hold (or a
        // count that would overflow) fails the event here, so the dead-lettered event leaves no trace
        // in the gate's figures (DeadLetterOnFailure).
        TradeTally day = null;
        TradeTally month = null;
        TradeTally year = null;
        long cents = 0;
        long kilograms = 0;
        if (event.getKind() == GateEventKind.CROSSED) {
            cents = TradeTally.unscaled("declaredValueUsd", event.getDeclaredValueUsd(), TradeTally.USD_SCALE);
            kilograms = TradeTally.unscaled("tons", event.getTons(), TradeTally.TONS_SCALE);
            day = tally(state, TradePeriod.DAY, periods.day(at), at);
            month = tally(state, TradePeriod.MONTH, periods.month(at), at);
            year = tally(state, TradePeriod.YEAR, periods.year(at), at);
            day.checkAdd(event.getDirection(), cents, kilograms);
            month.checkAdd(event.getDirection(), cents, kilograms);
            year.checkAdd(event.getDirection(), cents, kilograms);
        }

        // The gate's clock is the latest event time seen at it; when it enters a new hour, the hour
        // it leaves is complete and its waits are judged (once, on all of its crossings).
        GateYard yard = state.yard;
        long previousHour = yard == null ? Long.MIN_VALUE : periods.hourStart(yard.getAsOf().toEpochMilli());

        String visitKey = gate + '|' + event.getVehicleRef();
        YardRules.Outcome outcome = YardRules.apply((YardVisit) store.get(visitKey), event.getKind(), event.getOccurredAt());
        if (outcome.next() == null) {
            store.delete(visitKey);
        } else {
            store.put(visitKey, outcome.next());
        }
        yard = updateYard(state, yard, event, outcome, at);

        long hourStart = periods.hourStart(at);
        updateHour(state, hourStart, event, outcome);
        if (outcome.waitMillis() != null && periods.hourStart(outcome.sampleAt()) != hourStart) {
            // A crossing paired late with its arrival: the sample belongs to the crossing's hour.
            long sampleHour = periods.hourStart(outcome.sampleAt());
            HourTally hour = hour(state, sampleHour);
            sample(hour, outcome.waitMillis(), event.getGreenLane());
            changedHour(state, hour);
        }
        if (day != null) {
            changedTrade(state, day, event, cents, kilograms);
            changedTrade(state, month, event, cents, kilograms);
            changedTrade(state, year, event, cents, kilograms);
        }

        AlertThresholds thresholds = config.thresholdsFor(gate);
        evaluate(state, CongestionKind.BACKLOG, yard.getBacklog(), thresholds.backlogRaise(), thresholds.backlogClear(), at,
                record.timestamp());
        if (previousHour != Long.MIN_VALUE && periods.hourStart(yard.getAsOf().toEpochMilli()) > previousHour) {
            HourTally completed = state.hours.get(state.hourKey(previousHour));
            if (completed != null && completed.normalLaneWaits.samples >= thresholds.minWaitSamples()) {
                evaluate(state, CongestionKind.WAIT_P90, completed.normalLaneWaitP90Minutes(), thresholds.waitP90RaiseMinutes(),
                        thresholds.waitP90ClearMinutes(), at, record.timestamp());
            }
        }
    }

    /** The gate's record, to be changed in place: it is written at the next commit. */
    private GateRecord gateRecord(String gate) {
        GateRecord record = (GateRecord) store.get(gate);
        if (record == null) {
            record = new GateRecord(gate);
            store.put(gate, record);
        } else {
            store.changed(gate);
        }
        return record;
    }

    private static TradeTally tally(GateRecord state, TradePeriod granularity, String period, long at) {
        TradeTally last = state.lastTrade[granularity.ordinal()];
        if (last != null && last.period.equals(period) && state.trade.get(last.key) == last) {
            return last;
        }
        TradeTally current = state.trade.get(AggregateKeys.gateTrade(state.gate, granularity, period));
        return current != null ? current : new TradeTally(state.gate, granularity, period, at);
    }

    private void changedTrade(GateRecord state, TradeTally t, GateEvent event, long cents, long kilograms) {
        t.add(event, cents, kilograms);
        state.trade.put(t.key, t);
        state.lastTrade[t.granularity.ordinal()] = t;
        mark(state, t.mark);
    }

    private void mark(GateRecord state, String mark) {
        if (state.pending.add(mark)) {
            marks.add(mark);
        }
    }

    private GateYard updateYard(GateRecord state, GateYard current, GateEvent event, YardRules.Outcome outcome, long at) {
        GateYard yard = current == null ? emptyYard(state.gate) : current;
        long backlog = Math.max(0, Math.addExact(yard.getBacklog(), outcome.backlogDelta()));
        long unmatched = Math.max(0, Math.addExact(yard.getCrossingsWithoutArrival(), outcome.unmatchedCrossingDelta()));
        switch (event.getKind()) {
            case ARRIVED -> yard.setArrivals(Math.incrementExact(yard.getArrivals()));
            case CROSSED -> yard.setCrossings(Math.incrementExact(yard.getCrossings()));
            case LEFT -> yard.setDeparturesWithoutCrossing(Math.incrementExact(yard.getDeparturesWithoutCrossing()));
            default -> throw new IllegalStateException("unknown gate event kind " + event.getKind());
        }
        yard.setBacklog(backlog);
        yard.setCrossingsWithoutArrival(unmatched);
        if (at > yard.getAsOf().toEpochMilli()) {
            yard.setAsOf(event.getOccurredAt());
        }
        state.yard = yard;
        mark(state, state.yardMark);
        return yard;
    }

    private void updateHour(GateRecord state, long hourStart, GateEvent event, YardRules.Outcome outcome) {
        HourTally hour = hour(state, hourStart);
        switch (event.getKind()) {
            case ARRIVED -> hour.arrivals = Math.incrementExact(hour.arrivals);
            case CROSSED -> {
                hour.vehiclesCrossed = Math.incrementExact(hour.vehiclesCrossed);
                if (event.getDirection() == TradeDirection.EXPORT) {
                    hour.exportVehicles = Math.incrementExact(hour.exportVehicles);
                } else {
                    hour.importVehicles = Math.incrementExact(hour.importVehicles);
                }
                if (event.getGreenLane()) {
                    hour.greenLaneVehicles = Math.incrementExact(hour.greenLaneVehicles);
                }
            }
            case LEFT -> hour.departuresWithoutCrossing = Math.incrementExact(hour.departuresWithoutCrossing);
            default -> throw new IllegalStateException("unknown gate event kind " + event.getKind());
        }
        if (outcome.waitMillis() != null && periods.hourStart(outcome.sampleAt()) == hourStart) {
            sample(hour, outcome.waitMillis(), event.getGreenLane());
        }
        long at = event.getOccurredAt().toEpochMilli();
        if (at > hour.asOf) {
            hour.asOf = at;
        }
        changedHour(state, hour);
    }

    private static HourTally hour(GateRecord state, long hourStart) {
        HourTally current = state.hours.get(state.hourKey(hourStart));
        return current != null ? current : new HourTally(state.gate, hourStart);
    }

    private void changedHour(GateRecord state, HourTally hour) {
        state.hours.put(state.hourKey(hour.hourStart), hour);
        mark(state, state.lastHourMark());
    }

    /**
     * Adds one wait to the hour. Green-lane vehicles go ahead of the queue: their waits count in the
     * hour's figures but not in the normal lane's, which the wait alert watches (while a congested gate
     * clears mostly green-lane vehicles, the hour's p90 would say all is well).
     */
    private void sample(HourTally hour, long waitMillis, boolean greenLane) {
        int minutes = (int) Math.min(config.waitCapMinutes(), Math.max(0, waitMillis / MINUTE));
        hour.waits.add(minutes);
        if (!greenLane) {
            hour.normalLaneWaits.add(minutes);
        }
    }

    /**
     * Raises, updates or clears the gate's alert of one kind (raise at ≥ raise mark, clear below the
     * clear mark); {@code at} is the event time, {@code timestamp} the record's.
     */
    private void evaluate(GateRecord state, CongestionKind kind, long value, long raise, long clear, long at, long timestamp) {
        String gate = state.gate;
        String key = state.openAlertKey(kind);
        CongestionAlert open = state.alerts.get(key);
        if (open == null) {
            if (value >= raise) {
                Instant raisedAt = Instant.ofEpochMilli(at);
                CongestionAlert raised = CongestionAlert.newBuilder()
                        .setAlertId(AggregateKeys.alertId(gate, kind, raisedAt))
                        .setGateCode(gate).setKind(kind).setStatus(AlertStatus.RAISED)
                        .setRaisedAt(raisedAt).setClearedAt(null)
                        .setValue(value).setPeakValue(value).setRaiseThreshold(raise).setClearThreshold(clear)
                        .setMessage(describe(gate, kind, value, raise, clear, false))
                        .build();
                state.alerts.put(key, raised);
                forwardAlert(raised, timestamp);
            }
        } else if (value < clear) {
            CongestionAlert cleared = CongestionAlert.newBuilder(open)
                    .setStatus(AlertStatus.CLEARED).setClearedAt(Instant.ofEpochMilli(at)).setValue(value)
                    .setMessage(describe(gate, kind, value, raise, clear, true))
                    .build();
            state.alerts.remove(key);
            forwardAlert(cleared, timestamp);
        } else if (value != open.getValue()) {
            state.alerts.put(key, CongestionAlert.newBuilder(open)
                    .setValue(value).setPeakValue(Math.max(open.getPeakValue(), value))
                    .setMessage(describe(gate, kind, value, raise, clear, false))
                    .build());
            mark(state, ALERT_MARK + key);
        }
    }

    private void forwardAlert(CongestionAlert alert, long timestamp) {
        context.forward(new Record<>(alert.getGateCode(), new Emission(Output.ALERT_EVENT, alert), timestamp));
        context.forward(new Record<>(alert.getAlertId(), new Emission(Output.ALERT_STATE, alert), timestamp));
    }

    private static String describe(String gate, CongestionKind kind, long value, long raise, long clear, boolean cleared) {
        String gateName = Gates.byCode(gate).map(g -> g.nameAscii() + " (" + gate + ")").orElse(gate);
        String metric = kind == CongestionKind.BACKLOG
                ? "backlog " + value + " vehicles"
                : "p90 wait " + value + " min";
        String bounds = kind == CongestionKind.BACKLOG
                ? " (raise at " + raise + ", clear below " + clear + " vehicles)"
                : " (raise at " + raise + ", clear below " + clear + " min)";
        return (cleared ? "Cleared at " : "Congestion at ") + gateName + ": " + metric + bounds;
    }

    /**
     * Called as Streams flushes the store before a commit: forwards what changed, if the emission interval
     * has passed since the last emission. Streams forwards from a flush as from a punctuation, with this
     * processor's node current and a record context of its own (as its caching stores do).
     */
    private void emitBeforeCommit() {
        long now = context.currentSystemTimeMs();
        lastFlush = now;
        if (marks.isEmpty()) {
            return;
        }
        boolean due = now - lastEmission >= config.emitInterval().toMillis();
        if (!due && wakeUp != null) {
            return;
        }
        if (internal == null) {
            emitOrWait(due, now);
            return;
        }
        ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
        ProcessorRecordContext previousContext = internal.recordContext();
        internal.setCurrentNode(node);
        internal.setRecordContext(new ProcessorRecordContext(now, -1L, -1, null, new RecordHeaders()));
        try {
            emitOrWait(due, now);
        } finally {
            internal.setRecordContext(previousContext);
            internal.setCurrentNode(previousNode);
        }
    }

    /** Forwards what changed if {@code due}; otherwise makes sure a later commit will. */
    private void emitOrWait(boolean due, long now) {
        if (due) {
            lastEmission = now;
            if (wakeUp != null) {
                wakeUp.cancel();
                wakeUp = null;
            }
            emitPending(now);
        } else {
            scheduleWakeUp();
        }
    }

    /**
     * Changes wait, and the commit that writes them out may not come: a task commits only after it
     * processed records (or punctuated), so one that falls idle right after a commit too early to emit
     * would keep its last changes. A wall-clock punctuation, scheduled only while changes wait, asks
     * for a commit once a whole interval passed without one. It is not scheduled for good: each
     * punctuation makes its task commit at the next commit, and asking for a commit on a fixed
     * cadence adds commits to the stream thread's own (every task's, in one transaction), which also
     * defeats a longer commit interval (the bulk profile's).
     */
    private void scheduleWakeUp() {
        wakeUp = context.schedule(config.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::wakeUp);
    }

    private void wakeUp(long now) {
        if (marks.isEmpty()) {
            wakeUp.cancel();
            wakeUp = null;
        } else if (now - lastFlush >= config.emitInterval().toMillis()) {
            context.commit();
        }
    }

    /**
     * Forwards the latest value of every aggregate changed since the last emission, stamped {@code now};
     * then drops from each of those gates' records what no event can change any more.
     */
    private void emitPending(long now) {
        Map<String, GateRecord> emitted = new LinkedHashMap<>();
        for (String mark : marks) {
            String key = mark.substring(2);
            int bar = key.indexOf('|');
            GateRecord gate = emitted.computeIfAbsent(bar < 0 ? key : key.substring(0, bar), this::gateRecord);
            switch (mark.substring(0, 2)) {
                case TRADE_MARK -> {
                    TradeTally trade = gate.trade.get(key);
                    forward(key, Output.TRADE, trade == null ? null : trade.toAvro(), now);
                }
                case HOUR_MARK -> {
                    HourTally hour = gate.hours.get(key);
                    forward(key, Output.HOUR, hour == null ? null : hour.toAvro(), now);
                }
                case YARD_MARK -> forward(key, Output.YARD, gate.yard, now);
                case ALERT_MARK -> {
                    CongestionAlert alert = gate.alerts.get(key);
                    if (alert != null) {
                        forward(alert.getAlertId(), Output.ALERT_STATE, alert, now);
                    }
                }
                default -> throw new IllegalStateException("unknown pending emission " + mark);
            }
        }
        marks.clear();
        long keep = config.grace().toMillis() + 2 * HOUR;
        for (GateRecord gate : emitted.values()) {
            gate.pending.clear();
            if (gate.yard != null) {
                gate.dropClosed(gate.yard.getAsOf().toEpochMilli() - keep, periods);
            }
        }
    }

    private void forward(String key, Output output, SpecificRecord value, long now) {
        if (value != null) {
            context.forward(new Record<>(key, new Emission(output, value), now));
        }
    }

    private static GateYard emptyYard(String gate) {
        return GateYard.newBuilder().setGateCode(gate).setBacklog(0).setArrivals(0).setCrossings(0)
                .setDeparturesWithoutCrossing(0).setCrossingsWithoutArrival(0).setAsOf(Instant.EPOCH).build();
    }
}
