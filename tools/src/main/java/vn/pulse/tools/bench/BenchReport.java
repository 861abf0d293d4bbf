package vn.pulse.tools.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The rows of one bench run, printed as a plain-text table or as Markdown. */
public final class BenchReport {

    private static final String[] HEADERS = {"row", "what", "metric", "value", "unit", "ratio", "target", "met?"};

    private final List<BenchRow> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public synchronized void add(BenchRow row) {
        rows.add(row);
    }

    /** A line printed under the table (sizes, how a figure was taken). */
    public synchronized void note(String line) {
        notes.add(line);
    }

    public synchronized List<BenchRow> rows() {
        return List.copyOf(rows);
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** The figure of row {@code id}, {@code NaN} if it is absent or not measured. */
    public synchronized double value(String id) {
        return rows.stream().filter(r -> r.id().equals(id)).mapToDouble(BenchRow::value).findFirst().orElse(Double.NaN);
    }

    /** A fixed-width table for the terminal. */
    public synchronized String toText() {
        List<String[]> cells = cells();
        int[] widths = new int[HEADERS.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < cells.size(); n++) {
            String[] line = cells.get(n);
            for (int i = 0; i < line.length; i++) {
                out.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + widths[i] + "s", line[i]));
            }
            out.append(System.lineSeparator());
            if (n == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                }
                out.append(System.lineSeparator());
            }
        }
        for (String note : notes) {
            out.append(note).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** A Markdown table (and the notes as a list). */
    public synchronized String toMarkdown() {
        List<String[]> cells = cells();
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < cells.size(); n++) {
            out.append("| ").append(String.join(" | ", escape(cells.get(n)))).append(" |\n");
            if (n == 0) {
                out.append("|").append("---|".repeat(HEADERS.length)).append("\n");
            }
        }
        if (!notes.isEmpty()) {
            out.append("\n");
            for (String note : notes) {
                out.append("- ").append(note).append("\n");
            }
        }
        return out.toString();
    }

    private List<String[]> cells() {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        // By row number (stable: the lines of one row keep their order), whatever order the rows ran in.
        List<BenchRow> ordered = rows.stream().sorted(Comparator.comparingInt(BenchReport::rowNumber)).toList();
        for (BenchRow r : ordered) {
            cells.add(new String[] {r.id(), r.what(), r.metric(), number(r.value()), r.unit(),
                r.baseline().isEmpty() || Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f × (%s)", r.ratio(), r.baseline()),
                r.target(), r.met() == null ? "" : r.met() ? "yes" : "NO"});
        }
        return cells;
    }

    private static int rowNumber(BenchRow row) {
        String digits = row.id().replaceFirst("^(\\d*).*$", "$1");
        return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    private static String[] escape(String[] line) {
        String[] escaped = new String[line.length];
        for (int i = 0; i < line.length; i++) {
            escaped[i] = line[i].replace("|", "\\|");
        }
        return escaped;
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
