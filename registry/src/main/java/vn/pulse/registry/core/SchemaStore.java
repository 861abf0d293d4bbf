package vn.pulse.registry.core;

import java.util.function.Function;

/**
 * Where the registry's records live. Reads go to {@link #state()}, which a store keeps up to date;
 * writes are decided by a planner that sees the state as of the latest record, one writer at a time.
 */
public interface SchemaStore extends AutoCloseable {

    /** The current view; safe to read from any thread. */
    RegistryState state();

    /**
     * Runs {@code planner} with exclusive write access and a state that includes every record persisted so
     * far (by any registry instance), persists the records it returns and waits until they are in
     * {@link #state()}, then returns its result. Exceptions thrown by the planner propagate unchanged.
     *
     * @throws vn.pulse.registry.model.SchemaRegistryException with a 500xx code when the store cannot be written
     */
    <T> T write(Function<RegistryState, Write<T>> planner);

    @Override
    void close();
}
