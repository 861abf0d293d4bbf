package vn.pulse.core.geography;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import vn.pulse.core.reference.Gate;

/**
 * Several data sets in one deployment: each province's own data set, merged under their common country
 * so that the country's figures sum them. {@link #merge} refuses data sets of different countries,
 * a code (unit or gate) in two of them, a year's trade plan in two, different population years, and
 * two levels directly under the country on the same days.
 */
public final class GeoDataSets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeoDataSets() {
    }

    /**
     * One data set holding every unit, population figure, gate, plan, gate alert mark, simulation
     * weight and geometry of {@code sets}; one set is returned as it is.
     */
    public static GeoDataSet merge(List<GeoDataSet> sets) {
        if (sets.size() == 1) {
            return sets.get(0);
        }
        String label = sets.stream().map(GeoDataSet::id).collect(Collectors.joining(","));
        List<GeoDataException.Problem> problems = new ArrayList<>();
        GeoDataSet first = sets.get(0);
        AdminUnit country = country(first, problems);
        List<AdminUnit> units = new ArrayList<>();
        if (country != null) {
            units.add(country);
        }
        Map<String, String> unitOwner = new HashMap<>();
        Map<String, String> gateOwner = new HashMap<>();
        Map<Integer, String> planOwner = new HashMap<>();
        List<UnitPopulation> population = new ArrayList<>();
        List<Gate> gates = new ArrayList<>();
        List<PlannedTrade> plans = new ArrayList<>();
        List<GateAlertMarks> gateAlerts = new ArrayList<>();
        List<SimulationWeight> weights = new ArrayList<>();
        Map<String, CoverageTarget> targets = new LinkedHashMap<>();
        Map<String, String> targetOwner = new HashMap<>();
        for (GeoDataSet set : sets) {
            AdminUnit top = set == first ? country : country(set, problems);
            if (country != null && top != null && !top.code().equals(country.code())) {
                problems.add(new GeoDataException.Problem(set.id(), 0, top.code(), "units.csv",
                        "its country is '" + top.code() + "', that of " + first.id() + " is '" + country.code()
                                + "': the data sets of one deployment lie in one country"));
            }
            if (set.populationYear() != first.populationYear()) {
                problems.add(new GeoDataException.Problem(set.id(), 0, null, "population-year", "its population is of "
                        + set.populationYear() + ", that of " + first.id() + " of " + first.populationYear()
                        + ": the data sets of one deployment give the population of one year"));
            }
            for (AdminUnit u : set.units()) {
                if (u.parentCode() == null) {
                    continue;
                }
                String owner = unitOwner.putIfAbsent(u.code(), set.id());
                if (owner != null) {
                    problems.add(new GeoDataException.Problem(set.id(), 0, u.code(), "code", "duplicate code: unit '" + u.code()
                            + "' is also in data set " + owner));
                } else {
                    units.add(u);
                }
            }
            population.addAll(set.population());
            // Both name units or gates of their own data set, whose codes are checked unique below.
            gateAlerts.addAll(set.gateAlerts());
            weights.addAll(set.simulationWeights());
            for (Gate g : set.gates()) {
                String owner = gateOwner.putIfAbsent(g.code(), set.id());
                if (owner != null) {
                    problems.add(new GeoDataException.Problem(set.id(), 0, g.code(), "code", "duplicate code: gate '" + g.code()
                            + "' is also in data set " + owner));
                } else {
                    gates.add(g);
                }
            }
            for (PlannedTrade p : set.tradePlans()) {
                String owner = planOwner.putIfAbsent(p.year(), set.id());
                if (owner != null) {
                    problems.add(new GeoDataException.Problem(set.id(), 0, null, "year", "a trade plan for " + p.year()
                            + " is also in data set " + owner + ": one deployment keeps one plan a year"));
                } else {
                    plans.add(p);
                }
            }
            for (CoverageTarget t : set.coverageTargets()) {
                String key = t.ageGroup() + " " + t.measure();
                CoverageTarget earlier = targets.putIfAbsent(key, t);
                if (earlier != null && earlier.targetPct().compareTo(t.targetPct()) != 0) {
                    problems.add(new GeoDataException.Problem(set.id(), 0, null, "target_pct", "its target for " + key + " is "
                            + t.targetPct() + " %, that of " + targetOwner.get(key) + " " + earlier.targetPct()
                            + " %: one deployment keeps one target per age group and measure"));
                }
                targetOwner.putIfAbsent(key, set.id());
            }
        }
        if (country != null) {
            checkLevelsUnderTheCountry(country, units, unitOwner, problems);
        }
        if (!problems.isEmpty()) {
            throw new GeoDataException(label, problems);
        }
        Set<String> sources = new LinkedHashSet<>();
        Set<String> licences = new LinkedHashSet<>();
        sets.forEach(s -> {
            sources.add(s.id() + ": " + s.source());
            licences.add(s.id() + ": " + s.licence());
        });
        return new GeoDataSet(label, sets.stream().map(GeoDataSet::name).collect(Collectors.joining(" + ")),
                sets.stream().anyMatch(GeoDataSet::schematic), String.join(" ", sources), String.join(" ", licences),
                first.populationYear(), units, population, gates, plans, List.copyOf(targets.values()), gateAlerts, weights,
                geometry(sets));
    }

    private static AdminUnit country(GeoDataSet set, List<GeoDataException.Problem> problems) {
        List<AdminUnit> tops = set.units().stream().filter(u -> u.parentCode() == null).toList();
        if (tops.size() != 1) {
            problems.add(new GeoDataException.Problem(set.id(), 0, null, "units.csv", "has " + tops.size()
                    + " countries: a data set merged with others has exactly one"));
            return null;
        }
        return tops.get(0);
    }

    /** Units of different levels directly in the country, from different data sets, may not exist on the same day. */
    private static void checkLevelsUnderTheCountry(AdminUnit country, List<AdminUnit> units, Map<String, String> owner,
                                                   List<GeoDataException.Problem> problems) {
        List<AdminUnit> children = units.stream().filter(u -> country.code().equals(u.parentCode())).toList();
        for (int i = 0; i < children.size(); i++) {
            for (int j = 0; j < i; j++) {
                AdminUnit a = children.get(j);
                AdminUnit b = children.get(i);
                if (a.level() != b.level() && a.overlaps(b) && !owner.get(a.code()).equals(owner.get(b.code()))) {
                    problems.add(new GeoDataException.Problem(owner.get(b.code()), 0, b.code(), "level", "overlapping validity: "
                            + b.level().key() + " " + b.code() + " and " + a.level().key() + " " + a.code() + " (data set "
                            + owner.get(a.code()) + ") both lie directly in " + country.code() + " on the same days"));
                    break;
                }
            }
        }
    }

    /** The features of every data set's geometry in one FeatureCollection; {@code null} when none has geometry. */
    private static String geometry(List<GeoDataSet> sets) {
        ObjectNode merged = JSON.createObjectNode();
        merged.put("type", "FeatureCollection");
        ArrayNode features = merged.putArray("features");
        boolean any = false;
        for (GeoDataSet set : sets) {
            if (set.geometry() == null) {
                continue;
            }
            any = true;
            try {
                JsonNode root = JSON.readTree(set.geometry());
                root.path("features").forEach(features::add);
            } catch (IOException e) {
                throw new UncheckedIOException("geometry of data set " + set.id(), e);
            }
        }
        return any ? merged.toString() : null;
    }
}
