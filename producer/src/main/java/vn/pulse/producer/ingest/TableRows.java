package vn.pulse.producer.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A table read one row at a time: a CSV file ({@link CsvRows}) or a workbook's first sheet
 * ({@link XlsxRows}). Every cell is text, as the ingest API's CSV form expects it; blank rows are
 * skipped.
 */
interface TableRows extends Closeable {

    /** One row's cells and the number a person finds it by: its line in a text file, its row in a sheet. */
    record Row(long number, List<String> cells) {
    }

    /** What {@link Row#number()} counts, for messages: "line" or "row". */
    String unit();

    /** Whether decimals are written with a comma ({@code 24,5}): {@code ;}-separated CSV. */
    default boolean decimalComma() {
        return false;
    }

    /** The next non-blank row, or null at the end. */
    Row next() throws IOException;
}
