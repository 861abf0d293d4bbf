package vn.pulse.producer.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV (RFC 4180: comma-separated, fields optionally in double quotes, {@code ""} for a quote
 * inside one, quoted fields may span lines) one record at a time, remembering the line each record
 * starts on so errors can name it.
 */
final class CsvReader {

    /** One record and the (1-based) line it starts on. */
    record Row(long line, List<String> cells) {
    }

    private final Reader in;
    private long line = 1;
    private int pushedBack = -2;

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The next record, or null at the end of the input. Blank lines are skipped. */
    Row next() throws IOException {
        while (true) {
            long start = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            int c;
            while ((c = read()) != -1) {
                any = true;
                if (quoted) {
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            unread(d);
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append((char) c);
                    }
                } else if (c == '"' && cell.length() == 0) {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\r') {
                    int d = read();
                    if (d != '\n') {
                        unread(d);
                    }
                    line++;
                    break;
                } else if (c == '\n') {
                    line++;
                    break;
                } else {
                    cell.append((char) c);
                }
            }
            if (!any) {
                return null;
            }
            cells.add(cell.toString());
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue;
            }
            return new Row(start, cells);
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
