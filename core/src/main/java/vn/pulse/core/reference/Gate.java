package vn.pulse.core.reference;

import java.util.Objects;

/**
 * A border gate, as a data set lists it ({@code gates.csv}, see {@code docs/geography.md}).
 *
 * @param code         stable code, part of keys and URLs (e.g. {@code GATE_A}); never renamed
 * @param name         official name in Vietnamese
 * @param nameAscii    the name without diacritics, for logs and identifiers
 * @param kind         class of the gate
 * @param districtCode code of the unit it lies in (a district or a commune of its data set)
 * @param open         whether goods were cleared through it in the modelled period
 */
public record Gate(String code, String name, String nameAscii, Kind kind, String districtCode, boolean open) {

    /** Class of a border gate under Vietnamese law. */
    public enum Kind {
        INTERNATIONAL_ROAD, INTERNATIONAL_RAIL, MAIN, BILATERAL
    }

    public Gate {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(districtCode, "districtCode");
    }
}
