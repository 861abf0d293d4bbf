package vn.pulse.registry.model;

import java.util.Locale;

/**
 * How a new schema version must relate to earlier ones. "Backward" means the new schema can read data
 * written with the earlier ones; "forward" that earlier schemas can read data written with the new one;
 * "full" both. Non-transitive levels compare with the latest version only, transitive ones with all.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The level a registry starts with, as Confluent's. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must read data written with the earlier ones. */
    public boolean backward() {
        return backward;
    }

    /** The earlier schemas must read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Checked against every earlier version rather than the latest only. */
    public boolean transitive() {
        return transitive;
    }

    /**
     * Parses a level name, case-insensitively.
     *
     * @throws SchemaRegistryException with {@link ErrorCode#INVALID_COMPATIBILITY_LEVEL} if it names no level
     */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            for (CompatibilityLevel level : values()) {
                if (level.name().equalsIgnoreCase(name.trim())) {
                    return level;
                }
            }
        }
        throw new SchemaRegistryException(ErrorCode.INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level '" + name + "'. Valid values are none, backward, forward, full, "
                        + "backward_transitive, forward_transitive, and full_transitive");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
