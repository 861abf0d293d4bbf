package vn.pulse.producer.simulate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Function;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.geography.SimulationWeight;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.Gate;
import vn.pulse.producer.ingest.IngestKind;

/**
 * Deterministic simulated traffic for {@code ./pulse simulate}: event slot {@code i} happens at
 * simulated time {@code start + i / rate * speed} and, for a given seed, is always the same event.
 * A slot holds an event with a probability that follows the local time of day (so the rate
 * is the peak rate): vaccination sites give doses between
 * 07:00 and 17:00 (busiest in the morning), gate yards are busiest 08:00–11:00 and 14:00–17:00
 * and quiet at night; a vehicle that arrives crosses 20 minutes to 3 hours later. Events are JSON
 * objects in the ingest API's shape, so they pass through the gateway's validator.
 *
 * <p>Units and gates come from the {@linkplain Geography#selected() selected data set}: a dose is
 * given in one of its counting units valid that day, a vehicle comes to one of its gates, each drawn
 * by the data set's {@code simulation-weights.csv} (in that file's order; a unit it does not list
 * weighs its adult population in thousands, a gate it does not list 1). A rail gate's vehicles are
 * wagons.
 */
public final class SimulatedTraffic {

    /** Which events to simulate. */
    public enum Domain {
        VACCINATION, BORDER, ALL;

        public static Domain parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** One event: its kind and JSON body. */
    public record Event(IngestKind kind, ObjectNode body) {
    }

    // Relative activity per local hour 0..23.
    private static final double[] SITE_HOURS = {0, 0, 0, 0, 0, 0, 0, 0.5, 1, 1, 1, 0.7, 0.3, 0.6, 0.9, 0.9, 0.5, 0, 0, 0, 0, 0, 0, 0};
    private static final double[] GATE_HOURS = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.6, 1, 1, 1, 0.8, 0.6, 0.8, 1, 1, 1, 0.7, 0.5, 0.3,
        0.3, 0.3, 0.15, 0.15};
    private static final String[] PRODUCTS = {"AstraZeneca", "Pfizer", "Vero Cell", "Moderna"};
    private static final String[] CARGO = {"AGRICULTURAL_PRODUCE", "SEAFOOD", "MEDICINAL_MATERIALS", "MANUFACTURED_GOODS",
        "MACHINERY_AND_ELECTRONICS", "RAW_MATERIALS", "EMPTY"};

    private record Pending(Instant crossAt, ObjectNode arrival) {
    }

    private final long seed;
    private final Instant start;
    private final double rate;
    private final double speed;
    private final Domain domain;
    private final Random random;
    private final PriorityQueue<Pending> inYards = new PriorityQueue<>((a, b) -> a.crossAt().compareTo(b.crossAt()));
    /** Doses a correction may retract: their event id and district. */
    private final Deque<String[]> recentDoses = new ArrayDeque<>();
    private long slot;

    /**
     * @param start simulated time of the first slot
     * @param rate  slots per (wall-clock) second
     * @param speed simulated seconds per wall-clock second
     */
    public SimulatedTraffic(long seed, Instant start, double rate, double speed, Domain domain) {
        this.seed = seed;
        this.start = start;
        this.rate = rate;
        this.speed = speed;
        this.domain = domain;
        this.random = new Random(seed);
    }

    /** The simulated time of slot {@code i}. */
    public Instant timeOf(long i) {
        return start.plusNanos((long) (i / rate * speed * 1e9));
    }

    /** Slots generated so far. */
    public long slots() {
        return slot;
    }

    /** The events of the next slot: none (sites closed, nothing due), one, or a crossing and an arrival. */
    public List<Event> next() {
        long i = slot++;
        Instant at = timeOf(i);
        int hour = ZonedDateTime.ofInstant(at, DomainRules.ZONE).getHour();
        double site = domain == Domain.BORDER ? 0 : SITE_HOURS[hour];
        double gate = domain == Domain.VACCINATION ? 0 : GATE_HOURS[hour];
        List<Event> events = new ArrayList<>(2);
        // Vehicles whose wait is over cross whatever the slot holds.
        if (domain != Domain.VACCINATION) {
            while (!inYards.isEmpty() && !inYards.peek().crossAt().isAfter(at)) {
                events.add(crossing(inYards.poll(), at, i));
            }
        }
        // A slot holds an event with probability activity / peak activity: --rate is the peak rate.
        double draw = random.nextDouble() * (domain == Domain.ALL ? 2 : 1);
        if (draw < site) {
            events.add(vaccination(at, i));
        } else if (draw < site + gate) {
            events.add(border(at, i));
        }
        return events;
    }

    private Event vaccination(Instant at, long i) {
        double r = random.nextDouble();
        if (r < 0.0005) {
            ObjectNode a = JsonNodeFactory.instance.objectNode();
            a.put("allocationId", id("alloc", i));
            a.put("districtCode", district(at));
            a.put("vaccineProduct", PRODUCTS[random.nextInt(PRODUCTS.length)]);
            a.put("doses", 100L * (5 + random.nextInt(46)));
            a.put("deliveredOn", LocalDate.ofInstant(at, DomainRules.ZONE).toString());
            return new Event(IngestKind.VACCINE_ALLOCATIONS, a);
        }
        if (r < 0.01 && !recentDoses.isEmpty()) {
            ObjectNode c = JsonNodeFactory.instance.objectNode();
            c.put("correctionId", id("corr", i));
            String[] dose = recentDoses.pollFirst();
            c.put("doseEventId", dose[0]);
            c.put("districtCode", dose[1]);
            c.put("correctedAt", at.toString());
            c.put("reason", "entered twice");
            return new Event(IngestKind.DOSE_CORRECTIONS, c);
        }
        String district = district(at);
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        String eventId = id("dose", i);
        d.put("eventId", eventId);
        d.put("administeredAt", at.toString());
        d.put("reportedAt", at.plusSeconds(random.nextInt(120)).toString());
        d.put("siteId", "SIM-" + district + "-" + (1 + random.nextInt(6)));
        d.put("districtCode", district);
        d.put("ageGroup", random.nextInt(10) == 0 ? "12-17" : "18+");
        double k = random.nextDouble();
        d.put("doseKind", k < 0.4 ? "FIRST" : k < 0.8 ? "SECOND" : "BOOSTER");
        d.put("vaccineProduct", PRODUCTS[random.nextInt(PRODUCTS.length)]);
        if (recentDoses.size() < 1000) {
            recentDoses.addLast(new String[] {eventId, district});
        }
        return new Event(IngestKind.VACCINATION_DOSES, d);
    }

    private Event border(Instant at, long i) {
        Gate gate = gate();
        String gateCode = gate.code();
        if (random.nextInt(50) == 0) {
            int people = 5 + random.nextInt(60);
            int tested = random.nextInt(people + 1);
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.put("eventId", id("scr", i));
            s.put("gateCode", gateCode);
            s.put("occurredAt", at.toString());
            s.put("peopleScreened", people);
            s.put("tested", tested);
            s.put("positive", random.nextInt(100) == 0 ? Math.min(tested, 1) : 0);
            return new Event(IngestKind.CHECKPOINT_SCREENINGS, s);
        }
        boolean export = random.nextInt(10) < 6;
        String cargo = CARGO[random.nextInt(CARGO.length)];
        boolean empty = cargo.equals("EMPTY");
        double tons = empty ? 0 : 5 + random.nextInt(30_000) / 1000.0;
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("eventId", id("gate", i));
        e.put("gateCode", gateCode);
        e.put("occurredAt", at.toString());
        e.put("kind", "ARRIVED");
        e.put("direction", export ? "EXPORT" : "IMPORT");
        e.put("vehicleRef", id("veh", i));
        e.put("vehicleType", gate.kind() == Gate.Kind.INTERNATIONAL_RAIL ? "RAIL_WAGON"
                : random.nextInt(3) == 0 ? "CONTAINER_TRUCK" : "TRUCK");
        e.put("cargoCategory", cargo);
        e.put("greenLane", export && cargo.equals("AGRICULTURAL_PRODUCE") && random.nextInt(3) == 0);
        e.put("tons", String.format(Locale.ROOT, "%.3f", tons));
        e.put("declaredValueUsd", String.format(Locale.ROOT, "%.2f", empty ? 0 : tons * (300 + random.nextInt(2_000))));
        inYards.add(new Pending(at.plus(Duration.ofMinutes(20 + random.nextInt(160))), e));
        return new Event(IngestKind.GATE_EVENTS, e);
    }

    private Event crossing(Pending p, Instant at, long i) {
        ObjectNode e = p.arrival().deepCopy();
        e.put("eventId", e.get("eventId").asText() + "-x");
        e.put("occurredAt", at.toString());
        e.put("kind", "CROSSED");
        return new Event(IngestKind.GATE_EVENTS, e);
    }

    private String id(String what, long i) {
        return "sim-" + seed + "-" + what + "-" + i;
    }

    private LocalDate unitsDay;
    private String[] unitCodes;
    private int[] unitWeights;
    private Gate[] gates;
    private int[] gateWeights;

    /** A counting unit of the selected data set that exists on the day of {@code at}. */
    private String district(Instant at) {
        LocalDate day = DomainRules.localDate(at);
        if (!day.equals(unitsDay)) {
            GeoDataSet geography = Geography.selected();
            List<AdminUnit> units = inWeightOrder(geography, geography.countingUnits().stream().filter(u -> u.validOn(day)).toList(),
                    AdminUnit::code);
            unitCodes = units.stream().map(AdminUnit::code).toArray(String[]::new);
            unitWeights = new int[unitCodes.length];
            Map<String, Integer> weights = weights(geography);
            for (int k = 0; k < unitCodes.length; k++) {
                Integer listed = weights.get(unitCodes[k]);
                unitWeights[k] = listed != null ? listed
                        : (int) Math.max(1, geography.population(unitCodes[k], AgeGroups.ADULTS).orElse(0) / 1000);
            }
            unitsDay = day;
        }
        return pick(unitCodes, unitWeights);
    }

    /** A gate of the selected data set. */
    private Gate gate() {
        if (gates == null) {
            GeoDataSet geography = Geography.selected();
            if (geography.gates().isEmpty()) {
                throw new IllegalStateException("data set " + geography.id() + " has no gates to simulate border traffic at");
            }
            gates = inWeightOrder(geography, geography.gates(), Gate::code).toArray(Gate[]::new);
            gateWeights = new int[gates.length];
            Map<String, Integer> weights = weights(geography);
            for (int k = 0; k < gates.length; k++) {
                gateWeights[k] = weights.getOrDefault(gates[k].code(), 1);
            }
        }
        return gates[pick(gateWeights)];
    }

    private static Map<String, Integer> weights(GeoDataSet geography) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        geography.simulationWeights().forEach(w -> weights.put(w.code(), w.weight()));
        return weights;
    }

    /** {@code items} in the order of the data set's weights file, those it does not list after them in their own order. */
    private static <T> List<T> inWeightOrder(GeoDataSet geography, List<T> items, Function<T, String> code) {
        Map<String, Integer> order = new HashMap<>();
        for (SimulationWeight w : geography.simulationWeights()) {
            order.putIfAbsent(w.code(), order.size());
        }
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt((T item) -> order.getOrDefault(code.apply(item), Integer.MAX_VALUE)));
        return sorted;
    }

    private String pick(String[] values, int[] weights) {
        return values[pick(weights)];
    }

    /** An index drawn with probability proportional to its weight. */
    private int pick(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int k = 0; k < weights.length; k++) {
            r -= weights[k];
            if (r < 0) {
                return k;
            }
        }
        return weights.length - 1;
    }
}
