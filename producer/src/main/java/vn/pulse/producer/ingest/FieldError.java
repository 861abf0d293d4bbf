package vn.pulse.producer.ingest;

/**
 * One thing wrong with a submitted event: where ({@code $[2].tons} in a JSON batch, the column name
 * in a CSV line) and why.
 */
public record FieldError(String path, String reason) {

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
