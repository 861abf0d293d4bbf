package vn.pulse.streams.border;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
 * <p>The per-event path touches memory only: the state lives in {@link DecodedStore}s as plain
 * objects (trade in whole cents and kilograms, waits in array histograms) and each key an event
 * changed is encoded and written to its store's changelog once per commit, in the commit's
 * transaction. Aggregates are written out at most once per key per {@link BorderConfig#emitInterval()}:
 * changed keys are remembered (in memory, and in a logged store, so a crash cannot lose an update
 * that its transaction committed) and a wall-clock punctuation forwards their latest values. Alert
 * raises and clears are forwarded at once.
 */
final class GateAggregator implements Processor<String, GateEvent, String, GateAggregator.Emission> {

    /** Which output topic an emission goes to. */
    enum Output { TRADE, HOUR, YARD, ALERT_EVENT, ALERT_STATE }

    /** One record for one of the aggregate topics. */
    record Emission(Output output, SpecificRecord value) {
    }

    private static final String TRADE_MARK = "T|";
    private static final String HOUR_MARK = "H|";
    private static final String YARD_MARK = "Y|";
    private static final String ALERT_MARK = "A|";
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private final BorderConfig config;
    private ProcessorContext<String, Emission> context;
    private Periods periods;
    private DecodedStore<YardVisit> visits;
    private DecodedStore<GateYard> yards;
    private DecodedStore<TradeTally> trades;
    private DecodedStore<HourTally> hours;
    private DecodedStore<CongestionAlert> alerts;
    private DecodedStore<Long> pending;
    private String lastHourGate;
    private long lastHourStart;
    private String lastHourKey;
    /** The keys of {@link #pending}, in the order they changed first. */
    private final Set<String> marks = new LinkedHashSet<>();

    GateAggregator(BorderConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Emission> context) {
        this.context = context;
        this.periods = new Periods(DomainRules.ZONE);
        this.visits = context.getStateStore(BorderTopology.YARD_VISITS_STORE);
        this.yards = context.getStateStore(BorderTopology.GATE_YARDS_STORE);
        this.trades = context.getStateStore(BorderTopology.GATE_TRADE_STORE);
        this.hours = context.getStateStore(BorderTopology.GATE_HOURS_STORE);
        this.alerts = context.getStateStore(BorderTopology.OPEN_ALERTS_STORE);
        this.pending = context.getStateStore(BorderTopology.PENDING_EMISSIONS_STORE);
        // After a restart: what the last committed transaction had changed but not yet written out.
        marks.clear();
        pending.forEachStored((mark, at) -> marks.add(mark));
        context.schedule(config.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitPending);
    }

    @Override
    public void process(Record<String, GateEvent> record) {
        GateEvent event = record.value();
        String gate = event.getGateCode();
        long at = event.getOccurredAt().toEpochMilli();
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
            day = tally(gate, TradePeriod.DAY, periods.day(at), at);
            month = tally(gate, TradePeriod.MONTH, periods.month(at), at);
            year = tally(gate, TradePeriod.YEAR, periods.year(at), at);
            day.checkAdd(event.getDirection(), cents, kilograms);
            month.checkAdd(event.getDirection(), cents, kilograms);
            year.checkAdd(event.getDirection(), cents, kilograms);
        }

        // The gate's clock is the latest event time seen at it; when it enters a new hour, the hour
        // it leaves is complete and its waits are judged (once, on all of its crossings).
        GateYard yard = yards.get(gate);
        long previousHour = yard == null ? Long.MIN_VALUE : periods.hourStart(yard.getAsOf().toEpochMilli());

        String visitKey = gate + '|' + event.getVehicleRef();
        YardRules.Outcome outcome = YardRules.apply(visits.get(visitKey), event.getKind(), event.getOccurredAt());
        if (outcome.next() == null) {
            visits.delete(visitKey);
        } else {
            visits.put(visitKey, outcome.next());
        }
        yard = updateYard(gate, yard, event, outcome, at);

        long hourStart = periods.hourStart(at);
        updateHour(gate, hourStart, event, outcome);
        if (outcome.waitMillis() != null && periods.hourStart(outcome.sampleAt()) != hourStart) {
            // A crossing paired late with its arrival: the sample belongs to the crossing's hour.
            long sampleHour = periods.hourStart(outcome.sampleAt());
            HourTally hour = hour(gate, sampleHour);
            sample(hour, outcome.waitMillis(), event.getGreenLane());
            changedHour(gate, hour);
        }
        if (day != null) {
            for (TradeTally t : new TradeTally[] {day, month, year}) {
                t.add(event, cents, kilograms);
                String key = AggregateKeys.gateTrade(gate, t.granularity, t.period);
                trades.put(key, t);
                mark(TRADE_MARK + key, t.asOf);
            }
        }

        AlertThresholds thresholds = config.thresholdsFor(gate);
        evaluate(gate, CongestionKind.BACKLOG, yard.getBacklog(), thresholds.backlogRaise(), thresholds.backlogClear(), at,
                record.timestamp());
        if (previousHour != Long.MIN_VALUE && periods.hourStart(yard.getAsOf().toEpochMilli()) > previousHour) {
            HourTally completed = hours.get(hourKey(gate, previousHour));
            if (completed != null && completed.normalLaneWaits.samples >= thresholds.minWaitSamples()) {
                evaluate(gate, CongestionKind.WAIT_P90, completed.normalLaneWaitP90Minutes(), thresholds.waitP90RaiseMinutes(),
                        thresholds.waitP90ClearMinutes(), at, record.timestamp());
            }
        }
    }

    private TradeTally tally(String gate, TradePeriod granularity, String period, long at) {
        TradeTally current = trades.get(AggregateKeys.gateTrade(gate, granularity, period));
        return current != null ? current : new TradeTally(gate, granularity, period, at);
    }

    private void mark(String mark, long at) {
        if (marks.add(mark)) {
            pending.put(mark, at);
        }
    }

    private GateYard updateYard(String gate, GateYard current, GateEvent event, YardRules.Outcome outcome, long at) {
        GateYard yard = current == null ? emptyYard(gate) : current;
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
        yards.put(gate, yard);
        mark(YARD_MARK + gate, at);
        return yard;
    }

    private void updateHour(String gate, long hourStart, GateEvent event, YardRules.Outcome outcome) {
        HourTally hour = hour(gate, hourStart);
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
        changedHour(gate, hour);
    }

    /** {@link AggregateKeys#gateHour}, remembered for the last gate and hour (it formats an instant). */
    private String hourKey(String gate, long hourStart) {
        if (hourStart != lastHourStart || !gate.equals(lastHourGate)) {
            lastHourGate = gate;
            lastHourStart = hourStart;
            lastHourKey = AggregateKeys.gateHour(gate, hourStart);
        }
        return lastHourKey;
    }

    private HourTally hour(String gate, long hourStart) {
        HourTally current = hours.get(hourKey(gate, hourStart));
        return current != null ? current : new HourTally(gate, hourStart);
    }

    private void changedHour(String gate, HourTally hour) {
        String key = hourKey(gate, hour.hourStart);
        hours.put(key, hour);
        mark(HOUR_MARK + key, hour.asOf);
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
    private void evaluate(String gate, CongestionKind kind, long value, long raise, long clear, long at, long timestamp) {
        String key = AggregateKeys.openAlert(gate, kind);
        CongestionAlert open = alerts.get(key);
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
                alerts.put(key, raised);
                forwardAlert(raised, timestamp);
            }
        } else if (value < clear) {
            CongestionAlert cleared = CongestionAlert.newBuilder(open)
                    .setStatus(AlertStatus.CLEARED).setClearedAt(Instant.ofEpochMilli(at)).setValue(value)
                    .setMessage(describe(gate, kind, value, raise, clear, true))
                    .build();
            alerts.delete(key);
            forwardAlert(cleared, timestamp);
        } else if (value != open.getValue()) {
            alerts.put(key, CongestionAlert.newBuilder(open)
                    .setValue(value).setPeakValue(Math.max(open.getPeakValue(), value))
                    .setMessage(describe(gate, kind, value, raise, clear, false))
                    .build());
            mark(ALERT_MARK + key, at);
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

    /** Forwards the latest value of every aggregate changed since the last emission, stamped {@code now}. */
    private void emitPending(long now) {
        for (String mark : marks) {
            String key = mark.substring(2);
            switch (mark.substring(0, 2)) {
                case TRADE_MARK -> {
                    TradeTally trade = trades.get(key);
                    forward(key, Output.TRADE, trade == null ? null : trade.toAvro(), now);
                }
                case HOUR_MARK -> {
                    HourTally hour = hours.get(key);
                    forward(key, Output.HOUR, hour == null ? null : hour.toAvro(), now);
                }
                case YARD_MARK -> forward(key, Output.YARD, yards.get(key), now);
                case ALERT_MARK -> {
                    CongestionAlert alert = alerts.get(key);
                    if (alert != null) {
                        forward(alert.getAlertId(), Output.ALERT_STATE, alert, now);
                    }
                }
                default -> throw new IllegalStateException("unknown pending emission " + mark);
            }
            pending.delete(mark);
        }
        marks.clear();
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
