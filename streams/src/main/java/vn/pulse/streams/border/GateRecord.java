package vn.pulse.streams.border;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.schemas.border.CongestionAlert;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.GateState;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.border.YardVisit;

/**
 * One gate's state as the aggregator keeps it in memory: its yard, open alerts, the trade periods
 * and hours that can still change, and the aggregates changed since they were last written out.
 * Stored as one {@link GateState} record (key: the gate code) in {@link BorderTopology#GATE_STATE_STORE},
 * so a commit writes one record per changed gate to one changelog. The vehicles in the yard are
 * entries of the same store of their own ({@link YardVisit}, key {@code gate|vehicleRef}): a busy
 * yard holds thousands, and one record per gate would rewrite them all at every commit.
 * Mutable; one processor's.
 */
final class GateRecord {

    /**
     * The key of the task's observed event time (the latest {@code occurredAt} accepted, a {@link Long}),
     * which {@link CheckedEvent.Judge} judges lateness against; no gate code starts with {@code |}.
     */
    static final String OBSERVED_TIME_KEY = "|observed-time";

    final String gate;
    /** The yard as written out; {@code null} before the gate's first event. */
    GateYard yard;
    /** Raised alerts by {@link AggregateKeys#openAlert} key. */
    final Map<String, CongestionAlert> alerts = new TreeMap<>();
    /** Trade by {@link AggregateKeys#gateTrade} key. */
    final Map<String, TradeTally> trade = new HashMap<>();
    /** Hours by {@link AggregateKeys#gateHour} key. */
    final Map<String, HourTally> hours = new HashMap<>();
    /** Marks ({@code T|}, {@code H|}, {@code Y|}, {@code A|} and the key) of aggregates not yet written out. */
    final Set<String> pending = new LinkedHashSet<>();

    // Keys and marks the aggregator uses on every event, made once (not stored).
    final String yardMark;
    private final String[] openAlertKeys = new String[CongestionKind.values().length];
    /** The trade periods last changed, by {@link TradePeriod} ordinal: consecutive events mostly share them. */
    final TradeTally[] lastTrade = new TradeTally[TradePeriod.values().length];
    private long lastHourStart = Long.MIN_VALUE;
    private String lastHourKey;
    private String lastHourMark;

    GateRecord(String gate) {
        this.gate = gate;
        this.yardMark = GateAggregator.YARD_MARK + gate;
        for (CongestionKind kind : CongestionKind.values()) {
            openAlertKeys[kind.ordinal()] = AggregateKeys.openAlert(gate, kind);
        }
    }

    /** {@link AggregateKeys#openAlert} of this gate. */
    String openAlertKey(CongestionKind kind) {
        return openAlertKeys[kind.ordinal()];
    }

    /** {@link AggregateKeys#gateHour} of this gate (it formats an instant: remembered for the last hour). */
    String hourKey(long hourStart) {
        if (hourStart != lastHourStart) {
            lastHourStart = hourStart;
            lastHourKey = AggregateKeys.gateHour(gate, hourStart);
            lastHourMark = GateAggregator.HOUR_MARK + lastHourKey;
        }
        return lastHourKey;
    }

    /** The mark of a pending emission of the hour {@link #hourKey} was last asked for. */
    String lastHourMark() {
        return lastHourMark;
    }

    /**
     * Drops the trade periods and hours that no event can change any more: those wholly before
     * {@code horizon}, an event time before which no event is accepted (see {@link GateAggregator}).
     * Their final figures have been written out; only what is not pending is dropped.
     */
    void dropClosed(long horizon, Periods periods) {
        long hour = periods.hourStart(horizon);
        String day = periods.day(horizon);
        String month = periods.month(horizon);
        String year = periods.year(horizon);
        hours.values().removeIf(h -> h.hourStart < hour
                && !pending.contains(GateAggregator.HOUR_MARK + AggregateKeys.gateHour(gate, h.hourStart)));
        trade.values().removeIf(t -> t.period.compareTo(switch (t.granularity) {
            case DAY -> day;
            case MONTH -> month;
            case YEAR -> year;
        }) < 0 && !pending.contains(t.mark));
    }

    GateState toAvro() {
        List<GateTrade> trades = new ArrayList<>(trade.size());
        trade.values().stream().sorted(Comparator.comparing((TradeTally t) -> t.granularity).thenComparing(t -> t.period))
                .forEach(t -> trades.add(t.toAvro()));
        List<vn.pulse.schemas.border.GateHour> hourRecords = new ArrayList<>(hours.size());
        hours.values().stream().sorted(Comparator.comparingLong(h -> h.hourStart)).forEach(h -> hourRecords.add(h.toAvro()));
        return GateState.newBuilder().setGateCode(gate).setYard(yard)
                .setOpenAlerts(new ArrayList<>(alerts.values())).setTrade(trades).setHours(hourRecords)
                .setPending(new ArrayList<>(pending)).build();
    }

    static GateRecord of(GateState stored) {
        GateRecord record = new GateRecord(stored.getGateCode());
        record.yard = stored.getYard();
        for (CongestionAlert alert : stored.getOpenAlerts()) {
            record.alerts.put(AggregateKeys.openAlert(alert.getGateCode(), alert.getKind()), alert);
        }
        for (GateTrade t : stored.getTrade()) {
            record.trade.put(AggregateKeys.gateTrade(t.getGateCode(), t.getGranularity(), t.getPeriod()), TradeTally.of(t));
        }
        for (vn.pulse.schemas.border.GateHour h : stored.getHours()) {
            record.hours.put(AggregateKeys.gateHour(h.getGateCode(), h.getHourStart().toEpochMilli()), HourTally.of(h));
        }
        record.pending.addAll(stored.getPending());
        return record;
    }

    /**
     * The task's observed event time in {@code store}, or {@link Long#MIN_VALUE} before its first event.
     * A store written before the time was kept in it (it had a store of its own) holds none: then the
     * latest event time in its gates' yards, the time every closed period was judged against.
     */
    static long observedTime(DecodedStore<Object> store) {
        if (store.get(OBSERVED_TIME_KEY) instanceof Long time) {
            return time;
        }
        long[] latest = {Long.MIN_VALUE};
        store.forEachStored((key, value) -> {
            if (value instanceof GateRecord record && record.yard != null) {
                latest[0] = Math.max(latest[0], record.yard.getAsOf().toEpochMilli());
            }
        });
        return latest[0];
    }

    /**
     * How the values of {@link BorderTopology#GATE_STATE_STORE} are stored: a gate's record with
     * {@code serde} (the registry's framing, whose first byte is 0), a vehicle's visit in a few bytes of
     * its own, first {@link #VISIT}, the observed event time as {@link #TIME} and 8 bytes.
     */
    static DecodedStore.Codec<Object> codec(Serde<GateState> serde) {
        return new DecodedStore.Codec<>() {
            @Override
            public byte[] encode(String topic, Object value) {
                if (value instanceof YardVisit visit) {
                    return encodeVisit(visit);
                }
                if (value instanceof Long time) {
                    return ByteBuffer.allocate(1 + Long.BYTES).put(TIME).putLong(time).array();
                }
                return serde.serializer().serialize(topic, ((GateRecord) value).toAvro());
            }

            @Override
            public Object decode(String topic, byte[] bytes) {
                if (bytes.length > 0 && bytes[0] == VISIT) {
                    return decodeVisit(bytes);
                }
                if (bytes.length == 1 + Long.BYTES && bytes[0] == TIME) {
                    return ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
                }
                return of(serde.deserializer().deserialize(topic, bytes));
            }
        };
    }

    /** The first byte of a stored visit: then a byte of flags (arrival, exit, exit kind present) and those fields. */
    static final byte VISIT = 'V';
    /** The first byte of the stored observed event time. */
    static final byte TIME = 'T';
    private static final int ARRIVED = 1;
    private static final int EXITED = 2;
    private static final int EXIT_KIND = 4;

    static byte[] encodeVisit(YardVisit visit) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + 8 + 8 + 1);
        int flags = (visit.getArrivedAt() != null ? ARRIVED : 0) | (visit.getExitedAt() != null ? EXITED : 0)
                | (visit.getExitKind() != null ? EXIT_KIND : 0);
        buffer.put(VISIT).put((byte) flags);
        if (visit.getArrivedAt() != null) {
            buffer.putLong(visit.getArrivedAt().toEpochMilli());
        }
        if (visit.getExitedAt() != null) {
            buffer.putLong(visit.getExitedAt().toEpochMilli());
        }
        if (visit.getExitKind() != null) {
            buffer.put((byte) visit.getExitKind().name().charAt(0));
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    /** A kind by its first letter (ARRIVED, CROSSED, LEFT): names, not ordinals, are what the stored bytes keep. */
    private static GateEventKind exitKind(byte letter) {
        for (GateEventKind kind : GateEventKind.values()) {
            if (kind.name().charAt(0) == letter) {
                return kind;
            }
        }
        throw new IllegalStateException("stored visit: unknown gate event kind '" + (char) letter + "'");
    }

    static YardVisit decodeVisit(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        int flags = buffer.get();
        YardVisit visit = new YardVisit();
        if ((flags & ARRIVED) != 0) {
            visit.setArrivedAt(Instant.ofEpochMilli(buffer.getLong()));
        }
        if ((flags & EXITED) != 0) {
            visit.setExitedAt(Instant.ofEpochMilli(buffer.getLong()));
        }
        if ((flags & EXIT_KIND) != 0) {
            visit.setExitKind(exitKind(buffer.get()));
        }
        return visit;
    }
}
