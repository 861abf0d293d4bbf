package vn.pulse.core.reference;

import java.util.Objects;

/**
 * A border gate of Lạng Sơn province.
 *
 * @param code         stable code, part of keys and URLs (e.g. {@code HUU_NGHI}); never renamed
 * @param name         official name in Vietnamese
 * @param nameAscii    the name without diacritics, for logs and identifiers
 * @param kind         class of the gate
 * @param districtCode official code of the district-level unit it lies in (see {@link Districts})
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
        if (!Districts.isKnown(districtCode)) {
            throw new IllegalArgumentException("gate " + code + ": unknown district code " + districtCode);
        }
    }
}
