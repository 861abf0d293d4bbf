package vn.pulse.core.reference;

import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;

/**
 * The border gates Pulse knows: those of the {@linkplain Geography#selected() selected data set}
 * ({@code gates.csv}). The Streams app validates gate events against this list (an unknown code is a
 * dead letter); {@code reference.gates.v1} carries the same data to other consumers.
 */
public final class Gates {

    /** The gates of the selected data set (a view: it follows {@link Geography#select}). */
    public static final List<Gate> ALL = new AbstractList<>() {
        @Override
        public Gate get(int index) {
            return current().dataSet().gates().get(index);
        }

        @Override
        public int size() {
            return current().dataSet().gates().size();
        }
    };

    private record Snapshot(GeoDataSet dataSet, Map<String, Gate> byCode) {
    }

    private static volatile Snapshot snapshot;

    private Gates() {
    }

    private static Snapshot current() {
        GeoDataSet selected = Geography.selected();
        Snapshot s = snapshot;
        if (s == null || s.dataSet() != selected) {
            s = new Snapshot(selected, selected.gates().stream().collect(Collectors.toUnmodifiableMap(Gate::code, Function.identity())));
            snapshot = s;
        }
        return s;
    }

    public static Optional<Gate> byCode(String code) {
        return Optional.ofNullable(code == null ? null : current().byCode().get(code));
    }

    public static boolean isKnown(String code) {
        return code != null && current().byCode().containsKey(code);
    }
}
