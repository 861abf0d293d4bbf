package vn.pulse.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.pulse.api.http.DataHandler;
import vn.pulse.api.http.Request;
import vn.pulse.api.readmodel.TopicReader;

/**
 * The routes a module installs, as their handlers see them, with no server and no response to write
 * to: a test asks a route for its answer's body directly. The topic readers a module declares are
 * not started: the module's views hold what the test gave them.
 */
public final class RecordedRoutes implements ApiModule.Wiring {

    private final Map<String, DataHandler> routes = new LinkedHashMap<>();
    private final MeterRegistry metrics = new SimpleMeterRegistry();

    /** The routes {@code module} installs. */
    public static RecordedRoutes of(ApiModule module) {
        RecordedRoutes recorded = new RecordedRoutes();
        module.install(recorded);
        return recorded;
    }

    /** The body of {@code route}'s answer (path as declared, e.g. {@code /api/v1/areas/{code}}) to the given parameters. */
    public Object answer(String route, Map<String, String> pathParams, Map<String, String> query) {
        DataHandler handler = routes.get(route);
        if (handler == null) {
            throw new AssertionError("no route " + route + " among " + routes.keySet());
        }
        return handler.handle(Request.of(pathParams, query)).body();
    }

    @Override
    public void read(TopicReader reader) {
        // Not started: see the class comment.
    }

    @Override
    public void get(String path, DataHandler handler) {
        routes.put(path, handler);
    }

    @Override
    public void getDocument(String path, DataHandler handler) {
        routes.put(path, handler);
    }

    @Override
    public ApiModule.Changes changes() {
        return (type, key, current) -> {
        };
    }

    @Override
    public MeterRegistry metrics() {
        return metrics;
    }
}
