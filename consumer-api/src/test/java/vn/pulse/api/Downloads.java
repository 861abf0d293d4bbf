package vn.pulse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import vn.pulse.core.contract.DomainRules;

/**
 * Test support for the downloads: fetches a data route as JSON, CSV and XLSX from a real server and
 * checks that the CSV (parsed with commons-csv) and the XLSX (read with fastexcel-reader) hold exactly
 * the JSON's rows, every cell typed: numbers as numbers, dates as dates.
 */
public final class Downloads {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private Downloads() {
    }

    /** A table as read back from a download: the header and the rows of cells (CSV: strings; XLSX: typed values). */
    public record Sheet(List<String> header, List<List<Object>> rows, String fileName) {
    }

    /**
     * Fetches {@code path} as JSON, CSV ({@code Accept}) and XLSX ({@code ?format=xlsx}) and checks the
     * downloads against the JSON's rows at {@code rowsAt} (a member holding an array or an object, or
     * "" for the whole answer as one row); returns the XLSX as read back.
     */
    public static Sheet assertSameAsJson(int port, String path, String rowsAt) throws Exception {
        JsonNode json = JSON.readTree(get(port, path, "application/json").body());
        JsonNode rowsNode = rowsAt.isEmpty() ? json : json.get(rowsAt);
        List<JsonNode> rows = new ArrayList<>();
        if (rowsNode.isArray()) {
            rowsNode.forEach(rows::add);
        } else {
            rows.add(rowsNode);
        }

        Sheet csv = csv(port, path);
        Sheet xlsx = xlsx(port, path);
        assertThat(xlsx.header()).as("XLSX header of " + path).isEqualTo(csv.header());
        assertThat(csv.rows()).as("CSV rows of " + path).hasSize(rows.size());
        assertThat(xlsx.rows()).as("XLSX rows of " + path).hasSize(rows.size());
        assertThat(csv.header()).as("columns of " + path).isNotEmpty();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < csv.header().size(); c++) {
                String column = csv.header().get(c);
                JsonNode expected = at(rows.get(r), column);
                String where = path + " row " + r + " column " + column;
                assertCsvCell((String) csv.rows().get(r).get(c), expected, where);
                assertXlsxCell(xlsx.rows().get(r).get(c), expected, where);
            }
        }
        return xlsx;
    }

    /** The JSON value a column stands for: its dotted path, {@code x.count} being the size of the array {@code x}. */
    static JsonNode at(JsonNode row, String column) {
        JsonNode node = row;
        List<String> names = Arrays.asList(column.split("\\."));
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (i == names.size() - 1 && name.equals("count") && node.isArray()) {
                return JSON.getNodeFactory().numberNode(node.size());
            }
            assertThat(node.has(name)).as("column " + column + " in " + row).isTrue();
            node = node.get(name);
        }
        return node;
    }

    private static void assertCsvCell(String cell, JsonNode expected, String where) {
        if (expected.isNull()) {
            assertThat(cell).as(where).isEmpty();
        } else if (expected.isNumber()) {
            assertThat(new BigDecimal(cell)).as(where).isEqualByComparingTo(expected.decimalValue());
            assertThat(cell).as(where + ": a plain number").matches("-?[0-9]+(\\.[0-9]+)?");
        } else {
            assertThat(cell).as(where).isEqualTo(expected.asText());
        }
    }

    private static void assertXlsxCell(Object cell, JsonNode expected, String where) {
        if (expected.isNull()) {
            assertThat(cell).as(where).isNull();
        } else if (expected.isNumber()) {
            assertThat(cell).as(where + ": a number cell").isInstanceOf(BigDecimal.class);
            assertThat((BigDecimal) cell).as(where).isEqualByComparingTo(expected.decimalValue());
        } else if (expected.isBoolean()) {
            assertThat(cell).as(where).isEqualTo(expected.asBoolean());
        } else {
            String text = expected.asText();
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                assertThat(cell).as(where + ": a date cell").isEqualTo(LocalDate.parse(text).atStartOfDay());
            } else if (text.matches("\\d{4}-\\d{2}")) {
                assertThat(cell).as(where + ": a month as a date cell").isEqualTo(YearMonth.parse(text).atDay(1).atStartOfDay());
            } else if (text.matches("\\d{4}-\\d{2}-\\d{2}T.*Z")) {
                assertThat(cell).as(where + ": a local date-time cell")
                        .isEqualTo(LocalDateTime.ofInstant(Instant.parse(text), DomainRules.ZONE));
            } else {
                assertThat(cell).as(where).isEqualTo(text);
            }
        }
    }

    public static Sheet csv(int port, String path) throws Exception {
        HttpResponse<byte[]> response = getBytes(port, path, "text/csv");
        assertThat(response.statusCode()).as(path + " as CSV").isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        byte[] body = response.body();
        assertThat(Arrays.copyOf(body, 3)).as("UTF-8 byte-order mark").containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        assertThat(text).as("CRLF line ends").contains("\r\n").doesNotContain("\n\n");
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(CSVFormat.RFC4180).get()) {
            List<CSVRecord> records = parser.getRecords();
            List<String> header = records.get(0).toList();
            List<List<Object>> rows = new ArrayList<>();
            for (CSVRecord record : records.subList(1, records.size())) {
                assertThat(record.size()).as("cells of a row of " + path).isEqualTo(header.size());
                rows.add(new ArrayList<>(record.toList()));
            }
            return new Sheet(header, rows, fileName(response));
        }
    }

    public static Sheet xlsx(int port, String path) throws Exception {
        String withFormat = path + (path.contains("?") ? "&" : "?") + "format=xlsx";
        HttpResponse<byte[]> response = getBytes(port, withFormat, "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(response.statusCode()).as(withFormat).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(XLSX);
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(response.body()), new ReadingOptions(true, false))) {
            List<Row> read = workbook.getFirstSheet().read();
            List<String> header = new ArrayList<>();
            for (Cell cell : read.get(0)) {
                header.add(cell.asString());
            }
            List<List<Object>> rows = new ArrayList<>();
            for (Row row : read.subList(1, read.size())) {
                List<Object> cells = new ArrayList<>();
                for (int c = 0; c < header.size(); c++) {
                    cells.add(value(row.getOptionalCell(c).orElse(null)));
                }
                rows.add(cells);
            }
            return new Sheet(header, rows, fileName(response));
        }
    }

    /** A cell as its type says: null (empty), BigDecimal, LocalDateTime (a number with a date format), Boolean or String. */
    private static Object value(Cell cell) {
        if (cell == null || cell.getType() == CellType.EMPTY) {
            return null;
        }
        if (cell.getType() == CellType.NUMBER) {
            String format = cell.getDataFormatString();
            return format != null && format.contains("yy") ? cell.asDate() : cell.asNumber();
        }
        if (cell.getType() == CellType.BOOLEAN) {
            return cell.asBoolean();
        }
        return cell.asString();
    }

    private static String fileName(HttpResponse<?> response) {
        String disposition = response.headers().firstValue("Content-Disposition").orElseThrow();
        assertThat(disposition).startsWith("attachment; filename=\"");
        return disposition.substring("attachment; filename=\"".length(), disposition.length() - 1);
    }

    public static HttpResponse<String> get(int port, String path, String accept) throws IOException, InterruptedException {
        return HTTP.send(request(port, path, accept), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> getBytes(int port, String path, String accept) throws IOException, InterruptedException {
        return HTTP.send(request(port, path, accept), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest request(int port, String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return request.build();
    }
}
