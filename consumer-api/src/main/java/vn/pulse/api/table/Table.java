package vn.pulse.api.table;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A table of an answer, as the downloads write it: a name and the day (or range) its figures are of,
 * which make the file name, typed columns and rows of cells.
 *
 * <p>{@link #of} builds it from the answer's row records, the same way for every answer: each column
 * is a leaf of the row's JSON, named by its path ({@code coverage.18+.atLeastOneDosePct}), so a
 * download has exactly the figures of the JSON answer. Nested records become columns of their own
 * ({@link JsonUnwrapped} members without a prefix, as in the JSON); a map becomes one group of columns
 * per key found in the rows; a list (a gate's open alerts) becomes the number of its elements,
 * in a column named {@code <member>.count}.
 */
public record Table(String name, String date, List<Column> columns, List<List<Object>> rows) {

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern ISO_MONTH = Pattern.compile("\\d{4}-\\d{2}");

    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** What a column holds; cells are {@code null} (empty) or of the Java type named. */
    public enum Kind {
        /** {@link String}. */
        TEXT,
        /** {@link Long}. */
        INTEGER,
        /** {@link BigDecimal}. */
        DECIMAL,
        /** {@link Boolean}. */
        BOOLEAN,
        /** {@link LocalDate}. */
        DATE,
        /** {@link YearMonth}. */
        MONTH,
        /** {@link Instant}. */
        DATE_TIME
    }

    public record Column(String name, Kind kind) {
    }

    /**
     * The table of {@code rows}, records of {@code rowType}.
     *
     * @param name what the table is, for the file name ({@code vaccination-districts})
     * @param date the day or range of its figures, for the file name ({@code 2022-01-09}); may be null
     */
    public static <R extends Record> Table of(String name, String date, Class<R> rowType, List<? extends R> rows) {
        List<Leaf> leaves = new ArrayList<>();
        flatten("", rowType, Function.identity(), rows, leaves);
        List<Column> columns = new ArrayList<>();
        List<Function<Object, Object>> cells = new ArrayList<>();
        for (Leaf leaf : leaves) {
            Kind kind = leaf.kind();
            Function<Object, Object> cell = leaf.get();
            if (kind == Kind.TEXT) {
                // Dates and months the answers write as text (a day's or a month's period) are dates in a spreadsheet.
                Kind inferred = inferDateKind(rows, cell);
                if (inferred != null) {
                    kind = inferred;
                    Function<Object, Object> text = cell;
                    cell = inferred == Kind.DATE ? row -> parse(text.apply(row), LocalDate::parse)
                            : row -> parse(text.apply(row), YearMonth::parse);
                }
            }
            columns.add(new Column(leaf.name(), kind));
            cells.add(cell);
        }
        List<List<Object>> table = new ArrayList<>();
        for (R row : rows) {
            List<Object> values = new ArrayList<>(cells.size());
            for (Function<Object, Object> cell : cells) {
                values.add(cell.apply(row));
            }
            table.add(java.util.Collections.unmodifiableList(values));
        }
        return new Table(name, date, columns, table);
    }

    /** The same table, of {@code date}. */
    public Table withDate(String date) {
        return new Table(name, date, columns, rows);
    }

    /** A file name: the table's name and date and the extension, e.g. {@code vaccination-districts_2022-01-09.csv}. */
    public String fileName(String extension) {
        String base = date == null ? name : name + "_" + date;
        return base.replaceAll("[^A-Za-z0-9._-]", "-") + "." + extension;
    }

    private record Leaf(String name, Kind kind, Function<Object, Object> get) {
    }

    private static void flatten(String prefix, Type type, Function<Object, Object> get, List<?> rows, List<Leaf> out) {
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                Function<Object, Object> child = row -> {
                    Object owner = get.apply(row);
                    return owner == null ? null : invoke(accessor, owner);
                };
                boolean unwrapped = accessor.isAnnotationPresent(JsonUnwrapped.class);
                flatten(unwrapped ? prefix : join(prefix, component.getName()), component.getGenericType(), child, rows, out);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
            Set<Object> keys = new LinkedHashSet<>();
            for (Object row : rows) {
                Map<?, ?> map = (Map<?, ?>) get.apply(row);
                if (map != null) {
                    keys.addAll(map.keySet());
                }
            }
            for (Object key : keys) {
                Function<Object, Object> child = row -> {
                    Map<?, ?> map = (Map<?, ?>) get.apply(row);
                    return map == null ? null : map.get(key);
                };
                flatten(join(prefix, String.valueOf(key)), valueType, child, rows, out);
            }
        } else if (Collection.class.isAssignableFrom(raw)) {
            out.add(new Leaf(join(prefix, "count"), Kind.INTEGER, row -> {
                Collection<?> items = (Collection<?>) get.apply(row);
                return items == null ? null : (long) items.size();
            }));
        } else {
            Kind kind = kindOf(raw, prefix);
            out.add(new Leaf(prefix, kind, row -> cell(kind, get.apply(row))));
        }
    }

    private static Kind kindOf(Class<?> type, String name) {
        if (type == String.class || type.isEnum()) {
            return Kind.TEXT;
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class
                || type == short.class || type == Short.class) {
            return Kind.INTEGER;
        }
        if (type == BigDecimal.class) {
            return Kind.DECIMAL;
        }
        if (type == boolean.class || type == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (type == LocalDate.class) {
            return Kind.DATE;
        }
        if (type == YearMonth.class) {
            return Kind.MONTH;
        }
        if (type == Instant.class) {
            return Kind.DATE_TIME;
        }
        throw new IllegalArgumentException("no table column for " + name + " of type " + type.getName());
    }

    private static Object cell(Kind kind, Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case TEXT -> value instanceof Enum<?> e ? e.name() : value;
            case INTEGER -> ((Number) value).longValue();
            default -> value;
        };
    }

    /** DATE or MONTH when every value of a text column is an ISO date or month (and there is one), else null. */
    private static Kind inferDateKind(List<?> rows, Function<Object, Object> cell) {
        Kind kind = null;
        for (Object row : rows) {
            Object value = cell.apply(row);
            if (value == null) {
                continue;
            }
            Kind found = ISO_DATE.matcher((String) value).matches() && parses((String) value, LocalDate::parse) ? Kind.DATE
                    : ISO_MONTH.matcher((String) value).matches() && parses((String) value, YearMonth::parse) ? Kind.MONTH : null;
            if (found == null || (kind != null && kind != found)) {
                return null;
            }
            kind = found;
        }
        return kind;
    }

    private static boolean parses(String value, Function<String, ?> parser) {
        try {
            parser.apply(value);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Object parse(Object text, Function<String, ?> parser) {
        return text == null ? null : parser.apply((String) text);
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("no table column for type " + type);
    }

    private static Object invoke(Method accessor, Object owner) {
        try {
            return accessor.invoke(owner);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + accessor, e);
        }
    }
}
