package vn.pulse.tools.bench;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which rows of the bench run ({@code ./pulse bench --rows 3,7}). A row brings the rows whose
 * results it continues: 2, 3, 5 and 9 read the doses row 1 writes, 4 and 5 continue the topology
 * applications of 3, and 9 compares its summary with the API's of 5. Row 8 is measured during 7.
 * The scale rows (10-12) run on brokers of their own and need no other row.
 */
public final class BenchRows {

    /** Every row that can be asked for, in the order the table lists them. */
    static final List<String> ALL = List.of("1", "2", "3", "4", "5", "6", "7", "9", "10", "11", "12");

    private static final Map<String, List<String>> NEEDS = Map.of(
            "2", List.of("1"),
            "3", List.of("1"),
            "4", List.of("3"),
            "5", List.of("3"),
            "9", List.of("5"));

    private final Set<String> rows;

    private BenchRows(Set<String> rows) {
        this.rows = Collections.unmodifiableSet(rows);
    }

    public static BenchRows all() {
        Set<String> every = new TreeSet<>(BenchRows::byNumber);
        every.addAll(ALL);
        return new BenchRows(every);
    }

    /** Rows in their numbers' order (9 before 10). */
    private static int byNumber(String a, String b) {
        return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    }

    /**
     * Parses a comma-separated list of rows ({@code 3}, {@code 3,7}, {@code 8} for {@code 7}) and
     * adds the rows they need.
     *
     * @throws IllegalArgumentException naming the first unknown row and the known ones
     */
    public static BenchRows parse(String list) {
        Set<String> asked = new LinkedHashSet<>();
        for (String part : list.split(",", -1)) {
            String row = part.trim();
            if (row.equals("8")) {
                row = "7";
            }
            if (!ALL.contains(row)) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a bench row (" + String.join(", ", ALL)
                        + "; 8 is measured during 7)");
            }
            asked.add(row);
        }
        Set<String> closed = new TreeSet<>(BenchRows::byNumber);
        asked.forEach(row -> addWithNeeds(row, closed));
        return new BenchRows(closed);
    }

    private static void addWithNeeds(String row, Set<String> into) {
        if (into.add(row)) {
            NEEDS.getOrDefault(row, List.of()).forEach(needed -> addWithNeeds(needed, into));
        }
    }

    public boolean runs(String row) {
        return rows.contains(row);
    }

    /** The rows that run, for the run's notes: {@code every row} or {@code rows 1, 3}. */
    public String describe() {
        return rows.size() == ALL.size() ? "every row" : "rows " + String.join(", ", rows);
    }

    public Set<String> rows() {
        return rows;
    }
}
