package vn.pulse.registry.core;

import vn.pulse.registry.model.ErrorCode;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * A version as a URL names it: a number from 1, or {@code latest} (also written {@code -1}).
 *
 * @param number the version number, or {@link #LATEST_NUMBER} for the latest
 */
public record VersionSpec(int number) {

    public static final int LATEST_NUMBER = -1;
    public static final VersionSpec LATEST = new VersionSpec(LATEST_NUMBER);

    public boolean isLatest() {
        return number == LATEST_NUMBER;
    }

    /**
     * Parses {@code latest}, {@code -1} or a positive number.
     *
     * @throws SchemaRegistryException 42202 otherwise
     */
    public static VersionSpec parse(String text) {
        if ("latest".equalsIgnoreCase(text)) {
            return LATEST;
        }
        try {
            int n = Integer.parseInt(text);
            if (n == LATEST_NUMBER || n >= 1) {
                return new VersionSpec(n);
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw new SchemaRegistryException(ErrorCode.INVALID_VERSION, "The specified version '" + text
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    @Override
    public String toString() {
        return isLatest() ? "latest" : Integer.toString(number);
    }
}
