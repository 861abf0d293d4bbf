package vn.pulse.core.geography;

import java.time.LocalDate;
import java.util.List;

/**
 * One administrative unit of a {@link GeoDataSet}: a country, a province, a district or a commune.
 *
 * @param code       the unit's code, unique in its data set (GSO codes in the shipped sets)
 * @param parentCode the code of the unit it lies in; {@code null} for the country
 * @param level      its level in the hierarchy
 * @param name       official name, with diacritics
 * @param nameAscii  the name without diacritics, for logs and identifiers
 * @param validFrom  first day the unit exists; {@code null} if it existed before any data
 * @param validTo    last day the unit exists; {@code null} if it still exists
 * @param replaces   the codes of the units it replaced (each ended before it started), e.g. the district
 *                   a commune was carved from; empty when it replaced none
 */
public record AdminUnit(String code, String parentCode, Level level, String name, String nameAscii,
                        LocalDate validFrom, LocalDate validTo, List<String> replaces) {

    public AdminUnit {
        replaces = replaces == null ? List.of() : List.copyOf(replaces);
    }

    /** A unit that replaced none. */
    public AdminUnit(String code, String parentCode, Level level, String name, String nameAscii, LocalDate validFrom, LocalDate validTo) {
        this(code, parentCode, level, name, nameAscii, validFrom, validTo, List.of());
    }

    /** Levels of the hierarchy, from the top. A unit lies in a unit of a higher level. */
    public enum Level {
        COUNTRY, PROVINCE, DISTRICT, COMMUNE;

        /** The level as written in the files: lower case. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the unit exists on {@code day}. */
    public boolean validOn(LocalDate day) {
        return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
    }

    /** Whether this unit's validity and {@code other}'s share at least one day. */
    public boolean overlaps(AdminUnit other) {
        boolean endsBefore = validTo != null && other.validFrom != null && validTo.isBefore(other.validFrom);
        boolean startsAfter = validFrom != null && other.validTo != null && validFrom.isAfter(other.validTo);
        return !endsBefore && !startsAfter;
    }
}
