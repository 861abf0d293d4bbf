package vn.pulse.registry.model;

/**
 * Whether a registry (or one subject) accepts writes. {@code READONLY} refuses registrations and deletes
 * with error 42205; {@code READONLY_OVERRIDE} does too and cannot be overridden per subject;
 * {@code IMPORT} accepts registrations that bring their own id and version (for migrations).
 */
public enum RegistryMode {
    READWRITE,
    READONLY,
    READONLY_OVERRIDE,
    IMPORT;

    /** The mode a registry starts with. */
    public static final RegistryMode DEFAULT = READWRITE;

    /** Whether schemas may be registered or deleted. */
    public boolean writable() {
        return this == READWRITE || this == IMPORT;
    }

    /**
     * Parses a mode name, case-insensitively.
     *
     * @throws SchemaRegistryException with {@link ErrorCode#INVALID_MODE} if it names no mode
     */
    public static RegistryMode parse(String name) {
        if (name != null) {
            for (RegistryMode mode : values()) {
                if (mode.name().equalsIgnoreCase(name.trim())) {
                    return mode;
                }
            }
        }
        throw new SchemaRegistryException(ErrorCode.INVALID_MODE,
                "Invalid mode '" + name + "'. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT");
    }
}
