package vn.pulse.core.geography;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.Gate;

/**
 * Reads and validates a data set: a directory (or classpath folder) of UTF-8 files, described in
 * {@code docs/geography.md}:
 * <pre>
 *   dataset.properties   id, name, schematic, source, licence, population-year
 *   units.csv            code,parent,level,name,name_ascii,valid_from,valid_to[,replaces]
 *   population.csv       unit,age_group,population
 *   gates.csv            code,name,name_ascii,kind,unit,open          (optional)
 *   trade-plans.csv      year,plan_value_usd,previous_year_value_usd  (optional)
 *   coverage-targets.csv age_group,measure,target_pct                 (optional)
 *   gate-alerts.csv      gate,backlog_raise,backlog_clear,wait_p90_raise,wait_p90_clear,wait_p90_min_samples (optional)
 *   simulation-weights.csv code,weight                                (optional)
 *   geometry.geojson     FeatureCollection, properties.code per unit   (optional)
 * </pre>
 * Every problem found is reported at once in a {@link GeoDataException}, each with its file, line,
 * unit, field and reason.
 */
public final class GeoDataSetLoader {

    public static final String DATASET = "dataset.properties";
    public static final String UNITS = "units.csv";
    public static final String POPULATION = "population.csv";
    public static final String GATES = "gates.csv";
    public static final String TRADE_PLANS = "trade-plans.csv";
    public static final String COVERAGE_TARGETS = "coverage-targets.csv";
    public static final String GEOMETRY = "geometry.geojson";
    public static final String GATE_ALERTS = "gate-alerts.csv";
    public static final String SIMULATION_WEIGHTS = "simulation-weights.csv";

    /** Where the data sets shipped with Pulse lie on the classpath: {@code <folder>/<id>/}. */
    public static final String SHIPPED_FOLDER = "vn/pulse/core/geography/";

    private static final List<String> UNIT_COLUMNS = List.of("code", "parent", "level", "name", "name_ascii", "valid_from", "valid_to");
    private static final List<String> POPULATION_COLUMNS = List.of("unit", "age_group", "population");
    private static final List<String> GATE_COLUMNS = List.of("code", "name", "name_ascii", "kind", "unit", "open");
    private static final List<String> PLAN_COLUMNS = List.of("year", "plan_value_usd", "previous_year_value_usd");
    private static final List<String> TARGET_COLUMNS = List.of("age_group", "measure", "target_pct");
    private static final List<String> GATE_ALERT_COLUMNS = List.of("gate", "backlog_raise", "backlog_clear", "wait_p90_raise",
            "wait_p90_clear", "wait_p90_min_samples");
    private static final List<String> WEIGHT_COLUMNS = List.of("code", "weight");
    /** A duration in a data file: whole minutes, hours or days ({@code 90m}, {@code 36h}, {@code 2d}). */
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("(\\d{1,6})(m|h|d)");

    private final String label;
    private final Function<String, String> files;
    private final List<GeoDataException.Problem> problems = new ArrayList<>();
    /** Line of each unit in units.csv, for the hierarchy's problems. */
    private final Map<String, Integer> lines = new HashMap<>();

    private GeoDataSetLoader(String label, Function<String, String> files) {
        this.label = label;
        this.files = files;
    }

    /** Loads the data set in {@code dir}. */
    public static GeoDataSet load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new GeoDataException(dir.toString(), List.of(new GeoDataException.Problem(dir.toString(), 0, null, null,
                    "not a directory")));
        }
        return new GeoDataSetLoader(dir.toString(), name -> {
            try {
                return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(name), e);
            }
        }).load();
    }

    /** Loads a data set shipped with Pulse, e.g. {@code langson-2021}. */
    public static GeoDataSet loadShipped(String id) {
        String folder = SHIPPED_FOLDER + id + "/";
        ClassLoader loader = GeoDataSetLoader.class.getClassLoader();
        if (loader.getResource(folder + DATASET) == null) {
            throw new GeoDataException(id, List.of(new GeoDataException.Problem(id, 0, null, null,
                    "no such shipped data set (shipped: " + String.join(", ", Geography.SHIPPED) + ") and no such directory")));
        }
        return new GeoDataSetLoader("shipped:" + id, name -> {
            try (InputStream in = loader.getResourceAsStream(folder + name)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + folder + name, e);
            }
        }).load();
    }

    /** Loads from files given by name (tests, other sources): {@code files} answers {@code null} for a missing file. */
    public static GeoDataSet load(String label, Function<String, String> files) {
        return new GeoDataSetLoader(label, files).load();
    }

    private GeoDataSet load() {
        Properties meta = readProperties();
        List<AdminUnit> units = readUnits();
        Map<String, AdminUnit> byCode = new LinkedHashMap<>();
        units.forEach(u -> byCode.putIfAbsent(u.code(), u));
        checkHierarchy(units, byCode);
        Set<String> parents = new HashSet<>();
        units.forEach(u -> parents.add(u.parentCode()));
        Set<String> counting = new HashSet<>();
        for (AdminUnit u : units) {
            if (u.level() != AdminUnit.Level.COUNTRY && !parents.contains(u.code())) {
                counting.add(u.code());
            }
        }
        List<UnitPopulation> population = readPopulation(byCode, counting, units);
        List<Gate> gates = readGates(byCode);
        List<PlannedTrade> plans = readPlans();
        String geometry = readGeometry(byCode);
        List<CoverageTarget> targets = readTargets();
        List<GateAlertMarks> gateAlerts = readGateAlerts(gates);
        List<SimulationWeight> weights = readWeights(byCode, counting, gates);
        if (!problems.isEmpty()) {
            throw new GeoDataException(label, problems);
        }
        return new GeoDataSet(meta.getProperty("id"), meta.getProperty("name"), Boolean.parseBoolean(meta.getProperty("schematic")),
                meta.getProperty("source", ""), meta.getProperty("licence", ""),
                Integer.parseInt(meta.getProperty("population-year")), units, population, gates, plans, targets, gateAlerts, weights,
                geometry);
    }

    private Properties readProperties() {
        Properties meta = new Properties();
        String text = files.apply(DATASET);
        if (text == null) {
            problem(DATASET, 0, null, null, "missing file");
            meta.setProperty("population-year", "0");
            return meta;
        }
        try {
            meta.load(new StringReader(text));
        } catch (IOException e) {
            problem(DATASET, 0, null, null, "unreadable: " + e.getMessage());
        }
        for (String key : List.of("id", "name", "population-year")) {
            if (meta.getProperty(key, "").isBlank()) {
                problem(DATASET, 0, null, key, "missing");
            }
        }
        String schematic = meta.getProperty("schematic", "false");
        if (!schematic.equals("true") && !schematic.equals("false")) {
            problem(DATASET, 0, null, "schematic", "'" + schematic + "' is not true or false");
        }
        try {
            Integer.parseInt(meta.getProperty("population-year", "").trim());
        } catch (NumberFormatException e) {
            if (!meta.getProperty("population-year", "").isBlank()) {
                problem(DATASET, 0, null, "population-year", "'" + meta.getProperty("population-year") + "' is not a year");
            }
            meta.setProperty("population-year", "0");
        }
        return meta;
    }

    private List<AdminUnit> readUnits() {
        List<AdminUnit> units = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Row row : rows(UNITS, UNIT_COLUMNS, true)) {
            String code = row.required("code");
            if (code == null) {
                continue;
            }
            if (!seen.add(code)) {
                row.problem(code, "code", "duplicate code");
                continue;
            }
            AdminUnit.Level level = null;
            String levelText = row.required("level");
            if (levelText != null) {
                try {
                    level = AdminUnit.Level.valueOf(levelText.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    row.problem(code, "level", "unknown level '" + levelText + "' (known: country, province, district, commune)");
                }
            }
            String name = row.required("name");
            String nameAscii = row.get("name_ascii");
            LocalDate from = row.date(code, "valid_from");
            LocalDate to = row.date(code, "valid_to");
            if (from != null && to != null && to.isBefore(from)) {
                row.problem(code, "valid_to", "ends (" + to + ") before it starts (" + from + ")");
            }
            if (level != null && name != null) {
                String replaces = row.get("replaces");
                units.add(new AdminUnit(code, row.get("parent"), level, name, nameAscii == null ? name : nameAscii, from, to,
                        replaces == null ? List.of() : List.of(replaces.trim().split("\\s+"))));
                lines.put(code, row.line);
            }
        }
        return units;
    }

    private void checkHierarchy(List<AdminUnit> units, Map<String, AdminUnit> byCode) {
        for (AdminUnit u : units) {
            int line = lines.getOrDefault(u.code(), 0);
            if (u.parentCode() == null) {
                if (u.level() != AdminUnit.Level.COUNTRY) {
                    problem(UNITS, line, u.code(), "parent", "missing: only a country has no parent");
                }
                continue;
            }
            AdminUnit parent = byCode.get(u.parentCode());
            if (parent == null) {
                problem(UNITS, line, u.code(), "parent", "unknown parent '" + u.parentCode() + "'");
                continue;
            }
            if (parent.level().ordinal() >= u.level().ordinal()) {
                problem(UNITS, line, u.code(), "level", "a " + u.level().key() + " cannot lie in a " + parent.level().key()
                        + " (" + parent.code() + ")");
                continue;
            }
            if ((parent.validFrom() != null && (u.validFrom() == null || u.validFrom().isBefore(parent.validFrom())))
                    || (parent.validTo() != null && (u.validTo() == null || u.validTo().isAfter(parent.validTo())))) {
                problem(UNITS, line, u.code(), "valid_from", "valid outside its parent " + parent.code() + " ("
                        + range(parent) + ")");
            }
        }
        checkReplacements(units, byCode);
        // Two levels directly under one parent each cover the whole parent: they may not exist on the same day.
        Map<String, List<AdminUnit>> children = new LinkedHashMap<>();
        units.stream().filter(u -> u.parentCode() != null).forEach(u -> children.computeIfAbsent(u.parentCode(), k -> new ArrayList<>()).add(u));
        for (List<AdminUnit> siblings : children.values()) {
            for (int i = 0; i < siblings.size(); i++) {
                for (int j = 0; j < i; j++) {
                    AdminUnit a = siblings.get(j);
                    AdminUnit b = siblings.get(i);
                    if (a.level() != b.level() && a.overlaps(b)) {
                        problem(UNITS, lines.getOrDefault(b.code(), 0), b.code(), "valid_from", "overlapping validity: " + b.level().key()
                                + " " + b.code() + " (" + range(b) + ") and " + a.level().key() + " " + a.code() + " (" + range(a)
                                + ") both lie directly in " + a.parentCode() + " on the same days, so its figures would count twice");
                        break;
                    }
                }
            }
        }
    }

    /** A unit replaces units that ended before it started, none of them itself, above or below it. */
    private void checkReplacements(List<AdminUnit> units, Map<String, AdminUnit> byCode) {
        for (AdminUnit u : units) {
            int line = lines.getOrDefault(u.code(), 0);
            Set<String> listed = new HashSet<>();
            for (String code : u.replaces()) {
                AdminUnit replaced = byCode.get(code);
                if (!listed.add(code)) {
                    problem(UNITS, line, u.code(), "replaces", "'" + code + "' is listed twice");
                } else if (code.equals(u.code())) {
                    problem(UNITS, line, u.code(), "replaces", "a unit cannot replace itself");
                } else if (replaced == null) {
                    problem(UNITS, line, u.code(), "replaces", "unknown unit '" + code + "'");
                } else if (liesIn(u, code, byCode) || liesIn(replaced, u.code(), byCode)) {
                    problem(UNITS, line, u.code(), "replaces", "'" + code + "' lies " + (liesIn(u, code, byCode) ? "above" : "in")
                            + " it: a unit replaces units beside it, not above or below it");
                } else if (replaced.validTo() == null || u.validFrom() == null || !replaced.validTo().isBefore(u.validFrom())) {
                    problem(UNITS, line, u.code(), "replaces", "'" + code + "' (" + range(replaced) + ") must end before this unit starts ("
                            + range(u) + "): give valid_to to the replaced unit and valid_from to this one");
                }
            }
        }
    }

    /** Whether {@code unit} lies (at any depth) in the unit {@code ancestor}. */
    private static boolean liesIn(AdminUnit unit, String ancestor, Map<String, AdminUnit> byCode) {
        Set<String> seen = new HashSet<>();
        for (String c = unit.parentCode(); c != null && seen.add(c); c = byCode.containsKey(c) ? byCode.get(c).parentCode() : null) {
            if (c.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    private static String range(AdminUnit u) {
        return (u.validFrom() == null ? "always" : "from " + u.validFrom()) + " " + (u.validTo() == null ? "on" : "until " + u.validTo());
    }

    private List<UnitPopulation> readPopulation(Map<String, AdminUnit> byCode, Set<String> counting, List<AdminUnit> units) {
        List<UnitPopulation> population = new ArrayList<>();
        Set<String> cohorts = new HashSet<>();
        for (Row row : rows(POPULATION, POPULATION_COLUMNS, true)) {
            String unit = row.required("unit");
            String group = row.required("age_group");
            Long people = row.nonNegativeLong(unit, "population");
            if (unit == null || group == null || people == null) {
                continue;
            }
            if (!byCode.containsKey(unit)) {
                row.problem(unit, "unit", "unknown unit '" + unit + "'");
            } else if (!counting.contains(unit)) {
                row.problem(unit, "unit", "unit has units below it: its population is the sum of theirs");
            } else if (!AgeGroups.isKnown(group)) {
                row.problem(unit, "age_group", "unknown age group '" + group + "' (known: " + String.join(", ", AgeGroups.ALL) + ")");
            } else if (!cohorts.add(unit + "|" + group)) {
                row.problem(unit, "age_group", "duplicate population for cohort " + unit + "|" + group);
            } else {
                population.add(new UnitPopulation(unit, group, people));
            }
        }
        if (files.apply(POPULATION) != null) {
            for (AdminUnit u : units) {
                if (!counting.contains(u.code())) {
                    continue;
                }
                for (String group : AgeGroups.ALL) {
                    if (!cohorts.contains(u.code() + "|" + group)) {
                        problem(POPULATION, 0, u.code(), "population", "population missing for cohort " + u.code() + "|" + group);
                    }
                }
            }
        }
        return population;
    }

    private List<Gate> readGates(Map<String, AdminUnit> byCode) {
        List<Gate> gates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Row row : rows(GATES, GATE_COLUMNS, false)) {
            String code = row.required("code");
            if (code == null) {
                continue;
            }
            if (!code.matches("[A-Z][A-Z0-9_]*")) {
                row.problem(code, "code", "a gate code is upper case letters, digits and _ (it is part of keys and URLs)");
            }
            if (!seen.add(code)) {
                row.problem(code, "code", "duplicate gate code");
                continue;
            }
            String name = row.required("name");
            String kindText = row.required("kind");
            Gate.Kind kind = null;
            if (kindText != null) {
                try {
                    kind = Gate.Kind.valueOf(kindText);
                } catch (IllegalArgumentException e) {
                    row.problem(code, "kind", "unknown kind '" + kindText + "' (known: INTERNATIONAL_ROAD, INTERNATIONAL_RAIL, MAIN, BILATERAL)");
                }
            }
            String unit = row.get("unit");
            if (unit == null) {
                row.problem(code, "unit", "a gate in no unit: give the code of the unit it lies in");
            } else if (!byCode.containsKey(unit)) {
                row.problem(code, "unit", "a gate in no unit: unknown unit '" + unit + "'");
                unit = null;
            }
            String open = row.required("open");
            if (open != null && !open.equals("true") && !open.equals("false")) {
                row.problem(code, "open", "'" + open + "' is not true or false");
                open = null;
            }
            if (name != null && kind != null && unit != null && open != null) {
                String ascii = row.get("name_ascii");
                gates.add(new Gate(code, name, ascii == null ? name : ascii, kind, unit, Boolean.parseBoolean(open)));
            }
        }
        return gates;
    }

    private List<PlannedTrade> readPlans() {
        List<PlannedTrade> plans = new ArrayList<>();
        Set<Integer> years = new HashSet<>();
        for (Row row : rows(TRADE_PLANS, PLAN_COLUMNS, false)) {
            String yearText = row.required("year");
            BigDecimal plan = row.usd("plan_value_usd");
            BigDecimal previous = row.usd("previous_year_value_usd");
            Integer year = null;
            try {
                year = yearText == null ? null : Integer.valueOf(yearText);
            } catch (NumberFormatException e) {
                row.problem(null, "year", "'" + yearText + "' is not a year");
            }
            if (year != null && !years.add(year)) {
                row.problem(null, "year", "duplicate plan for " + year);
            } else if (year != null && plan != null && previous != null) {
                plans.add(new PlannedTrade(year, plan, previous));
            }
        }
        return plans;
    }

    /** Coverage targets: a known age group and measure, once each, a percentage above 0 and at most 100 with at most 2 decimals. */
    private List<CoverageTarget> readTargets() {
        List<CoverageTarget> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Row row : rows(COVERAGE_TARGETS, TARGET_COLUMNS, false)) {
            String group = row.required("age_group");
            String measure = row.required("measure");
            String pctText = row.required("target_pct");
            boolean valid = group != null && measure != null && pctText != null;
            if (group != null && !AgeGroups.isKnown(group)) {
                row.problem(null, "age_group", "unknown age group '" + group + "' (known: " + String.join(", ", AgeGroups.ALL) + ")");
                valid = false;
            }
            if (measure != null && !CoverageTarget.MEASURES.contains(measure)) {
                row.problem(null, "measure", "unknown measure '" + measure + "' (known: " + String.join(", ", CoverageTarget.MEASURES) + ")");
                valid = false;
            }
            BigDecimal pct = null;
            if (pctText != null) {
                try {
                    pct = new BigDecimal(pctText);
                    if (pct.signum() <= 0 || pct.compareTo(BigDecimal.valueOf(100)) > 0 || pct.scale() > 2) {
                        row.problem(null, "target_pct", "'" + pctText + "' is out of range: a percentage above 0 and at most 100,"
                                + " with at most 2 decimals");
                        valid = false;
                    }
                } catch (NumberFormatException e) {
                    row.problem(null, "target_pct", "'" + pctText + "' is not a number");
                    valid = false;
                }
            }
            if (valid && !seen.add(group + "|" + measure)) {
                row.problem(null, "measure", "duplicate target for age group " + group + " and measure " + measure);
                valid = false;
            }
            if (valid) {
                targets.add(new CoverageTarget(group, measure, pct.setScale(2)));
            }
        }
        return targets;
    }

    /**
     * A gate's own alert marks: a gate of {@code gates.csv}, once; each mark empty (the province-wide
     * value) or a whole number (vehicles, samples) or a duration; a clear mark below its raise mark.
     */
    private List<GateAlertMarks> readGateAlerts(List<Gate> gates) {
        List<GateAlertMarks> marks = new ArrayList<>();
        Set<String> known = new HashSet<>();
        gates.forEach(g -> known.add(g.code()));
        Set<String> seen = new HashSet<>();
        for (Row row : rows(GATE_ALERTS, GATE_ALERT_COLUMNS, false)) {
            String gate = row.required("gate");
            if (gate == null) {
                continue;
            }
            boolean valid = true;
            if (!seen.add(gate)) {
                row.problem(gate, "gate", "duplicate gate: give a gate's marks on one line");
                valid = false;
            } else if (!known.contains(gate)) {
                row.problem(gate, "gate", "unknown gate '" + gate + "' (not a gate of " + GATES + ")");
                valid = false;
            }
            Long backlogRaise = row.optionalWhole(gate, "backlog_raise", 1);
            Long backlogClear = row.optionalWhole(gate, "backlog_clear", 0);
            Duration waitRaise = row.optionalDuration(gate, "wait_p90_raise", 1);
            Duration waitClear = row.optionalDuration(gate, "wait_p90_clear", 0);
            Long samples = row.optionalWhole(gate, "wait_p90_min_samples", 1);
            valid &= row.consistent;
            if (backlogRaise != null && backlogClear != null && backlogClear >= backlogRaise) {
                row.problem(gate, "backlog_clear", "the clear mark " + backlogClear + " must be below the raise mark " + backlogRaise);
                valid = false;
            }
            if (waitRaise != null && waitClear != null && waitClear.compareTo(waitRaise) >= 0) {
                row.problem(gate, "wait_p90_clear", "the clear mark " + row.get("wait_p90_clear") + " must be below the raise mark "
                        + row.get("wait_p90_raise"));
                valid = false;
            }
            if (valid) {
                marks.add(new GateAlertMarks(gate, backlogRaise, backlogClear, waitRaise, waitClear,
                        samples == null ? null : samples.intValue()));
            }
        }
        return marks;
    }

    /**
     * The largest simulation weight: the simulator draws from the sum of a data set's weights in an int, and
     * 100,000 for each of thousands of units stays within it.
     */
    static final long MAX_SIMULATION_WEIGHT = 100_000;

    /** The simulator's weights: a counting unit or a gate, once each, a whole number from 1 to 100,000. */
    private List<SimulationWeight> readWeights(Map<String, AdminUnit> byCode, Set<String> counting, List<Gate> gates) {
        List<SimulationWeight> weights = new ArrayList<>();
        Set<String> gateCodes = new HashSet<>();
        gates.forEach(g -> gateCodes.add(g.code()));
        Set<String> seen = new HashSet<>();
        for (Row row : rows(SIMULATION_WEIGHTS, WEIGHT_COLUMNS, false)) {
            String code = row.required("code");
            Long weight = row.optionalWhole(code, "weight", 1, MAX_SIMULATION_WEIGHT);
            if (code == null) {
                continue;
            }
            if (row.get("weight") == null) {
                row.problem(code, "weight", "missing");
            } else if (!seen.add(code)) {
                row.problem(code, "code", "duplicate code: give a unit's or gate's weight on one line");
            } else if (byCode.containsKey(code) && !counting.contains(code)) {
                row.problem(code, "code", "unit has units below it: weigh the units events are counted in");
            } else if (!byCode.containsKey(code) && !gateCodes.contains(code)) {
                row.problem(code, "code", "unknown code '" + code + "': neither a unit nor a gate of the data set");
            } else if (weight != null) {
                weights.add(new SimulationWeight(code, weight.intValue()));
            }
        }
        return weights;
    }

    private String readGeometry(Map<String, AdminUnit> byCode) {
        String text = files.apply(GEOMETRY);
        if (text == null) {
            return null;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            problem(GEOMETRY, 0, null, null, "not JSON: " + e.getMessage());
            return null;
        }
        if (!"FeatureCollection".equals(root.path("type").asText()) || !root.path("features").isArray()) {
            problem(GEOMETRY, 0, null, "type", "not a GeoJSON FeatureCollection");
            return null;
        }
        int index = 0;
        for (JsonNode feature : root.path("features")) {
            String code = feature.path("properties").path("code").asText(null);
            if (code == null) {
                problem(GEOMETRY, 0, null, "features[" + index + "].properties.code", "missing");
            } else if (!byCode.containsKey(code)) {
                problem(GEOMETRY, 0, code, "features[" + index + "].properties.code", "unknown unit '" + code + "'");
            }
            if (!feature.path("geometry").isObject()) {
                problem(GEOMETRY, 0, code, "features[" + index + "].geometry", "missing");
            }
            index++;
        }
        return text;
    }

    private void problem(String file, int line, String unit, String field, String reason) {
        problems.add(new GeoDataException.Problem(file, line, unit, field, reason));
    }

    /** The data rows of a CSV file with a header naming at least {@code columns}; empty if the file is optional and absent. */
    private List<Row> rows(String file, List<String> columns, boolean required) {
        String text = files.apply(file);
        if (text == null) {
            if (required) {
                problem(file, 0, null, null, "missing file");
            }
            return List.of();
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = split(line);
            if (header == null) {
                header = cells.stream().map(String::trim).toList();
                for (String column : columns) {
                    if (!header.contains(column)) {
                        problem(file, i + 1, null, column, "missing column (header must name " + String.join(",", columns) + ")");
                    }
                }
                if (!header.containsAll(columns)) {
                    return List.of();
                }
                continue;
            }
            if (cells.size() != header.size()) {
                problem(file, i + 1, null, null, cells.size() + " fields where the header has " + header.size());
                continue;
            }
            Map<String, String> values = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                String v = cells.get(c).trim();
                values.put(header.get(c), v.isEmpty() ? null : v);
            }
            rows.add(new Row(file, i + 1, values));
        }
        if (header == null) {
            problem(file, 0, null, null, "empty file: a header line is required");
        }
        return rows;
    }

    /** Splits one CSV line at commas; a field in double quotes may hold commas and doubled quotes. */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private final class Row {
        final String file;
        final int line;
        final Map<String, String> values;

        Row(String file, int line, Map<String, String> values) {
            this.file = file;
            this.line = line;
            this.values = values;
        }

        String get(String column) {
            return values.get(column);
        }

        String required(String column) {
            String v = values.get(column);
            if (v == null) {
                GeoDataSetLoader.this.problem(file, line, values.get("code"), column, "missing");
            }
            return v;
        }

        void problem(String unit, String field, String reason) {
            GeoDataSetLoader.this.problem(file, line, unit, field, reason);
        }

        LocalDate date(String unit, String column) {
            String v = values.get(column);
            try {
                return v == null ? null : LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                problem(unit, column, "'" + v + "' is not a date (YYYY-MM-DD)");
                return null;
            }
        }

        /** Whether every optional value read so far was valid. */
        boolean consistent = true;

        /** An optional whole number of at least {@code min} (at most {@link Integer#MAX_VALUE}); null when empty or invalid. */
        Long optionalWhole(String unit, String column, long min) {
            return optionalWhole(unit, column, min, Integer.MAX_VALUE);
        }

        /** An optional whole number from {@code min} to {@code max} (the message names the upper bound below int's). */
        Long optionalWhole(String unit, String column, long min, long max) {
            String v = values.get(column);
            if (v == null) {
                return null;
            }
            try {
                long n = Long.parseLong(v);
                if (n < min || n > max) {
                    problem(unit, column, "'" + v + "' is out of range: a whole number "
                            + (max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max));
                    consistent = false;
                    return null;
                }
                return n;
            } catch (NumberFormatException e) {
                problem(unit, column, "'" + v + "' is not a whole number");
                consistent = false;
                return null;
            }
        }

        /** An optional duration of at least {@code minMinutes}: whole minutes, hours or days ({@code 90m}, {@code 36h}, {@code 2d}). */
        Duration optionalDuration(String unit, String column, long minMinutes) {
            String v = values.get(column);
            if (v == null) {
                return null;
            }
            java.util.regex.Matcher m = DURATION.matcher(v);
            if (!m.matches()) {
                problem(unit, column, "'" + v + "' is not a duration (whole minutes, hours or days: 90m, 36h, 2d)");
                consistent = false;
                return null;
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.toMinutes() < minMinutes) {
                problem(unit, column, "'" + v + "' is out of range: at least " + minMinutes + " minute" + (minMinutes == 1 ? "" : "s"));
                consistent = false;
                return null;
            }
            return d;
        }

        Long nonNegativeLong(String unit, String column) {
            String v = required(column);
            if (v == null) {
                return null;
            }
            try {
                long n = Long.parseLong(v);
                if (n < 0) {
                    problem(unit, column, "negative: " + v);
                    return null;
                }
                return n;
            } catch (NumberFormatException e) {
                problem(unit, column, "'" + v + "' is not a whole number");
                return null;
            }
        }

        BigDecimal usd(String column) {
            String v = required(column);
            if (v == null) {
                return null;
            }
            try {
                BigDecimal usd = new BigDecimal(v);
                if (usd.signum() < 0 || usd.scale() > 2) {
                    problem(null, column, "'" + v + "' is not an amount of US dollars (not negative, at most 2 decimals)");
                    return null;
                }
                return usd.setScale(2);
            } catch (NumberFormatException e) {
                problem(null, column, "'" + v + "' is not a number");
                return null;
            }
        }
    }
}
