package vn.pulse.core.geography;

import java.util.List;
import java.util.stream.Collectors;

/** A data set that cannot be used: every problem found, each naming its file, line or unit, field and reason. */
public final class GeoDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param file   the file, relative to the data set
     * @param line   the line (1 = the header), 0 when the problem is not on one line
     * @param unit   the unit or gate it concerns, if any
     * @param field  the column or property, if any
     * @param reason what is wrong
     */
    public record Problem(String file, int line, String unit, String field, String reason) {

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(file);
            if (line > 0) {
                s.append(':').append(line);
            }
            if (unit != null) {
                s.append(" unit ").append(unit);
            }
            if (field != null) {
                s.append(" field ").append(field);
            }
            return s.append(": ").append(reason).toString();
        }
    }

    private final transient List<Problem> problems;

    public GeoDataException(String dataSet, List<Problem> problems) {
        super("data set " + dataSet + " is not valid (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n  "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
