package vn.pulse.producer.scenario.border;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.CheckpointScreening;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.VehicleType;

/**
 * The scenario's records in the order a replay sends them: gate events and checkpoint screenings in
 * event-time order, except a few gate events that arrive late (up to {@link BorderScenario.Options#maxLateness()}
 * after they happened) and a few sent twice. Builds each record when it is asked for; deterministic
 * for a seed.
 */
final class ScenarioReplay implements Iterator<ScenarioReplay.Outgoing> {

    /**
     * One record to send: to the gate-event topic keyed by gate code (a gate's events stay in order in
     * one partition), or to the screening topic keyed by event id; {@code timestamp} is its event time
     * (the replay's order), not the Kafka record's timestamp.
     */
    record Outgoing(boolean screening, String key, SpecificRecord value, long timestamp) {
    }

    private static final int TRIP_BITS = 21;
    private static final long MINUTE = YardSimulation.MINUTE;

    private final long seed;
    private final Trips trips;
    private final long[] order;
    private final List<CheckpointScreening> screenings;
    private final BorderScenario.Options options;
    private final List<GateProfile> gates = GateProfile.openGates();
    private final SplittableRandom random;
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>((a, b) -> Long.compare(a.sendAt(), b.sendAt()));
    private int next;
    private int nextScreening;

    ScenarioReplay(long seed, Trips trips, BorderScenario.Options options) {
        if (trips.size() >= 1 << (TRIP_BITS - 1)) {
            throw new IllegalArgumentException("too many trips for one replay: " + trips.size());
        }
        this.seed = seed;
        this.trips = trips;
        this.options = options;
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.order = eventOrder(trips);
        this.screenings = Screenings.of(seed, trips);
    }

    /** Gate events by event time: arrivals, and exits of trips that crossed or left. */
    private static long[] eventOrder(Trips trips) {
        long[] keys = new long[2 * trips.size()];
        int n = 0;
        for (int i = 0; i < trips.size(); i++) {
            keys[n++] = key(trips.arrivedAt[i], i, 0);
            if (trips.exited(i)) {
                keys[n++] = key(trips.exitAt[i], i, 1);
            }
        }
        long[] sorted = Arrays.copyOf(keys, n);
        Arrays.sort(sorted);
        return sorted;
    }

    private static long key(long at, int trip, int exit) {
        return ((at - YardSimulation.YEAR_START) << TRIP_BITS) | ((long) trip << 1) | exit;
    }

    /** Gate events in the replay, without the duplicates. */
    int gateEvents() {
        return order.length;
    }

    int screeningReports() {
        return screenings.size();
    }

    @Override
    public boolean hasNext() {
        return next < order.length || nextScreening < screenings.size() || !delayed.isEmpty();
    }

    @Override
    public Outgoing next() {
        while (true) {
            long eventAt = next < order.length ? (order[next] >> TRIP_BITS) + YardSimulation.YEAR_START : Long.MAX_VALUE;
            long screeningAt = nextScreening < screenings.size()
                    ? screenings.get(nextScreening).getOccurredAt().toEpochMilli() : Long.MAX_VALUE;
            long now = Math.min(eventAt, screeningAt);
            if (!delayed.isEmpty() && delayed.peek().sendAt() <= now) {
                return delayed.poll().record();
            }
            if (now == Long.MAX_VALUE) {
                throw new NoSuchElementException();
            }
            if (screeningAt <= eventAt) {
                CheckpointScreening s = screenings.get(nextScreening++);
                return new Outgoing(true, s.getEventId(), s, screeningAt);
            }
            long k = order[next++];
            int trip = (int) ((k & ((1L << TRIP_BITS) - 1)) >> 1);
            Outgoing event = gateEvent(trip, (k & 1) == 1);
            double p = random.nextDouble();
            if (p < options.lateShare()) {
                // Reported late: it joins the stream some minutes after it happened.
                delayed.add(new Delayed(event.timestamp() + MINUTE
                        + random.nextLong(Math.max(1, options.maxLateness().toMillis() - MINUTE)), event));
                continue;
            }
            if (p < options.lateShare() + options.duplicateShare()) {
                // Sent again a few minutes later (a retry at the source): counted once.
                delayed.add(new Delayed(event.timestamp() + random.nextLong(10 * MINUTE) + 1, event));
            }
            return event;
        }
    }

    /** A record held back until the replay reaches {@code sendAt}. */
    private record Delayed(long sendAt, Outgoing record) {
    }

    private Outgoing gateEvent(int trip, boolean exit) {
        GateProfile gate = gates.get(trips.gate[trip]);
        long at = exit ? trips.exitAt[trip] : trips.arrivedAt[trip];
        GateEventKind kind = !exit ? GateEventKind.ARRIVED
                : trips.exitKind[trip] == Trips.CROSSED ? GateEventKind.CROSSED : GateEventKind.LEFT;
        CargoCategory cargo = CargoCategory.values()[trips.cargo[trip]];
        long tripHash = mix(seed + trip);
        VehicleType type = cargo == CargoCategory.AGRICULTURAL_PRODUCE && !gate.rail() && (tripHash & 3) == 0
                ? VehicleType.REFRIGERATED_TRUCK : gate.vehicleType();
        String eventId = new UUID(mix(tripHash ^ (exit ? 0xE : 0xA)), mix(trip * 2L + (exit ? 1 : 0) + seed * 31)).toString();
        GateEvent event = GateEvent.newBuilder()
                .setEventId(eventId)
                .setGateCode(gate.code())
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setKind(kind)
                .setDirection(trips.direction[trip] == Trips.EXPORT ? TradeDirection.EXPORT : TradeDirection.IMPORT)
                .setVehicleRef(String.format("VH-%012x", tripHash & 0xFFFF_FFFF_FFFFL))
                .setVehicleType(type)
                .setCargoCategory(cargo)
                .setGreenLane(trips.greenLane[trip])
                .setTons(BigDecimal.valueOf(trips.kilograms[trip], 3))
                .setDeclaredValueUsd(BigDecimal.valueOf(trips.cents[trip], 2))
                .build();
        return new Outgoing(false, gate.code(), event, at);
    }

    /** SplitMix64's finalizer: spreads a counter over 64 bits (deterministic ids and pseudonyms). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Checkpoint reports: every two hours while a gate works, on the people who came through. */
    static final class Screenings {

        private Screenings() {
        }

        static List<CheckpointScreening> of(long seed, Trips trips) {
            SplittableRandom random = new SplittableRandom(seed ^ 0x5C3EE4L);
            List<GateProfile> profiles = GateProfile.openGates();
            int gates = profiles.size();
            int hours = (int) ((YardSimulation.YEAR_END - YardSimulation.YEAR_START) / YardSimulation.HOUR);
            int[][] arrivals = new int[gates][hours];
            for (int i = 0; i < trips.size(); i++) {
                arrivals[trips.gate[i]][(int) ((trips.arrivedAt[i] - YardSimulation.YEAR_START) / YardSimulation.HOUR)]++;
            }
            List<CheckpointScreening> reports = new ArrayList<>();
            for (int h = 8; h < hours; h++) {
                int hourOfDay = h % 24;
                if (hourOfDay % 2 != 0 || hourOfDay < 8) {
                    continue;
                }
                // Late in the year the outbreak reaches the border districts: more positives.
                double positivity = h > 24 * 300 ? 0.004 : 0.0004;
                for (int g = 0; g < gates; g++) {
                    int came = arrivals[g][h - 1] + arrivals[g][h - 2];
                    if (came == 0) {
                        continue;
                    }
                    int screened = (int) Math.round(came * (1.2 + 0.4 * random.nextDouble()));
                    int tested = (int) Math.round(screened * (0.25 + 0.2 * random.nextDouble()));
                    int positive = Math.min(tested, Draws.poisson(random, tested * positivity));
                    long at = YardSimulation.YEAR_START + h * YardSimulation.HOUR + random.nextLong(10 * MINUTE);
                    reports.add(CheckpointScreening.newBuilder()
                            .setEventId(new UUID(mix(seed ^ (h * 16L + g)), mix(h * 16L + g + 0x51L)).toString())
                            .setGateCode(profiles.get(g).code())
                            .setOccurredAt(Instant.ofEpochMilli(at))
                            .setPeopleScreened(screened).setTested(tested).setPositive(positive)
                            .build());
                }
            }
            reports.sort((a, b) -> a.getOccurredAt().compareTo(b.getOccurredAt()));
            return reports;
        }
    }
}
