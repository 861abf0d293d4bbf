package vn.pulse.core.reference;

/**
 * A unit doses are counted in: a district or a commune of the selected data set.
 *
 * @param code       its code in the data set (official GSO codes in the shipped data sets)
 * @param name       official name in Vietnamese
 * @param nameAscii  the name without diacritics, for logs and identifiers
 */
public record District(String code, String name, String nameAscii) {
}
