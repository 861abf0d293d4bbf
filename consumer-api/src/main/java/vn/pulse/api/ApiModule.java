package vn.pulse.api;

import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.MeterRegistry;
import vn.pulse.api.live.LiveUpdates;
import vn.pulse.api.readmodel.ReadModel;

/** One domain's part of the API: the aggregate topics it reads and the routes it serves. */
public interface ApiModule {

    /** Adds this module's readers to the read model (they start with the server). */
    void registerReaders(ReadModel readModel);

    /** Adds this module's routes under {@code /api/v1}. */
    void routes(JavalinConfig config, ReadModel readModel);

    /** Gives the module the live feed, to which it reports what changed (see {@link LiveUpdates#changed}). */
    default void publishTo(LiveUpdates live) {
    }

    /** Registers the module's domain gauges (read from its view at each scrape) in the service's registry. */
    default void bindMetrics(MeterRegistry registry) {
    }
}
