package vn.pulse.registry.server;

import java.util.Locale;

/**
 * What a registry user may do. Each role includes the ones before it: {@code admin} can do everything a
 * {@code write} user can, who can do everything a {@code read} user can.
 */
public enum RegistryRole {

    /** Every GET, and looking a schema up under a subject ({@code POST /subjects/{subject}}). */
    READ,
    /** Registering schemas ({@code POST /subjects/{subject}/versions}) and compatibility checks ({@code POST /compatibility/...}). */
    WRITE,
    /** Deleting subjects and versions, changing compatibility ({@code PUT/DELETE /config}) and modes ({@code PUT/DELETE /mode}). */
    ADMIN;

    /** Whether a user with this role may do what {@code needed} allows. */
    public boolean includes(RegistryRole needed) {
        return compareTo(needed) >= 0;
    }

    /** The name used in credentials files: {@code read}, {@code write} or {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code read}, {@code write} or {@code admin} (any case).
     *
     * @throws IllegalArgumentException naming the accepted roles
     */
    public static RegistryRole parse(String text) {
        for (RegistryRole role : values()) {
            if (role.label().equalsIgnoreCase(text.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text.trim() + "' (expected read, write or admin)");
    }
}
