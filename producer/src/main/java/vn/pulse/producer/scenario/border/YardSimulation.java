package vn.pulse.producer.scenario.border;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.schemas.border.CargoCategory;

/**
 * A year of vehicles at the province's gates, hour by hour: vehicles arrive at each gate's yard,
 * queue (green-lane vehicles first), and cross as the gate's hourly capacity allows; a few give up
 * and leave. Deterministic for a seed.
 *
 * <p>Patterns: arrivals peak in the day, crossings run 07:00–22:00 (rail: four trains a day);
 * Sundays are quieter; the Lunar New Year (Tết, 12 February 2021) empties the gates for a week;
 * summer fruit and autumn trade raise volumes; from 14 to 24 December 2021 the two busiest road gates
 * (the profiles marked {@code congested}) clear a fraction of their usual vehicles (China's tighter
 * controls), the yards fill, perishable loads give up and leave, and from 25 December extra lanes and
 * hours drain the backlog.
 */
final class YardSimulation {

    static final LocalDate FIRST_DAY = LocalDate.of(BorderFigures2021.YEAR, 1, 1);
    static final long YEAR_START = FIRST_DAY.atStartOfDay(DomainRules.ZONE).toInstant().toEpochMilli();
    static final long YEAR_END = FIRST_DAY.plusYears(1).atStartOfDay(DomainRules.ZONE).toInstant().toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;

    static final LocalDate CONGESTION_START = LocalDate.of(2021, 12, 14);
    static final LocalDate RECOVERY_START = LocalDate.of(2021, 12, 25);

    private static final double[] MONTH_FACTORS = {0.92, 0.85, 1.0, 1.0, 1.02, 1.08, 1.05, 1.0, 1.05, 1.1, 1.12, 1.02};
    /** Normal crossing capacity over arrivals: enough to clear the morning queue by noon. */
    private static final double HEADROOM = 1.25;
    /** A train takes every wagon that is ready, within reason. */
    private static final double RAIL_HEADROOM = 1.8;

    private YardSimulation() {
    }

    /**
     * Simulates the year.
     *
     * @param scale multiplies every gate's daily volume (1 = thousands of vehicles a day; tests use less)
     */
    static Trips simulate(long seed, double scale) {
        Trips trips = new Trips();
        List<GateProfile> gates = GateProfile.openGates();
        for (int g = 0; g < gates.size(); g++) {
            simulateGate(trips, g, gates.get(g), new SplittableRandom(seed * 1_000_003L + g), scale);
        }
        return trips;
    }

    private static void simulateGate(Trips trips, int g, GateProfile gate, SplittableRandom random, double scale) {
        double arrivalTotal = Arrays.stream(gate.arrivalWeights()).sum();
        double crossingTotal = Arrays.stream(gate.crossingWeights()).sum();
        ArrayDeque<Integer> green = new ArrayDeque<>();
        ArrayDeque<Integer> normal = new ArrayDeque<>();
        long[] readyAt = new long[1024];
        long[] leaveAt = new long[1024];
        PriorityQueue<long[]> leaving = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        int hours = (int) ((YEAR_END - YEAR_START) / HOUR);
        for (int h = 0; h < hours; h++) {
            long hourStart = YEAR_START + h * HOUR;
            LocalDate day = FIRST_DAY.plusDays(h / 24);
            int hourOfDay = h % 24;
            double dayVolume = gate.vehiclesPerDay() * scale * dayFactor(day);

            int arrivals = Draws.poisson(random, dayVolume * arrivalFactor(gate, day) * gate.arrivalWeights()[hourOfDay] / arrivalTotal);
            long[] times = new long[arrivals];
            for (int i = 0; i < arrivals; i++) {
                // Road vehicles come any time in the hour; a train's wagons come together.
                times[i] = hourStart + (long) (random.nextDouble() * (gate.rail() ? 10 * MINUTE : HOUR));
            }
            Arrays.sort(times);
            for (long at : times) {
                int trip = arrive(trips, g, gate, at, random, day);
                if (trip >= readyAt.length) {
                    readyAt = Arrays.copyOf(readyAt, Math.max(trip + 1, readyAt.length * 2));
                    leaveAt = Arrays.copyOf(leaveAt, readyAt.length);
                }
                boolean greenLane = trips.greenLane[trip];
                readyAt[trip] = at + (gate.rail() ? 2 * HOUR : greenLane ? 10 * MINUTE : 15 * MINUTE + random.nextLong(30 * MINUTE));
                leaveAt[trip] = patience(random, trips.cargo[trip], at);
                if (leaveAt[trip] < Long.MAX_VALUE) {
                    leaving.add(new long[] {leaveAt[trip], trip});
                }
                (greenLane ? green : normal).addLast(trip);
            }

            long hourEnd = hourStart + HOUR;
            while (!leaving.isEmpty() && leaving.peek()[0] < hourEnd) {
                long[] gone = leaving.poll();
                if (!trips.exited((int) gone[1])) {
                    trips.exit((int) gone[1], Trips.LEFT, gone[0]);
                }
            }

            double capacity = dayVolume * capacityFactor(gate, day) * gate.crossingWeights()[hourOfDay] / crossingTotal;
            int slots = Draws.poisson(random, capacity);
            for (int k = 0; k < slots; k++) {
                long slot = hourStart + (long) ((k + random.nextDouble()) * HOUR / slots);
                int trip = nextReady(trips, green, readyAt, slot);
                if (trip < 0) {
                    trip = nextReady(trips, normal, readyAt, slot);
                }
                if (trip >= 0) {
                    trips.exit(trip, Trips.CROSSED, slot);
                }
            }
        }
    }

    /** A new trip at {@code gate}: direction, cargo, green lane, load and value weight. */
    private static int arrive(Trips trips, int g, GateProfile gate, long at, SplittableRandom random, LocalDate day) {
        GateProfile.Load load = gate.draw(random, day);
        return trips.add(g, at, load.export() ? Trips.EXPORT : Trips.IMPORT, (byte) load.cargo().ordinal(),
                load.greenLane(), load.kilograms(), load.valueWeight());
    }

    /** When a vehicle gives up waiting: most never do; perishables do after a day or two; a few leave soon (papers). */
    private static long patience(SplittableRandom random, byte cargo, long arrived) {
        double p = random.nextDouble();
        if (p < 0.003) {
            return arrived + 30 * MINUTE + random.nextLong(150 * MINUTE);
        }
        if (cargo == CargoCategory.AGRICULTURAL_PRODUCE.ordinal() && p < 0.08) {
            return arrived + 18 * HOUR + random.nextLong(42 * HOUR);
        }
        return p < 0.02 ? arrived + 48 * HOUR + random.nextLong(96 * HOUR) : Long.MAX_VALUE;
    }

    /** The first vehicle in {@code queue} that can cross at {@code slot}, or -1; drops vehicles that already left. */
    private static int nextReady(Trips trips, ArrayDeque<Integer> queue, long[] readyAt, long slot) {
        while (!queue.isEmpty() && trips.exited(queue.peekFirst())) {
            queue.pollFirst();
        }
        if (queue.isEmpty() || readyAt[queue.peekFirst()] > slot) {
            return -1;
        }
        return queue.pollFirst();
    }

    /** Volume of a day relative to a normal weekday: season, Sundays, Tết. */
    static double dayFactor(LocalDate day) {
        double factor = MONTH_FACTORS[day.getMonthValue() - 1];
        if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            factor *= 0.85;
        }
        if (day.getMonth() == Month.FEBRUARY) {
            // Tết Tân Sửu: New Year's Day on 12 February 2021.
            double[] tet = {0.7, 0.45, 0.2, 0.05, 0.05, 0.05, 0.05, 0.2, 0.45, 0.7, 0.9};
            int i = day.getDayOfMonth() - 8;
            if (i >= 0 && i < tet.length) {
                factor *= tet[i];
            }
        }
        return factor;
    }

    private static double arrivalFactor(GateProfile gate, LocalDate day) {
        return congested(gate, day) ? 0.8 : 1.0;
    }

    private static double capacityFactor(GateProfile gate, LocalDate day) {
        if (gate.congested() && !day.isBefore(CONGESTION_START)) {
            return day.isBefore(RECOVERY_START) ? 0.15 : 2.6;
        }
        return gate.rail() ? RAIL_HEADROOM : HEADROOM;
    }

    private static boolean congested(GateProfile gate, LocalDate day) {
        return gate.congested() && !day.isBefore(CONGESTION_START) && day.isBefore(RECOVERY_START);
    }
}
