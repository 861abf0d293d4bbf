package vn.pulse.registry.core;

import java.util.function.Function;

/** A store that keeps records in memory only: for tests and the in-memory client. Nothing survives a restart. */
public final class InMemorySchemaStore implements SchemaStore {

    private final RegistryState state = new RegistryState();

    @Override
    public RegistryState state() {
        return state;
    }

    @Override
    public synchronized <T> T write(Function<RegistryState, Write<T>> planner) {
        Write<T> write = planner.apply(state);
        write.records().forEach(state::apply);
        return write.result();
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
