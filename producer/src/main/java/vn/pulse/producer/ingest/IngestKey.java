package vn.pulse.producer.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;

/**
 * One API key's identity and scope (never the key itself).
 *
 * @param name  a label for logs, metrics and answers, e.g. {@code customs-gate-a}
 * @param role  what kind of source holds it
 * @param codes     the gate codes (customs) or unit codes (site) it may write; {@code *} = all. A unit's code
 *                  covers the units in it and those that replaced it ({@link GeoDataSet#covers})
 * @param expiresAt the instant from which the key is refused, or {@code null} when it does not expire
 */
public record IngestKey(String name, Role role, Set<String> codes, Instant expiresAt) {

    /** Wildcard code: every gate or every district. */
    public static final String ALL = "*";

    public enum Role {
        /** A customs office or gate yard: gate events and checkpoint screenings of its gates. */
        CUSTOMS,
        /** A vaccination site: doses of its units (and of the units in them or that replaced them), and corrections of those doses. */
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
     * a dose, by the district it names (the topology applies it only to a dose of that district). A site
     * key's unit covers the units in it and those that replaced it (in the {@linkplain Geography#selected()
     * selected} data set).
     */
    public String scopeViolation(ValidatedEvent event) {
        return scopeViolation(event, Geography.selected());
    }

    /** Why this key may not write {@code event} in {@code geography}, or {@code null} if it may. */
    public String scopeViolation(ValidatedEvent event, GeoDataSet geography) {
        if (!mayWrite(event.kind())) {
            return "key '" + name + "' (" + role.label() + ") may not write " + event.kind().path();
        }
        String code = event.scopeCode();
        if (role == Role.HEALTH || code == null || codes.contains(ALL) || codes.contains(code)) {
            return null;
        }
        List<String> sorted = codes.stream().sorted().toList();
        if (role == Role.CUSTOMS) {
            return "key '" + name + "' may write only gate" + (codes.size() == 1 ? " " : "s ") + String.join(", ", sorted) + ", not " + code;
        }
        if (codes.stream().anyMatch(scope -> geography.covers(scope, code))) {
            return null;
        }
        return "key '" + name + "' may write only unit" + (codes.size() == 1 ? " " : "s ") + String.join(", ", sorted)
                + (codes.size() == 1 ? " (and the units in it or that replaced it)" : " (and the units in them or that replaced them)")
                + ", not " + code;
    }
}
