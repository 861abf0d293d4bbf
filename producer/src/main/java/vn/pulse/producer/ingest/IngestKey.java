package vn.pulse.producer.ingest;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * One API key's identity and scope (never the key itself).
 *
 * @param name  a label for logs, metrics and answers, e.g. {@code customs-huu-nghi}
 * @param role  what kind of source holds it
 * @param codes     the gate codes (customs) or district codes (site) it may write; {@code *} = all
 * @param expiresAt the instant from which the key is refused, or {@code null} when it does not expire
 */
public record IngestKey(String name, Role role, Set<String> codes, Instant expiresAt) {

    /** Wildcard code: every gate or every district. */
    public static final String ALL = "*";

    public enum Role {
        /** A customs office or gate yard: gate events and checkpoint screenings of its gates. */
        CUSTOMS,
        /** A vaccination site: doses of its districts, and corrections of those doses. */
        SITE,
        /** The provincial health department: vaccine allocations (any district, or the province's stock). */
        HEALTH;

        static Role parse(String s) {
            return Role.valueOf(s.trim().toUpperCase(Locale.ROOT));
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public IngestKey {
        codes = Set.copyOf(codes);
    }

    /** A key that does not expire. */
    public IngestKey(String name, Role role, Set<String> codes) {
        this(name, role, codes, null);
    }

    /** Whether the key is refused at {@code now}: it has an expiry and {@code now} is not before it. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Whether this key may write {@code kind} at all. */
    public boolean mayWrite(IngestKind kind) {
        return switch (kind) {
            case GATE_EVENTS, CHECKPOINT_SCREENINGS -> role == Role.CUSTOMS;
            case VACCINATION_DOSES, DOSE_CORRECTIONS -> role == Role.SITE;
            case VACCINE_ALLOCATIONS -> role == Role.HEALTH;
        };
    }

    /**
     * Why this key may not write {@code event}, or {@code null} if it may. A correction is scoped like
     * a dose, by the district it names (the topology applies it only to a dose of that district).
     */
    public String scopeViolation(ValidatedEvent event) {
        if (!mayWrite(event.kind())) {
            return "key '" + name + "' (" + role.label() + ") may not write " + event.kind().path();
        }
        String code = event.scopeCode();
        if (role == Role.HEALTH || code == null || codes.contains(ALL) || codes.contains(code)) {
            return null;
        }
        String what = role == Role.CUSTOMS ? "gate" : "district";
        return "key '" + name + "' may write only " + what + (codes.size() == 1 ? " " : "s ") + String.join(", ", codes.stream().sorted().toList())
                + ", not " + code;
    }
}
