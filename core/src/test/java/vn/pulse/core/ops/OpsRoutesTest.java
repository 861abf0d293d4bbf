package vn.pulse.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ops endpoints on a real Javalin server: request timing by route template, readiness as a gauge. */
class OpsRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ServiceMetrics metrics = ServiceMetrics.create("test");
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/things/{id}", ctx -> ctx.result("thing " + ctx.pathParam("id")));
            cfg.routes.get("/boom", ctx -> {
                throw new IllegalStateException("boom");
            });
            OpsRoutes.install(cfg, "test", metrics,
                    () -> ready.get() ? Readiness.ready("fine") : Readiness.notReady("warming up"));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        metrics.close();
    }

    @Test
    void timesRequestsByRouteTemplateNeverByRawPath() throws Exception {
        get("/things/42");
        get("/things/43");
        get("/no/such/page/" + System.nanoTime());
        get("/boom");

        String scrape = get("/metrics").body();
        assertThat(scrape)
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",service=\"test\",status=\"200\",uri=\"/things/{id}\"} 2")
                .contains("uri=\"" + HttpServerMetrics.NOT_FOUND + "\"")
                .contains("outcome=\"SERVER_ERROR\",service=\"test\",status=\"500\",uri=\"/boom\"")
                .doesNotContain("/things/42")
                .doesNotContain("/no/such/page");
    }

    @Test
    void exposesReadinessAsAGauge() throws Exception {
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/metrics").body()).contains("pulse_ready{service=\"test\"} 0.0");

        ready.set(true);
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body()).contains("pulse_ready{service=\"test\"} 1.0");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
