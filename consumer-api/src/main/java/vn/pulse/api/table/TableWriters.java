package vn.pulse.api.table;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import vn.pulse.core.contract.DomainRules;

/**
 * Writes a {@link Table} as a download.
 *
 * <ul>
 *   <li>CSV: UTF-8 with a byte-order mark (so that Excel reads Vietnamese names right), RFC 4180
 *       (comma, CRLF, fields quoted where they hold a comma, a quote or a line break), a header row;
 *       numbers as the JSON writes them (plain decimals, never an exponent), dates {@code 2021-12-24},
 *       months {@code 2021-12}, instants in UTC as in the JSON ({@code 2021-12-24T03:00:00Z}).</li>
 *   <li>XLSX: one sheet, a bold header row frozen at the top; numbers are numbers (decimals shown with
 *       their scale), dates and months are date cells, instants are date-time cells in the province's
 *       local time ({@link DomainRules#ZONE}, a spreadsheet has no time zones), booleans are booleans.</li>
 * </ul>
 */
public final class TableWriters {

    private TableWriters() {
    }

    public static byte[] csv(Table table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180)) {
            writer.write('\uFEFF');
            csv.printRecord(table.columns().stream().map(Table.Column::name).toList());
            for (List<Object> row : table.rows()) {
                List<String> cells = new ArrayList<>(row.size());
                for (Object value : row) {
                    cells.add(text(value));
                }
                csv.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV", e);
        }
        return out.toByteArray();
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    public static byte[] xlsx(Table table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook workbook = new Workbook(out, "Pulse", "1.0")) {
            Worksheet sheet = workbook.newWorksheet(sheetName(table.name()));
            List<Table.Column> columns = table.columns();
            String[] formats = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                sheet.value(0, c, columns.get(c).name());
                sheet.style(0, c).bold().set();
                formats[c] = format(columns.get(c), table.rows(), c);
            }
            sheet.freezePane(0, 1);
            int r = 1;
            for (List<Object> row : table.rows()) {
                for (int c = 0; c < row.size(); c++) {
                    Object value = row.get(c);
                    if (value == null) {
                        continue;
                    }
                    if (value instanceof String s) {
                        sheet.value(r, c, s);
                    } else if (value instanceof Number n) {
                        sheet.value(r, c, n);
                    } else if (value instanceof Boolean b) {
                        sheet.value(r, c, b);
                    } else if (value instanceof LocalDate d) {
                        sheet.value(r, c, d);
                    } else if (value instanceof YearMonth m) {
                        sheet.value(r, c, m.atDay(1));
                    } else if (value instanceof Instant i) {
                        sheet.value(r, c, LocalDateTime.ofInstant(i, DomainRules.ZONE));
                    } else {
                        sheet.value(r, c, value.toString());
                    }
                    if (formats[c] != null) {
                        sheet.style(r, c).format(formats[c]).set();
                    }
                }
                r++;
            }
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write XLSX", e);
        }
        return out.toByteArray();
    }

    /** The number format of a column's cells, or null for the default. */
    private static String format(Table.Column column, List<List<Object>> rows, int c) {
        return switch (column.kind()) {
            case DATE -> "yyyy-mm-dd";
            case MONTH -> "yyyy-mm";
            case DATE_TIME -> "yyyy-mm-dd hh:mm:ss";
            case DECIMAL -> {
                int scale = 0;
                for (List<Object> row : rows) {
                    if (row.get(c) instanceof BigDecimal d) {
                        scale = Math.max(scale, d.scale());
                    }
                }
                yield scale == 0 ? "0" : "0." + "0".repeat(Math.min(scale, 10));
            }
            default -> null;
        };
    }

    /** A valid sheet name: at most 31 characters, none of {@code []:*?/\}. */
    static String sheetName(String name) {
        String clean = name.replaceAll("[\\[\\]:*?/\\\\]", "-");
        return clean.length() > 31 ? clean.substring(0, 31) : clean;
    }
}
