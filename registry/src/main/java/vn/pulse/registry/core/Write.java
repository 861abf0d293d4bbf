package vn.pulse.registry.core;

import java.util.List;

/**
 * What a write decided: the records to persist (possibly none) and the answer to give once they are.
 *
 * @param <T> the answer's type
 */
public record Write<T>(List<StoreRecord> records, T result) {

    public Write {
        records = List.copyOf(records);
    }

    /** Nothing to persist; answer straight away. */
    public static <T> Write<T> none(T result) {
        return new Write<>(List.of(), result);
    }

    public static <T> Write<T> of(T result, List<StoreRecord> records) {
        return new Write<>(records, result);
    }

    public static <T> Write<T> of(T result, StoreRecord record) {
        return new Write<>(List.of(record), result);
    }
}
