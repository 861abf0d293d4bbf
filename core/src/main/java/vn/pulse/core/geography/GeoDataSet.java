package vn.pulse.core.geography;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import vn.pulse.core.reference.Gate;

/**
 * A validated geography: administrative units in a hierarchy (country → province → district →
 * commune), the population of every unit that has no children by age group, the border gates, the
 * trade plans, and optionally the gates' alert marks and the simulator's weights. Built by
 * {@link GeoDataSetLoader}, which has checked that every parent exists, codes are unique, every
 * counting unit has a population for every age group and every gate lies in a unit.
 *
 * <p>Units without children are the <em>counting units</em>: events carry their code (or, for a gate,
 * the gate's) and their figures roll up to every unit above them.
 *
 * <p>Metadata: {@code id} (e.g. {@code langson-2021}), a human {@code name}, whether it is
 * {@code schematic} (names, codes or geometry illustrative rather than official), its {@code source}
 * and {@code licence}, the {@code populationYear} of its estimate; {@code geometry} is the GeoJSON
 * FeatureCollection of its units (feature {@code properties.code}) or {@code null}.
 */
public final class GeoDataSet {

    private final String id;
    private final String name;
    private final boolean schematic;
    private final String source;
    private final String licence;
    private final int populationYear;
    private final List<AdminUnit> units;
    private final List<UnitPopulation> population;
    private final List<Gate> gates;
    private final List<PlannedTrade> tradePlans;
    private final List<CoverageTarget> coverageTargets;
    private final List<GateAlertMarks> gateAlerts;
    private final List<SimulationWeight> simulationWeights;
    private final String geometry;
    private final Map<String, AdminUnit> byCode = new LinkedHashMap<>();
    private final Map<String, List<AdminUnit>> childrenByCode = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> populationByUnit = new LinkedHashMap<>();
    private final List<AdminUnit> countingUnits;

    public GeoDataSet(String id, String name, boolean schematic, String source, String licence, int populationYear,
                      List<AdminUnit> units, List<UnitPopulation> population, List<Gate> gates,
                      List<PlannedTrade> tradePlans, String geometry) {
        this(id, name, schematic, source, licence, populationYear, units, population, gates, tradePlans, List.of(), geometry);
    }

    public GeoDataSet(String id, String name, boolean schematic, String source, String licence, int populationYear,
                      List<AdminUnit> units, List<UnitPopulation> population, List<Gate> gates,
                      List<PlannedTrade> tradePlans, List<CoverageTarget> coverageTargets, String geometry) {
        this(id, name, schematic, source, licence, populationYear, units, population, gates, tradePlans, coverageTargets, List.of(),
                List.of(), geometry);
    }

    public GeoDataSet(String id, String name, boolean schematic, String source, String licence, int populationYear,
                      List<AdminUnit> units, List<UnitPopulation> population, List<Gate> gates,
                      List<PlannedTrade> tradePlans, List<CoverageTarget> coverageTargets, List<GateAlertMarks> gateAlerts,
                      List<SimulationWeight> simulationWeights, String geometry) {
        this.id = id;
        this.name = name;
        this.schematic = schematic;
        this.source = source;
        this.licence = licence;
        this.populationYear = populationYear;
        this.units = List.copyOf(units);
        this.population = List.copyOf(population);
        this.gates = List.copyOf(gates);
        this.tradePlans = List.copyOf(tradePlans);
        this.coverageTargets = List.copyOf(coverageTargets);
        this.gateAlerts = List.copyOf(gateAlerts);
        this.simulationWeights = List.copyOf(simulationWeights);
        this.geometry = geometry;
        for (AdminUnit u : this.units) {
            byCode.putIfAbsent(u.code(), u);
            if (u.parentCode() != null) {
                childrenByCode.computeIfAbsent(u.parentCode(), k -> new ArrayList<>()).add(u);
            }
        }
        for (UnitPopulation p : this.population) {
            populationByUnit.computeIfAbsent(p.unitCode(), k -> new LinkedHashMap<>()).merge(p.ageGroup(), p.population(), Long::sum);
        }
        this.countingUnits = this.units.stream()
                .filter(u -> u.level() != AdminUnit.Level.COUNTRY && !childrenByCode.containsKey(u.code())).toList();
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public boolean schematic() {
        return schematic;
    }

    public String source() {
        return source;
    }

    public String licence() {
        return licence;
    }

    public int populationYear() {
        return populationYear;
    }

    public List<AdminUnit> units() {
        return units;
    }

    public List<UnitPopulation> population() {
        return population;
    }

    public List<Gate> gates() {
        return gates;
    }

    public List<PlannedTrade> tradePlans() {
        return tradePlans;
    }

    /** The vaccination coverage targets per age group and measure, in file order (empty when the data set has none). */
    public List<CoverageTarget> coverageTargets() {
        return coverageTargets;
    }

    /** The gates' own congestion alert marks ({@code gate-alerts.csv}), in file order; empty when the data set has none. */
    public List<GateAlertMarks> gateAlerts() {
        return gateAlerts;
    }

    /** The alert marks of the gate {@code gateCode}, if the data set gives it any. */
    public Optional<GateAlertMarks> gateAlerts(String gateCode) {
        return gateAlerts.stream().filter(m -> m.gate().equals(gateCode)).findFirst();
    }

    /** How busy each unit and gate is in the simulator ({@code simulation-weights.csv}), in file order; may be empty. */
    public List<SimulationWeight> simulationWeights() {
        return simulationWeights;
    }

    /** The GeoJSON text, or {@code null} when the data set has none. */
    public String geometry() {
        return geometry;
    }

    /** The unit with {@code code}. */
    public Optional<AdminUnit> unit(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code));
    }

    /** The units directly in {@code code}, in file order. */
    public List<AdminUnit> children(String code) {
        return List.copyOf(childrenByCode.getOrDefault(code, List.of()));
    }

    /** The units that have no children (except a lone country): where events are counted. */
    public List<AdminUnit> countingUnits() {
        return countingUnits;
    }

    /** The counting units at or below {@code code} ({@code code} itself if it is one). */
    public List<AdminUnit> countingUnitsUnder(String code) {
        return countingUnits().stream().filter(u -> isAtOrBelow(u.code(), code)).toList();
    }

    /** Whether {@code code} is {@code ancestor} or lies (at any depth) in it. */
    public boolean isAtOrBelow(String code, String ancestor) {
        for (String c = code; c != null; c = unit(c).map(AdminUnit::parentCode).orElse(null)) {
            if (c.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code scope} covers {@code code}: {@code code} is {@code scope}, lies in it, or replaced
     * it or a unit it covers (at any remove), e.g. a key for district 101 covers the communes that
     * replaced 101, and a key for the province covers every unit in it, past and present.
     */
    public boolean covers(String scope, String code) {
        if (scope == null || code == null) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(code));
        while (!next.isEmpty()) {
            String c = next.pop();
            if (c.equals(scope)) {
                return true;
            }
            if (seen.add(c)) {
                unit(c).ifPresent(u -> {
                    if (u.parentCode() != null) {
                        next.push(u.parentCode());
                    }
                    u.replaces().forEach(next::push);
                });
            }
        }
        return false;
    }

    /** The units above {@code code}, nearest first. */
    public List<AdminUnit> ancestors(String code) {
        List<AdminUnit> above = new ArrayList<>();
        String parent = unit(code).map(AdminUnit::parentCode).orElse(null);
        while (parent != null) {
            AdminUnit p = unit(parent).orElseThrow();
            above.add(p);
            parent = p.parentCode();
        }
        return above;
    }

    /** The units of a level, in file order. */
    public List<AdminUnit> unitsAt(AdminUnit.Level level) {
        return units.stream().filter(u -> u.level() == level).toList();
    }

    /**
     * The population of {@code code} in {@code ageGroup}: its own for a counting unit, otherwise the
     * sum over the counting units below it that are valid on {@code day} ({@code null}: every one, which
     * counts an area twice where a data set holds two generations of units). Empty for an unknown unit.
     */
    public OptionalLong population(String code, String ageGroup, LocalDate day) {
        if (unit(code).isEmpty()) {
            return OptionalLong.empty();
        }
        long sum = 0;
        for (AdminUnit u : countingUnitsUnder(code)) {
            if (day == null || u.validOn(day) || u.code().equals(code)) {
                sum += populationByUnit.getOrDefault(u.code(), Map.of()).getOrDefault(ageGroup, 0L);
            }
        }
        return OptionalLong.of(sum);
    }

    /** The population of {@code code} in {@code ageGroup} over every counting unit below it, whatever its validity. */
    public OptionalLong population(String code, String ageGroup) {
        return population(code, ageGroup, null);
    }

    /** The counting units below {@code code} valid on {@code day} ({@code code} itself if it is one). */
    public List<AdminUnit> countingUnitsUnder(String code, LocalDate day) {
        return countingUnitsUnder(code).stream().filter(u -> u.code().equals(code) || u.validOn(day)).toList();
    }

    /**
     * Why {@code code} may not be used for an event on {@code day}: {@code null} if it may (a counting
     * unit valid that day), otherwise the reason ("unknown", "not valid on ...", "has units below it").
     */
    public String refusal(String code, LocalDate day) {
        Optional<AdminUnit> unit = unit(code);
        if (unit.isEmpty()) {
            return "unknown unit code '" + code + "' in data set " + id;
        }
        AdminUnit u = unit.get();
        if (!children(code).isEmpty()) {
            return "unit '" + code + "' (" + u.nameAscii() + ") has units below it; report the " + childLevel(code) + " instead";
        }
        if (day != null && !u.validOn(day)) {
            String from = u.validFrom() == null ? null : "from " + u.validFrom();
            String until = u.validTo() == null ? null : "until " + u.validTo();
            return "unit '" + code + "' (" + u.nameAscii() + ") is not valid on " + day + " (valid "
                    + (from == null ? until : until == null ? from : from + " " + until) + ")";
        }
        return null;
    }

    private String childLevel(String code) {
        return children(code).get(0).level().key();
    }
}
