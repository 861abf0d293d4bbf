package vn.pulse.producer.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;

/**
 * {@code ./pulse import FILE --kind ...}: reads a CSV file or an Excel workbook (.xlsx, its first
 * sheet), validates every row with the gateway's validator, writes the good ones with the gateway's
 * writer, and reports each bad row with its line (CSV) or row (sheet) number and reasons.
 *
 * <p>The first row names the columns (the JSON field names: {@code eventId,gateCode,...}); empty
 * cells are absent fields. What spreadsheet programs write is accepted as they write it: see
 * {@link CsvRows} (byte-order mark, {@code ;} separator, CRLF, quoted multi-line fields) and
 * {@link XlsxRows} (typed cells: numbers, dates, date-times, booleans, text), then turned into the
 * API's forms where a spreadsheet writes its own ({@link SpreadsheetCells}: date-times without an
 * offset, decimal commas, Vietnamese booleans).
 *
 * <p>Idempotent: an event's id comes from its id column; when the column is absent or the cell empty,
 * the id is derived from the row's content (SHA-256 of the kind and the cells), so importing the same
 * file twice writes the same ids and the topology counts each once. Two identical rows are therefore
 * one event.
 */
public final class SpreadsheetImport {

    /** Events sent to Kafka together (and waited for) while importing. */
    static final int CHUNK = 2_000;

    /** What an import did: rows read (the header and blank rows not counted), written, invalid, not written. */
    public record Report(long lines, long written, long invalid, long notWritten) {
        public boolean ok() {
            return invalid == 0 && notWritten == 0;
        }
    }

    private final EventValidator validator;
    private final Function<List<ValidatedEvent>, List<EventWriter.Outcome>> writer;
    private final PrintWriter out;
    private final PrintWriter progress;
    private final long progressEveryNanos;

    /**
     * @param writer   writes a chunk and reports each event's outcome ({@link EventWriter#write})
     * @param out      where bad rows and the summary go
     * @param progress where progress lines go (every {@code progressEveryNanos})
     */
    public SpreadsheetImport(EventValidator validator, Function<List<ValidatedEvent>, List<EventWriter.Outcome>> writer, PrintWriter out,
                     PrintWriter progress, long progressEveryNanos) {
        this.validator = validator;
        this.writer = writer;
        this.out = out;
        this.progress = progress;
        this.progressEveryNanos = progressEveryNanos;
    }

    /** The id field of each kind: the one derived from the row's content when empty. */
    static String idField(IngestKind kind) {
        return switch (kind) {
            case DOSE_CORRECTIONS -> "correctionId";
            case VACCINE_ALLOCATIONS -> "allocationId";
            default -> "eventId";
        };
    }

    /** Imports CSV text (see {@link CsvRows} for the dialects). */
    public Report run(IngestKind kind, Reader input) throws IOException {
        try (TableRows rows = new CsvRows(input)) {
            return run(kind, rows);
        }
    }

    /**
     * Imports a file: an Excel workbook (.xlsx) when it is one (by its content, whatever its name),
     * CSV in UTF-8 otherwise.
     */
    public Report run(IngestKind kind, Path file) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n == head.length && ReadableWorkbook.isOLE2Header(head)) {
            throw new IllegalArgumentException("an Excel 97-2003 workbook (.xls) or a password-protected one;"
                    + " save it as an Excel Workbook (.xlsx) without a password, or as CSV UTF-8");
        }
        if (n == head.length && ReadableWorkbook.isOOXMLZipHeader(head)) {
            try (TableRows rows = new XlsxRows(file.toFile())) {
                return run(kind, rows);
            } catch (ExcelReaderException e) {
                throw new IllegalArgumentException("not a readable Excel workbook: " + e.getMessage(), e);
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return run(kind, CsvRows.utf8(in));
        }
    }

    Report run(IngestKind kind, TableRows rows) throws IOException {
        String unit = rows.unit();
        TableRows.Row header = rows.next();
        if (header == null) {
            throw new IllegalArgumentException("the file is empty: the first " + unit + " must name the columns ("
                    + String.join(",", EventValidator.fieldNames(kind)) + ")");
        }
        List<String> columns = header.cells().stream().map(String::trim).toList();
        Set<String> known = new LinkedHashSet<>(EventValidator.fieldNames(kind));
        List<String> unknown = columns.stream().filter(c -> !known.contains(c)).toList();
        if (!unknown.isEmpty() || new LinkedHashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException(unit + " " + header.number() + ": the header must name each column once, from "
                    + String.join(",", known) + (unknown.isEmpty() ? "" : "; unknown: " + String.join(",", unknown)));
        }
        String idField = idField(kind);
        long started = System.nanoTime();
        long lastProgress = started;
        long lines = 0;
        long written = 0;
        long invalid = 0;
        long notWritten = 0;
        List<ValidatedEvent> chunk = new ArrayList<>(CHUNK);
        List<String> chunkRows = new ArrayList<>(CHUNK);
        TableRows.Row row;
        while ((row = rows.next()) != null) {
            lines++;
            String where = unit + " " + row.number();
            if (row.cells().size() != columns.size()) {
                out.println(where + ": has " + row.cells().size() + " cells, the header " + columns.size());
                invalid++;
                continue;
            }
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < columns.size(); i++) {
                String cell = row.cells().get(i).trim();
                if (!cell.isEmpty()) {
                    node.put(columns.get(i), SpreadsheetCells.apiForm(columns.get(i), cell, rows.decimalComma()));
                }
            }
            if (!node.has(idField)) {
                node.put(idField, derivedId(kind, row.cells()));
            }
            EventValidator.Result result = validator.validate(kind, node, where, true);
            if (!result.valid()) {
                out.println(where + ": " + result.errors().stream()
                        .map(e -> e.path().substring(where.length() + 1) + " " + e.reason())
                        .collect(Collectors.joining("; ")));
                invalid++;
                continue;
            }
            chunk.add(result.event());
            chunkRows.add(where);
            if (chunk.size() == CHUNK) {
                long[] counts = flush(chunk, chunkRows);
                written += counts[0];
                notWritten += counts[1];
            }
            long now = System.nanoTime();
            if (now - lastProgress >= progressEveryNanos) {
                lastProgress = now;
                progress.printf("... %d %ss, %d written, %d invalid (%.0f %ss/s)%n", lines, unit, written, invalid,
                        lines / Math.max((now - started) / 1e9, 1e-3), unit);
                progress.flush();
            }
        }
        long[] counts = flush(chunk, chunkRows);
        written += counts[0];
        notWritten += counts[1];
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("%d %ss: %d written, %d invalid, %d not written (%.1f s, %.0f %ss/s)%n", lines, unit, written, invalid, notWritten,
                seconds, lines / Math.max(seconds, 1e-3), unit);
        out.flush();
        return new Report(lines, written, invalid, notWritten);
    }

    /** Writes a chunk; returns {written, not written} and reports each row Kafka did not acknowledge. */
    private long[] flush(List<ValidatedEvent> chunk, List<String> chunkRows) {
        if (chunk.isEmpty()) {
            return new long[] {0, 0};
        }
        List<EventWriter.Outcome> outcomes = writer.apply(List.copyOf(chunk));
        long written = 0;
        long failed = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).written()) {
                written++;
            } else {
                failed++;
                out.println(chunkRows.get(i) + ": not written (" + outcomes.get(i).error() + "); import the file again");
            }
        }
        chunk.clear();
        chunkRows.clear();
        return new long[] {written, failed};
    }

    /** {@code csv-} and 32 hex digits of SHA-256 over the kind and the row's cells as text. */
    static String derivedId(IngestKind kind, List<String> cells) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(kind.path().getBytes(StandardCharsets.UTF_8));
            for (String cell : cells) {
                sha.update((byte) 0);
                sha.update(cell.trim().getBytes(StandardCharsets.UTF_8));
            }
            return "csv-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
