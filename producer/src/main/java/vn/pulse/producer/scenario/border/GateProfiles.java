package vn.pulse.producer.scenario.border;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.VehicleType;

/**
 * Reads the scenario's gate profiles from two CSV files: the profiles (one gate a line:
 * {@code gate,vehicles_per_day,export_share,export_mix,import_mix,hours,vehicle_type,congested}) and
 * the hourly patterns they name ({@code hours,arrivals,crossings}). Lists of numbers are separated by
 * spaces; lines starting with {@code #} and blank lines are skipped. Every problem is reported at once,
 * each with its file, line, gate or pattern, field and reason.
 */
final class GateProfiles {

    static final List<String> PROFILE_COLUMNS = List.of("gate", "vehicles_per_day", "export_share", "export_mix", "import_mix",
            "hours", "vehicle_type", "congested");
    static final List<String> HOUR_COLUMNS = List.of("hours", "arrivals", "crossings");

    private final List<String> problems = new ArrayList<>();

    private GateProfiles() {
    }

    /** The profiles in the resources {@code profiles} and {@code hours} beside {@code anchor}. */
    static List<GateProfile> read(Class<?> anchor, String profiles, String hours) {
        return parse(profiles, resource(anchor, profiles), hours, resource(anchor, hours));
    }

    /**
     * The profiles of {@code profilesText} with the patterns of {@code hoursText} (each named by its file in problems).
     *
     * @throws IllegalStateException listing every problem
     */
    static List<GateProfile> parse(String profilesFile, String profilesText, String hoursFile, String hoursText) {
        GateProfiles reader = new GateProfiles();
        Map<String, double[][]> patterns = reader.patterns(hoursFile, hoursText);
        List<GateProfile> profiles = reader.profiles(profilesFile, profilesText, patterns);
        if (!reader.problems.isEmpty()) {
            throw new IllegalStateException("the border scenario's gate profiles are not valid (" + reader.problems.size()
                    + " problem" + (reader.problems.size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", reader.problems));
        }
        return List.copyOf(profiles);
    }

    private static String resource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private Map<String, double[][]> patterns(String file, String text) {
        Map<String, double[][]> patterns = new HashMap<>();
        for (Row row : rows(file, text, HOUR_COLUMNS)) {
            String name = row.required("hours");
            double[] arrivals = row.numbers("arrivals", 24);
            double[] crossings = row.numbers("crossings", 24);
            if (name == null) {
                continue;
            }
            if (patterns.containsKey(name)) {
                row.problem("hours", "duplicate pattern '" + name + "'");
            } else if (arrivals != null && crossings != null) {
                patterns.put(name, new double[][] {arrivals, crossings});
            } else {
                patterns.put(name, null);
            }
        }
        return patterns;
    }

    private List<GateProfile> profiles(String file, String text, Map<String, double[][]> patterns) {
        List<GateProfile> profiles = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Row row : rows(file, text, PROFILE_COLUMNS)) {
            String gate = row.required("gate");
            if (gate != null && !gate.matches("[A-Z][A-Z0-9_]*")) {
                row.problem("gate", "'" + gate + "' is not a gate code (upper case letters, digits and _)");
            } else if (gate != null && !seen.add(gate)) {
                row.problem("gate", "duplicate gate '" + gate + "'");
            }
            Double perDay = row.number("vehicles_per_day", Double.MAX_VALUE);
            Double exportShare = row.number("export_share", 1);
            int categories = CargoCategory.values().length;
            double[] exportMix = row.numbers("export_mix", categories);
            double[] importMix = row.numbers("import_mix", categories);
            String hours = row.required("hours");
            double[][] pattern = null;
            if (hours != null && !patterns.containsKey(hours)) {
                row.problem("hours", "unknown pattern '" + hours + "' (known: " + String.join(", ", patterns.keySet().stream().sorted().toList())
                        + ")");
            } else if (hours != null) {
                pattern = patterns.get(hours);
            }
            VehicleType type = null;
            String typeText = row.required("vehicle_type");
            if (typeText != null) {
                try {
                    type = VehicleType.valueOf(typeText);
                } catch (IllegalArgumentException e) {
                    row.problem("vehicle_type", "unknown vehicle type '" + typeText + "' (known: " + Arrays.toString(VehicleType.values()) + ")");
                }
            }
            String congested = row.required("congested");
            if (congested != null && !congested.equals("true") && !congested.equals("false")) {
                row.problem("congested", "'" + congested + "' is not true or false");
                congested = null;
            }
            if (row.valid && pattern != null && type != null && congested != null) {
                profiles.add(new GateProfile(gate, perDay, exportShare, exportMix, importMix, pattern[0], pattern[1], type,
                        Boolean.parseBoolean(congested)));
            }
        }
        if (profiles.isEmpty() && problems.isEmpty()) {
            problems.add(file + ": no gate: the scenario needs at least one");
        }
        return profiles;
    }

    /** The data rows of a CSV text whose header names exactly {@code columns}. */
    private List<Row> rows(String file, String text, List<String> columns) {
        List<Row> rows = new ArrayList<>();
        List<String> header = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = Arrays.stream(line.split(",", -1)).map(String::trim).toList();
            if (header == null) {
                header = cells;
                if (!header.equals(columns)) {
                    problems.add(file + ":" + (i + 1) + ": the header must be " + String.join(",", columns) + ", was " + line.trim());
                    return rows;
                }
                continue;
            }
            if (cells.size() != header.size()) {
                problems.add(file + ":" + (i + 1) + ": " + cells.size() + " fields where the header has " + header.size());
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                values.put(header.get(c), cells.get(c).isEmpty() ? null : cells.get(c));
            }
            rows.add(new Row(file, i + 1, values.get(header.get(0)), values));
        }
        if (header == null) {
            problems.add(file + ": empty: a header line is required");
        }
        return rows;
    }

    private final class Row {
        final String file;
        final int line;
        final String name;
        final Map<String, String> values;
        boolean valid = true;

        Row(String file, int line, String name, Map<String, String> values) {
            this.file = file;
            this.line = line;
            this.name = name;
            this.values = values;
        }

        void problem(String field, String reason) {
            valid = false;
            problems.add(file + ":" + line + (name == null ? "" : " " + name) + " field " + field + ": " + reason);
        }

        String required(String field) {
            String v = values.get(field);
            if (v == null) {
                problem(field, "missing");
            }
            return v;
        }

        /** A number from 0 to {@code max}. */
        Double number(String field, double max) {
            String v = required(field);
            if (v == null) {
                return null;
            }
            try {
                double d = Double.parseDouble(v);
                if (!(d >= 0 && d <= max)) {
                    problem(field, "'" + v + "' is out of range: a number from 0"
                            + (max == Double.MAX_VALUE ? "" : " to " + java.math.BigDecimal.valueOf(max).stripTrailingZeros().toPlainString()));
                    return null;
                }
                return d;
            } catch (NumberFormatException e) {
                problem(field, "'" + v + "' is not a number");
                return null;
            }
        }

        /** {@code count} weights separated by spaces, none negative, not all 0. */
        double[] numbers(String field, int count) {
            String v = required(field);
            if (v == null) {
                return null;
            }
            String[] parts = v.split("\\s+");
            if (parts.length != count) {
                problem(field, parts.length + " numbers where " + count + " are needed");
                return null;
            }
            double[] numbers = new double[count];
            double sum = 0;
            for (int k = 0; k < count; k++) {
                try {
                    numbers[k] = Double.parseDouble(parts[k]);
                } catch (NumberFormatException e) {
                    problem(field, "'" + parts[k] + "' (number " + (k + 1) + ") is not a number");
                    return null;
                }
                if (!(numbers[k] >= 0 && Double.isFinite(numbers[k]))) {
                    problem(field, "'" + parts[k] + "' (number " + (k + 1) + ") is negative or not finite: weights are 0 or more");
                    return null;
                }
                sum += numbers[k];
            }
            if (sum == 0) {
                problem(field, "every weight is 0: at least one must be above 0");
                return null;
            }
            return numbers;
        }
    }
}
