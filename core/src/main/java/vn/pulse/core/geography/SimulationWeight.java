package vn.pulse.core.geography;

/**
 * How busy a counting unit or a gate is in {@code ./pulse simulate}, relative to the others of its
 * kind: one line of a data set's {@code simulation-weights.csv}.
 *
 * @param code   a counting unit's or a gate's code
 * @param weight a whole number, at least 1
 */
public record SimulationWeight(String code, int weight) {
}
