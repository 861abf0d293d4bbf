package vn.pulse.core.reference;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;

/**
 * The units doses are counted in: the counting units (those without units below them) of the
 * {@linkplain Geography#selected() selected data set}. In the default data set, {@code langson-2021},
 * these are Lạng Sơn's 11 district-level units with their GSO codes; in {@code langson-2025}, the
 * former districts (for history) and the communes and wards.
 */
public final class Districts {

    public static final List<District> ALL = of(Geography.selected());

    private static final Map<String, District> BY_CODE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(District::code, Function.identity()));

    private Districts() {
    }

    /** The counting units of {@code dataSet}, in file order. */
    public static List<District> of(GeoDataSet dataSet) {
        return dataSet.countingUnits().stream().map(Districts::district).toList();
    }

    static District district(AdminUnit unit) {
        return new District(unit.code(), unit.name(), unit.nameAscii());
    }

    public static Optional<District> byCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    public static boolean isKnown(String code) {
        return code != null && BY_CODE.containsKey(code);
    }
}
