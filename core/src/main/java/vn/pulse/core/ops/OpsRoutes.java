package vn.pulse.core.ops;

import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Gauge;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operations endpoints every Pulse HTTP service has:
 * {@code GET /health/live} (the process answers), {@code GET /health/ready} (it can do its job;
 * 503 with {@code Retry-After} otherwise) and {@code GET /metrics} (Prometheus text format), and
 * the timing of every request by route template ({@link HttpServerMetrics}).
 */
public final class OpsRoutes {

    /** Seconds a client should wait before asking a service that is not ready again. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private OpsRoutes() {
    }

    public static void install(JavalinConfig config, String service, ServiceMetrics metrics, Supplier<Readiness> readiness) {
        HttpServerMetrics.install(config, metrics.registry());
        // pulse_ready: 1 when /health/ready would answer UP (alert rules watch it; "up" only says it answers).
        Gauge.builder("pulse.ready", readiness, r -> r.get().ready() ? 1 : 0)
                .description("Whether the service is ready (1) or not (0), as /health/ready answers")
                .strongReference(true).register(metrics.registry());
        getAndHead(config, "/health/live", ctx -> ctx.json(Map.of("status", "UP", "service", service)));
        getAndHead(config, "/health/ready", ctx -> ready(ctx, service, readiness.get()));
        getAndHead(config, "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }

    /** A monitor's HEAD gets the status and headers of the GET (a not-ready instance answers 503), without the body. */
    private static void getAndHead(JavalinConfig config, String path, Handler handler) {
        config.routes.get(path, handler);
        config.routes.head(path, handler);
    }

    private static void ready(Context ctx, String service, Readiness readiness) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", readiness.ready() ? "UP" : "DOWN");
        body.put("service", service);
        body.put("reason", readiness.reason());
        if (!readiness.ready()) {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        ctx.contentType(ContentType.APPLICATION_JSON).json(body);
    }
}
