package vn.pulse.core.ops;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Times every HTTP request of a Javalin server as {@code http_server_requests_seconds} (Micrometer's
 * usual name and tags, so common dashboards work): {@code method}, {@code uri} (the route TEMPLATE,
 * such as {@code /api/v1/border/gates/{code}}, never the raw path), {@code status} and
 * {@code outcome}. Requests that matched no route are labelled with a fixed {@code uri}:
 * {@value #NOT_FOUND} for a 404, {@value #STATIC} for the static files the page is made of, and
 * {@value #UNMATCHED} otherwise, so a scanner probing random paths cannot grow the label set.
 */
public final class HttpServerMetrics {

    public static final String METRIC = "http.server.requests";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String STATIC = "STATIC";
    public static final String UNMATCHED = "UNMATCHED";

    private HttpServerMetrics() {
    }

    /** Installs the request timer (Javalin's request logger hook: called once per finished request). */
    public static void install(JavalinConfig config, MeterRegistry registry) {
        config.requestLogger.http((ctx, millis) -> record(registry, ctx, millis));
    }

    static void record(MeterRegistry registry, Context ctx, Float millis) {
        int status = ctx.statusCode();
        Timer.builder(METRIC)
                .description("HTTP requests served, by route template")
                .tag("method", ctx.method().name())
                .tag("uri", uriTemplate(ctx, status))
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry)
                .record(Duration.ofNanos((long) (millis.doubleValue() * 1_000_000)));
    }

    static String uriTemplate(Context ctx, int status) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null && !endpoint.path.isEmpty() && !endpoint.path.equals("*")) {
            return endpoint.path;
        }
        if (status == 404) {
            return NOT_FOUND;
        }
        return status < 400 ? STATIC : UNMATCHED;
    }

    static String outcome(int status) {
        if (status < 200) {
            return "INFORMATIONAL";
        }
        if (status < 300) {
            return "SUCCESS";
        }
        if (status < 400) {
            return "REDIRECTION";
        }
        return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }
}
