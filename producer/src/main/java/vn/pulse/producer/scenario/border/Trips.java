package vn.pulse.producer.scenario.border;

import java.util.Arrays;

/**
 * Every vehicle trip of the scenario, column by column (a year holds hundreds of thousands of trips,
 * so no object per trip): the gate, when it arrived, when it crossed or left, what it carried and its
 * declared value. Filled by {@link YardSimulation}; values are set by {@link #assignValues}.
 */
final class Trips {

    static final byte NO_EXIT = 0;
    static final byte CROSSED = 1;
    static final byte LEFT = 2;
    static final byte EXPORT = 0;
    static final byte IMPORT = 1;

    private int size;
    int[] gate = new int[1024];
    long[] arrivedAt = new long[1024];
    long[] exitAt = new long[1024];
    byte[] exitKind = new byte[1024];
    byte[] direction = new byte[1024];
    byte[] cargo = new byte[1024];
    boolean[] greenLane = new boolean[1024];
    int[] kilograms = new int[1024];
    double[] weight = new double[1024];
    long[] cents = new long[1024];

    int size() {
        return size;
    }

    /** Adds a trip that has arrived and not yet left; returns its index. */
    int add(int gateIndex, long arrived, byte dir, byte cargoOrdinal, boolean green, int kg, double valueWeight) {
        if (size == gate.length) {
            grow();
        }
        int i = size++;
        gate[i] = gateIndex;
        arrivedAt[i] = arrived;
        exitKind[i] = NO_EXIT;
        direction[i] = dir;
        cargo[i] = cargoOrdinal;
        greenLane[i] = green;
        kilograms[i] = kg;
        weight[i] = valueWeight;
        return i;
    }

    void exit(int i, byte kind, long at) {
        exitKind[i] = kind;
        exitAt[i] = at;
    }

    boolean exited(int i) {
        return exitKind[i] != NO_EXIT;
    }

    /**
     * Sets declared values so that the trips that crossed sum exactly to {@code exportCents} and
     * {@code importCents}: each crossing gets its share by weight, rounded down, and the cents left
     * over go one each to the first crossings. Trips that did not cross get a value at the same rate.
     */
    void assignValues(long exportCents, long importCents) {
        double[] weights = new double[2];
        for (int i = 0; i < size; i++) {
            if (exitKind[i] == CROSSED) {
                weights[direction[i]] += weight[i];
            }
        }
        long[] targets = {exportCents, importCents};
        long[] assigned = new long[2];
        for (int i = 0; i < size; i++) {
            int d = direction[i];
            cents[i] = weights[d] == 0 ? 0 : (long) Math.floor(targets[d] * (weight[i] / weights[d]));
            if (exitKind[i] == CROSSED) {
                assigned[d] += cents[i];
            }
        }
        for (int i = 0; i < size && (assigned[EXPORT] < targets[EXPORT] || assigned[IMPORT] < targets[IMPORT]); i++) {
            int d = direction[i];
            if (exitKind[i] == CROSSED && weight[i] > 0 && assigned[d] < targets[d]) {
                cents[i]++;
                assigned[d]++;
            }
        }
        for (int d = 0; d < 2; d++) {
            if (assigned[d] != targets[d]) {
                throw new IllegalStateException("could not spread " + targets[d] + " cents over the crossings (" + assigned[d] + ")");
            }
        }
    }

    private void grow() {
        int n = gate.length * 2;
        gate = Arrays.copyOf(gate, n);
        arrivedAt = Arrays.copyOf(arrivedAt, n);
        exitAt = Arrays.copyOf(exitAt, n);
        exitKind = Arrays.copyOf(exitKind, n);
        direction = Arrays.copyOf(direction, n);
        cargo = Arrays.copyOf(cargo, n);
        greenLane = Arrays.copyOf(greenLane, n);
        kilograms = Arrays.copyOf(kilograms, n);
        weight = Arrays.copyOf(weight, n);
        cents = Arrays.copyOf(cents, n);
    }
}
