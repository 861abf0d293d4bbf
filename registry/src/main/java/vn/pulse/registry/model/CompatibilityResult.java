package vn.pulse.registry.model;

import java.util.List;

/**
 * The answer to a compatibility check.
 *
 * @param compatible whether the schema may be registered
 * @param messages   why not, one line per problem found (empty when compatible)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }

    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}
