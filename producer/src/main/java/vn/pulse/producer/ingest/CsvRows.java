package vn.pulse.producer.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV as spreadsheet programs write it, read with Apache Commons CSV: an optional UTF-8 byte-order
 * mark, {@code ,} or {@code ;} (or a tab) between fields, whichever the header line uses most
 * (Excel and LibreOffice in a Vietnamese or European locale write {@code ;}), LF or CRLF line ends,
 * fields optionally in double quotes with {@code ""} for a quote inside one, quoted fields holding
 * separators and line breaks. Each row keeps the line it starts on.
 */
final class CsvRows implements TableRows {

    /** How far into the file the header line is looked for when choosing the separator. */
    private static final int HEADER_LOOKAHEAD = 64 * 1024;

    /** What a lenient UTF-8 decoder puts where the bytes are not UTF-8 (see {@link #utf8}). */
    private static final char REPLACEMENT = '\uFFFD';

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final char delimiter;

    CsvRows(Reader input) throws IOException {
        BufferedReader in = new BufferedReader(input, HEADER_LOOKAHEAD);
        try {
            in.mark(1);
            if (in.read() != '\uFEFF') {
                in.reset();
            }
            in.mark(HEADER_LOOKAHEAD);
            delimiter = delimiter(headerLine(in));
            in.reset();
        } catch (CharacterCodingException e) {
            throw notUtf8(1, "near ");
        }
        parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get().parse(in);
        records = parser.iterator();
    }

    /**
     * A file's text, decoded so that bytes that are not UTF-8 surface on the row that holds them (the
     * row is refused, naming its line) rather than wherever the decoder's buffer happened to be.
     */
    static Reader utf8(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    /** A {@code ;} separator is what locales with a decimal comma write. */
    @Override
    public boolean decimalComma() {
        return delimiter == ';';
    }

    @Override
    public String unit() {
        return "line";
    }

    @Override
    public Row next() throws IOException {
        while (true) {
            // Blank lines are records too (empty lines are not ignored), so the line count before a record
            // is exactly the line it starts on, less one.
            long line = parser.getCurrentLineNumber() + 1;
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                record = records.next();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CharacterCodingException) {
                    throw notUtf8(line, "near ");
                }
                throw new IllegalArgumentException("line " + line + ": " + e.getCause().getMessage(), e);
            }
            List<String> cells = record.toList();
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue;
            }
            if (cells.stream().anyMatch(c -> c.indexOf(REPLACEMENT) >= 0)) {
                throw notUtf8(line);
            }
            return new Row(line, cells);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** The first line's text; column names hold neither separators nor line breaks, so quotes need no care here. */
    private static String headerLine(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while (line.length() < HEADER_LOOKAHEAD - 1 && (c = in.read()) != -1 && c != '\n' && c != '\r') {
            line.append((char) c);
        }
        return line.toString();
    }

    /** The separator the header line uses most; a comma when it uses none (a one-column file). */
    static char delimiter(String header) {
        long commas = header.chars().filter(c -> c == ',').count();
        long semicolons = header.chars().filter(c -> c == ';').count();
        long tabs = header.chars().filter(c -> c == '\t').count();
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    private static IllegalArgumentException notUtf8(long line) {
        return notUtf8(line, "");
    }

    /** {@code near}: a strict decoder reads ahead, so the line it fails on is only roughly where the bytes are. */
    private static IllegalArgumentException notUtf8(long line, String near) {
        return new IllegalArgumentException(near + "line " + line + ": not UTF-8 text. Save it as \"CSV UTF-8 (Comma delimited)\" in Excel,"
                + " or with the character set \"Unicode (UTF-8)\" in LibreOffice, or import the .xlsx file itself");
    }
}
