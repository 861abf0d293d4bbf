package vn.pulse.producer.ingest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import vn.pulse.core.contract.DomainRules;

/**
 * The first sheet of an Excel workbook (.xlsx, as Excel and LibreOffice write it), streamed with
 * fastexcel-reader. Typed cells become the text the ingest API's CSV form expects:
 * <ul>
 *   <li>numbers in their shortest decimal form, to the 15 significant digits a spreadsheet keeps and
 *       shows ({@code 1234} stored as {@code 1234.0} is {@code 1234}; {@code 0.07} stored as
 *       {@code 7.0000000000000007E-2} is {@code 0.07});</li>
 *   <li>dates (a number shown with a date format) as {@code yyyy-MM-dd}; date-times (a format that
 *       shows hours or seconds) as an ISO-8601 date-time with the province's offset, the wall-clock
 *       time read in {@link DomainRules#ZONE} ({@code 2021-12-24T08:00:00+07:00});</li>
 *   <li>booleans as {@code true}/{@code false}; text as it is; formulas as their saved result.</li>
 * </ul>
 * Rows keep the number the sheet shows. The header is the first non-blank row.
 */
final class XlsxRows implements TableRows {

    /** Spreadsheets hold numbers as doubles and show them to 15 significant digits. */
    private static final MathContext SPREADSHEET_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final ReadableWorkbook workbook;
    private final Stream<org.dhatim.fastexcel.reader.Row> stream;
    private final Iterator<org.dhatim.fastexcel.reader.Row> rows;
    private final boolean date1904;
    private int width = -1;

    XlsxRows(File file) throws IOException {
        workbook = new ReadableWorkbook(file, new ReadingOptions(true, false));
        try {
            stream = workbook.getFirstSheet().openStream();
        } catch (IOException | RuntimeException e) {
            workbook.close();
            throw e;
        }
        rows = stream.iterator();
        date1904 = workbook.isDate1904() || date1904(file);
    }

    /**
     * Whether the workbook counts dates from 1904: its {@code workbookPr date1904} attribute, an XML
     * boolean ({@code 1} as Excel writes it, or {@code true}; fastexcel-reader only takes {@code true}).
     */
    static boolean date1904(File file) throws IOException {
        try (ZipFile zip = new ZipFile(file)) {
            ZipEntry entry = zip.getEntry("xl/workbook.xml");
            if (entry == null) {
                return false;
            }
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            try (InputStream in = zip.getInputStream(entry)) {
                XMLStreamReader xml = factory.createXMLStreamReader(in);
                try {
                    while (xml.hasNext()) {
                        if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                            if (xml.getLocalName().equals("workbookPr")) {
                                String value = xml.getAttributeValue(null, "date1904");
                                return "1".equals(value) || "true".equals(value);
                            }
                            if (xml.getLocalName().equals("sheets")) {
                                return false;
                            }
                        }
                    }
                } finally {
                    xml.close();
                }
            } catch (XMLStreamException e) {
                throw new IOException("xl/workbook.xml: " + e.getMessage(), e);
            }
        }
        return false;
    }

    @Override
    public String unit() {
        return "row";
    }

    @Override
    public Row next() {
        while (rows.hasNext()) {
            org.dhatim.fastexcel.reader.Row row = rows.next();
            List<String> cells = new ArrayList<>(row.getCellCount());
            for (int i = 0; i < row.getCellCount(); i++) {
                cells.add(text(row.getOptionalCell(i).orElse(null)));
            }
            while (!cells.isEmpty() && cells.get(cells.size() - 1).isBlank()) {
                cells.remove(cells.size() - 1);
            }
            if (cells.isEmpty()) {
                continue;
            }
            if (width < 0) {
                width = cells.size();
            }
            // A sheet stores no cell for an empty one at the end of a row: the row is as wide as the header.
            while (cells.size() < width) {
                cells.add("");
            }
            return new Row(row.getRowNum(), cells);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        try {
            stream.close();
        } finally {
            workbook.close();
        }
    }

    private String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        return switch (cell.getType()) {
            case EMPTY -> "";
            case STRING -> cell.asString();
            case BOOLEAN -> Boolean.TRUE.equals(cell.asBoolean()) ? "true" : "false";
            case NUMBER -> number(cell.getRawValue(), cell.getDataFormatId(), cell.getDataFormatString());
            // A formula's saved result (a sheet written by a program that saves none holds an empty cell).
            case FORMULA -> {
                String raw = cell.getRawValue();
                yield raw == null ? "" : isNumber(raw) ? number(raw, cell.getDataFormatId(), cell.getDataFormatString()) : raw;
            }
            // #DIV/0!, #N/A, ...: kept as text, so the field's check names it.
            case ERROR -> cell.getRawValue() == null ? "" : cell.getRawValue();
        };
    }

    private String number(String raw, Integer formatId, String format) {
        BigDecimal value = new BigDecimal(raw.trim());
        return switch (dateFormat(formatId, format)) {
            case NONE -> number(value);
            case DATE -> dateTime(value, date1904).toLocalDate().format(DateTimeFormatter.ISO_LOCAL_DATE);
            case DATE_TIME -> dateTime(value, date1904).atZone(DomainRules.ZONE).toOffsetDateTime()
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        };
    }

    /** The shortest decimal text of a spreadsheet number, to 15 significant digits. */
    static String number(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        return value.round(SPREADSHEET_DIGITS).stripTrailingZeros().toPlainString();
    }

    /**
     * A spreadsheet's date serial as a wall-clock date-time, to the millisecond: days since 1899-12-30
     * (Excel's 1900 system, which counts a 29 February 1900 that never was; serials before 1 March 1900
     * count from 1899-12-31) or since 1904-01-01 (the 1904 system).
     */
    static LocalDateTime dateTime(BigDecimal serial, boolean date1904) {
        BigDecimal days = serial.setScale(0, RoundingMode.FLOOR);
        long millis = serial.subtract(days).multiply(BigDecimal.valueOf(MILLIS_PER_DAY)).setScale(0, RoundingMode.HALF_UP).longValueExact();
        LocalDate epoch = date1904 ? LocalDate.of(1904, 1, 1)
                : serial.compareTo(BigDecimal.valueOf(61)) < 0 ? LocalDate.of(1899, 12, 31) : LocalDate.of(1899, 12, 30);
        return epoch.atStartOfDay().plusDays(days.longValueExact()).plusNanos(millis * 1_000_000L);
    }

    enum DateFormat { NONE, DATE, DATE_TIME }

    /**
     * Whether a number format shows a date, a date and time, or neither: Excel's built-in date formats
     * by id (14 to 22, 27 to 36, 45 to 47, 50 to 58), others by their codes (y, d, h, s outside quotes,
     * escapes and brackets; the first section only).
     */
    static DateFormat dateFormat(Integer id, String format) {
        if (id != null && id < 164) {
            if (id >= 14 && id <= 17 || id >= 27 && id <= 31 || id >= 34 && id <= 36 || id >= 50 && id <= 58) {
                return DateFormat.DATE;
            }
            if (id >= 18 && id <= 22 || id == 32 || id == 33 || id >= 45 && id <= 47) {
                return DateFormat.DATE_TIME;
            }
            if (format == null) {
                return DateFormat.NONE;
            }
        }
        if (format == null) {
            return DateFormat.NONE;
        }
        StringBuilder codes = new StringBuilder();
        boolean quoted = false;
        boolean bracket = false;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (quoted) {
                quoted = c != '"';
            } else if (bracket) {
                bracket = c != ']';
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                bracket = true;
            } else if (c == '\\' || c == '_' || c == '*') {
                i++;
            } else if (c == ';') {
                break;
            } else {
                codes.append(Character.toLowerCase(c));
            }
        }
        String s = codes.toString();
        boolean date = s.indexOf('y') >= 0 || s.indexOf('d') >= 0;
        boolean time = s.indexOf('h') >= 0 || s.indexOf('s') >= 0;
        if (time) {
            return DateFormat.DATE_TIME;
        }
        return date ? DateFormat.DATE : DateFormat.NONE;
    }

    private static boolean isNumber(String raw) {
        return raw.trim().matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    }
}
