package vn.pulse.core.reference;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import vn.pulse.core.geography.Geography;

/**
 * The border gates Pulse knows: those of the {@linkplain Geography#selected() selected data set}
 * ({@code gates.csv}). The Streams app validates gate events against this list (an unknown code is a
 * dead letter); {@code reference.gates.v1} carries the same data to other consumers.
 */
public final class Gates {

    public static final List<Gate> ALL = Geography.selected().gates();

    private static final Map<String, Gate> BY_CODE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Gate::code, Function.identity()));

    private Gates() {
    }

    public static Optional<Gate> byCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    public static boolean isKnown(String code) {
        return code != null && BY_CODE.containsKey(code);
    }
}
