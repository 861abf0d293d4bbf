package vn.pulse.api;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import vn.pulse.api.http.DataHandler;
import vn.pulse.api.readmodel.TopicReader;

/**
 * One domain's part of the API. A module is constructed with everything it needs (its view, where
 * its topics are, its clock) and declares, in one {@link #install} call, the topics it reads, the
 * routes it answers and the gauges it shows; the server does the rest (starting readers, readiness,
 * JSON, {@code ETag}, problem details, the live feed).
 */
public interface ApiModule {

    void install(Wiring wiring);

    /** What a module declares its part through; given by the server, used only during {@link #install}. */
    interface Wiring {

        /** Follows an aggregate topic: the server starts the reader and answers data routes once every reader has loaded. */
        void read(TopicReader reader);

        /** Answers {@code GET path} (a Javalin path, e.g. {@code /api/v1/border/gates/{code}}) with {@code handler}'s values. */
        void get(String path, DataHandler handler);

        /**
         * Answers {@code GET path} with documents {@code handler} renders itself ({@link vn.pulse.api.http.Document}),
         * in the representation its own {@code ?format=} names; a value that is not a document is sent as JSON.
         */
        void getDocument(String path, DataHandler handler);

        /** Where the module reports changed items to the live feed; readers keep it for as long as they run. */
        Changes changes();

        /** The service's registry, for the module's domain gauges (read from its view at each scrape). */
        MeterRegistry metrics();
    }

    /** The live feed as modules see it. */
    @FunctionalInterface
    interface Changes {

        /**
         * Notes that an item changed; the feed computes {@code current} (the body its GET route answers,
         * without {@code lag}) at its next flush and sends it if it differs from what it last sent.
         */
        void changed(String type, String key, Supplier<Object> current);
    }
}
