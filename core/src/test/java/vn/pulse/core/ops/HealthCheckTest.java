package vn.pulse.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/up", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void healthyOnlyWhenTheEndpointAnswers2xx() {
        assertThat(HealthCheck.healthy(url("/up"), Duration.ofSeconds(2))).isTrue();
        assertThat(HealthCheck.healthy(url("/down"), Duration.ofSeconds(2))).isFalse();
    }

    @Test
    void unhealthyWhenNothingListens() {
        URI closed = url("/up");
        server.stop(0);
        assertThat(HealthCheck.healthy(closed, Duration.ofSeconds(2))).isFalse();
        assertThat(HealthCheck.healthy(URI.create("not-a-url"), Duration.ofSeconds(2))).isFalse();
    }
}
