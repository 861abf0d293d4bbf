package vn.pulse.core.reference;

import java.util.AbstractList;
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
 * {@linkplain Geography#selected() selected data set}, in file order. In the default data set,
 * {@code langson-2021}, these are the province's 11 district-level units with their GSO codes; in
 * {@code langson-2025}, the former districts (for history) and the communes and wards.
 */
public final class Districts {

    /** The counting units of the selected data set (a view: it follows {@link Geography#select}). */
    public static final List<District> ALL = new AbstractList<>() {
        @Override
        public District get(int index) {
            return current().all().get(index);
        }

        @Override
        public int size() {
            return current().all().size();
        }
    };

    private record Snapshot(GeoDataSet dataSet, List<District> all, Map<String, District> byCode) {
    }

    private static volatile Snapshot snapshot;

    private Districts() {
    }

    private static Snapshot current() {
        GeoDataSet selected = Geography.selected();
        Snapshot s = snapshot;
        if (s == null || s.dataSet() != selected) {
            List<District> all = of(selected);
            s = new Snapshot(selected, all, all.stream().collect(Collectors.toUnmodifiableMap(District::code, Function.identity())));
            snapshot = s;
        }
        return s;
    }

    /** The counting units of {@code dataSet}, in file order. */
    public static List<District> of(GeoDataSet dataSet) {
        return dataSet.countingUnits().stream().map(Districts::district).toList();
    }

    static District district(AdminUnit unit) {
        return new District(unit.code(), unit.name(), unit.nameAscii());
    }

    public static Optional<District> byCode(String code) {
        return Optional.ofNullable(code == null ? null : current().byCode().get(code));
    }

    public static boolean isKnown(String code) {
        return code != null && current().byCode().containsKey(code);
    }
}
