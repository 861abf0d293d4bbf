package vn.pulse.streams.border;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.reference.Gates;
import vn.pulse.schemas.border.AlertStatus;
import vn.pulse.schemas.border.CongestionAlert;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.GateHour;
import vn.pulse.schemas.border.GateTrade;
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
 * <p>Aggregates are updated in their stores record by record, but written out at most once per key
 * per {@link BorderConfig#emitInterval()}: changed keys are remembered in a logged store (so a crash
 * cannot lose an update that its transaction committed) and a wall-clock punctuation forwards their
 * latest values. Alert raises and clears are forwarded at once.
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
    private static final BigDecimal ZERO_USD = BigDecimal.ZERO.setScale(2);
    private static final BigDecimal ZERO_TONS = BigDecimal.ZERO.setScale(3);
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private final BorderConfig config;
    private ProcessorContext<String, Emission> context;
    private Periods periods;
    private KeyValueStore<String, YardVisit> visits;
    private KeyValueStore<String, GateYard> yards;
    private KeyValueStore<String, GateTrade> trades;
    private KeyValueStore<String, GateHour> hours;
    private KeyValueStore<String, CongestionAlert> alerts;
    private KeyValueStore<String, Long> pending;

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
        context.schedule(config.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitPending);
    }

    @Override
    public void process(Record<String, GateEvent> record) {
        GateEvent event = record.value();
        String gate = event.getGateCode();
        long at = event.getOccurredAt().toEpochMilli();
        // Trade first, without storing it: a total that its schema cannot hold (or a count that would
        // overflow) fails the event here, before any store changed, so the dead-lettered event leaves
        // no trace in the gate's figures (DeadLetterOnFailure).
        List<GateTrade> trade = event.getKind() == GateEventKind.CROSSED ? tradeWith(gate, event, at) : List.of();

        // The gate's clock is the latest event time seen at it; when it enters a new hour, the hour
        // it leaves is complete and its waits are judged (once, on all of its crossings).
        GateYard before = yards.get(gate);
        long previousHour = before == null ? Long.MIN_VALUE : periods.hourStart(before.getAsOf().toEpochMilli());

        String visitKey = gate + '|' + event.getVehicleRef();
        YardRules.Outcome outcome = YardRules.apply(visits.get(visitKey), event.getKind(), event.getOccurredAt());
        if (outcome.next() == null) {
            visits.delete(visitKey);
        } else {
            visits.put(visitKey, outcome.next());
        }
        GateYard yard = updateYard(gate, before, event, outcome, at);

        long hourStart = periods.hourStart(at);
        updateHour(gate, hourStart, event, outcome);
        if (outcome.waitMillis() != null && periods.hourStart(outcome.sampleAt()) != hourStart) {
            // A crossing paired late with its arrival: the sample belongs to the crossing's hour.
            addSample(gate, periods.hourStart(outcome.sampleAt()), outcome.waitMillis(), event.getGreenLane());
        }
        for (GateTrade t : trade) {
            String key = AggregateKeys.gateTrade(gate, t.getGranularity(), t.getPeriod());
            trades.put(key, t);
            pending.put(TRADE_MARK + key, t.getAsOf().toEpochMilli());
        }

        AlertThresholds marks = config.thresholdsFor(gate);
        evaluate(gate, CongestionKind.BACKLOG, yard.getBacklog(), marks.backlogRaise(), marks.backlogClear(), at,
                record.timestamp());
        if (previousHour != Long.MIN_VALUE && periods.hourStart(yard.getAsOf().toEpochMilli()) > previousHour) {
            GateHour completed = hours.get(AggregateKeys.gateHour(gate, previousHour));
            if (completed != null && completed.getNormalLaneWaitSamples() >= marks.minWaitSamples()) {
                evaluate(gate, CongestionKind.WAIT_P90, completed.getNormalLaneWaitP90Minutes(), marks.waitP90RaiseMinutes(),
                        marks.waitP90ClearMinutes(), at, record.timestamp());
            }
        }
    }

    private GateYard updateYard(String gate, GateYard current, GateEvent event, YardRules.Outcome outcome, long at) {
        GateYard.Builder next = current == null ? emptyYard(gate) : GateYard.newBuilder(current);
        next.setBacklog(Math.max(0, Math.addExact(next.getBacklog(), outcome.backlogDelta())));
        next.setCrossingsWithoutArrival(Math.max(0, Math.addExact(next.getCrossingsWithoutArrival(), outcome.unmatchedCrossingDelta())));
        switch (event.getKind()) {
            case ARRIVED -> next.setArrivals(Math.incrementExact(next.getArrivals()));
            case CROSSED -> next.setCrossings(Math.incrementExact(next.getCrossings()));
            case LEFT -> next.setDeparturesWithoutCrossing(Math.incrementExact(next.getDeparturesWithoutCrossing()));
            default -> throw new IllegalStateException("unknown gate event kind " + event.getKind());
        }
        if (at > next.getAsOf().toEpochMilli()) {
            next.setAsOf(event.getOccurredAt());
        }
        GateYard yard = next.build();
        yards.put(gate, yard);
        pending.put(YARD_MARK + gate, at);
        return yard;
    }

    private void updateHour(String gate, long hourStart, GateEvent event, YardRules.Outcome outcome) {
        String key = AggregateKeys.gateHour(gate, hourStart);
        GateHour.Builder next = hourBuilder(gate, hourStart, key);
        switch (event.getKind()) {
            case ARRIVED -> next.setArrivals(Math.incrementExact(next.getArrivals()));
            case CROSSED -> {
                next.setVehiclesCrossed(Math.incrementExact(next.getVehiclesCrossed()));
                if (event.getDirection() == TradeDirection.EXPORT) {
                    next.setExportVehicles(Math.incrementExact(next.getExportVehicles()));
                } else {
                    next.setImportVehicles(Math.incrementExact(next.getImportVehicles()));
                }
                if (event.getGreenLane()) {
                    next.setGreenLaneVehicles(Math.incrementExact(next.getGreenLaneVehicles()));
                }
            }
            case LEFT -> next.setDeparturesWithoutCrossing(Math.incrementExact(next.getDeparturesWithoutCrossing()));
            default -> throw new IllegalStateException("unknown gate event kind " + event.getKind());
        }
        if (outcome.waitMillis() != null && periods.hourStart(outcome.sampleAt()) == hourStart) {
            sample(next, outcome.waitMillis(), event.getGreenLane());
        }
        if (event.getOccurredAt().isAfter(next.getAsOf())) {
            next.setAsOf(event.getOccurredAt());
        }
        putHour(key, next);
    }

    private void addSample(String gate, long hourStart, long waitMillis, boolean greenLane) {
        String key = AggregateKeys.gateHour(gate, hourStart);
        GateHour.Builder next = hourBuilder(gate, hourStart, key);
        sample(next, waitMillis, greenLane);
        putHour(key, next);
    }

    private GateHour.Builder hourBuilder(String gate, long hourStart, String key) {
        GateHour current = hours.get(key);
        return current != null ? GateHour.newBuilder(current) : GateHour.newBuilder()
                .setGateCode(gate).setHourStart(Instant.ofEpochMilli(hourStart))
                .setVehiclesCrossed(0).setExportVehicles(0).setImportVehicles(0).setGreenLaneVehicles(0)
                .setArrivals(0).setDeparturesWithoutCrossing(0)
                .setWaitSamples(0).setWaitMinutes(new ArrayList<>()).setWaitCounts(new ArrayList<>())
                .setWaitP50Minutes(null).setWaitP90Minutes(null)
                .setNormalLaneWaitSamples(0).setNormalLaneWaitMinutes(new ArrayList<>()).setNormalLaneWaitCounts(new ArrayList<>())
                .setNormalLaneWaitP90Minutes(null)
                .setAsOf(Instant.ofEpochMilli(hourStart));
    }

    /**
     * Adds one wait to the hour. Green-lane vehicles go ahead of the queue: their waits count in the
     * hour's figures but not in the normal lane's, which the wait alert watches (while a congested gate
     * clears mostly green-lane vehicles, the hour's p90 would say all is well).
     */
    private void sample(GateHour.Builder hour, long waitMillis, boolean greenLane) {
        int minutes = (int) Math.min(config.waitCapMinutes(), Math.max(0, waitMillis / MINUTE));
        // The builder's lists are its own (a deep copy of the stored hour, or new): updated in place.
        List<Integer> waitMinutes = hour.getWaitMinutes();
        List<Long> waitCounts = hour.getWaitCounts();
        WaitHistogram.add(waitMinutes, waitCounts, minutes);
        hour.setWaitMinutes(waitMinutes).setWaitCounts(waitCounts)
                .setWaitSamples(Math.incrementExact(hour.getWaitSamples()))
                .setWaitP50Minutes(WaitHistogram.percentile(waitMinutes, waitCounts, 50))
                .setWaitP90Minutes(WaitHistogram.percentile(waitMinutes, waitCounts, 90));
        if (!greenLane) {
            List<Integer> normalMinutes = hour.getNormalLaneWaitMinutes();
            List<Long> normalCounts = hour.getNormalLaneWaitCounts();
            WaitHistogram.add(normalMinutes, normalCounts, minutes);
            hour.setNormalLaneWaitMinutes(normalMinutes).setNormalLaneWaitCounts(normalCounts)
                    .setNormalLaneWaitSamples(Math.incrementExact(hour.getNormalLaneWaitSamples()))
                    .setNormalLaneWaitP90Minutes(WaitHistogram.percentile(normalMinutes, normalCounts, 90));
        }
    }

    private void putHour(String key, GateHour.Builder next) {
        GateHour hour = next.build();
        hours.put(key, hour);
        pending.put(HOUR_MARK + key, hour.getAsOf().toEpochMilli());
    }

    /** The gate's day, month and year trade with this crossing added; nothing is stored yet. */
    private List<GateTrade> tradeWith(String gate, GateEvent event, long at) {
        return List.of(tradeWith(gate, TradePeriod.DAY, periods.day(at), event),
                tradeWith(gate, TradePeriod.MONTH, periods.month(at), event),
                tradeWith(gate, TradePeriod.YEAR, periods.year(at), event));
    }

    private GateTrade tradeWith(String gate, TradePeriod granularity, String period, GateEvent event) {
        String key = AggregateKeys.gateTrade(gate, granularity, period);
        GateTrade current = trades.get(key);
        GateTrade.Builder next = current != null ? GateTrade.newBuilder(current) : GateTrade.newBuilder()
                .setGateCode(gate).setGranularity(granularity).setPeriod(period)
                .setExportValueUsd(ZERO_USD).setImportValueUsd(ZERO_USD)
                .setExportTons(ZERO_TONS).setImportTons(ZERO_TONS)
                .setExportVehicles(0).setImportVehicles(0).setGreenLaneVehicles(0)
                .setAsOf(event.getOccurredAt());
        String total = "the gate's " + granularity + " " + period + " total";
        if (event.getDirection() == TradeDirection.EXPORT) {
            next.setExportValueUsd(TradeTotals.add("exportValueUsd", total, next.getExportValueUsd(), event.getDeclaredValueUsd()))
                    .setExportTons(TradeTotals.add("exportTons", total, next.getExportTons(), event.getTons()))
                    .setExportVehicles(Math.incrementExact(next.getExportVehicles()));
        } else {
            next.setImportValueUsd(TradeTotals.add("importValueUsd", total, next.getImportValueUsd(), event.getDeclaredValueUsd()))
                    .setImportTons(TradeTotals.add("importTons", total, next.getImportTons(), event.getTons()))
                    .setImportVehicles(Math.incrementExact(next.getImportVehicles()));
        }
        if (event.getGreenLane()) {
            next.setGreenLaneVehicles(Math.incrementExact(next.getGreenLaneVehicles()));
        }
        if (event.getOccurredAt().isAfter(next.getAsOf())) {
            next.setAsOf(event.getOccurredAt());
        }
        return next.build();
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
            pending.put(ALERT_MARK + key, at);
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
        String marks = kind == CongestionKind.BACKLOG
                ? " (raise at " + raise + ", clear below " + clear + " vehicles)"
                : " (raise at " + raise + ", clear below " + clear + " min)";
        return (cleared ? "Cleared at " : "Congestion at ") + gateName + ": " + metric + marks;
    }

    /** Forwards the latest value of every aggregate changed since the last emission, stamped {@code now}. */
    private void emitPending(long now) {
        List<String> marks = new ArrayList<>();
        try (KeyValueIterator<String, Long> changed = pending.all()) {
            changed.forEachRemaining(kv -> marks.add(kv.key));
        }
        for (String mark : marks) {
            String key = mark.substring(2);
            switch (mark.substring(0, 2)) {
                case TRADE_MARK -> forward(key, Output.TRADE, trades.get(key), now);
                case HOUR_MARK -> forward(key, Output.HOUR, hours.get(key), now);
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
    }

    private void forward(String key, Output output, SpecificRecord value, long now) {
        if (value != null) {
            context.forward(new Record<>(key, new Emission(output, value), now));
        }
    }

    private static GateYard.Builder emptyYard(String gate) {
        return GateYard.newBuilder().setGateCode(gate).setBacklog(0).setArrivals(0).setCrossings(0)
                .setDeparturesWithoutCrossing(0).setCrossingsWithoutArrival(0).setAsOf(Instant.EPOCH);
    }
}
