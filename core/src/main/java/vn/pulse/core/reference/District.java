package vn.pulse.core.reference;

/**
 * A district-level unit of Lạng Sơn province.
 *
 * @param code       official administrative code (General Statistics Office of Vietnam)
 * @param name       official name in Vietnamese
 * @param nameAscii  the name without diacritics, for logs and identifiers
 */
public record District(String code, String name, String nameAscii) {
}
