package vn.pulse.api.table;

/**
 * A data answer that is also a table: the server can send it as CSV or XLSX besides JSON
 * ({@code Accept} or {@code ?format=}, see docs/api.md "Downloads"). The answer says which rows make
 * the table; {@link Table#of} turns them into columns the same way for every answer.
 */
public interface Tabular {

    /** The answer as a table (its rows, named, with the day or range they are of). */
    Table table();
}
