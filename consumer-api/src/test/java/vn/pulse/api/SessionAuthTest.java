package vn.pulse.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.api.http.Sessions;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;

/**
 * Browser sessions against the real server on a random port: the page's {@code EventSource} cannot
 * send a bearer token, so it opens a session with the token and the cookie authorizes its reads.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionAuthTest {

    private static final String TOKEN = "s3cret-read-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ApiServerTest.CounterModule counter = new ApiServerTest.CounterModule();
    private ApiServer server;

    private void start(List<String> tokens, Duration ttl) {
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0, tokens, List.of())
                .withSessionTtl(ttl), List.of(counter));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpRequest.Builder request(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return request;
    }

    private HttpResponse<String> openSession(Map<String, String> headers) throws Exception {
        return HTTP.send(request(Sessions.PATH, headers).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        return HTTP.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of {@code GET /api/v1/stream} (the stream itself is abandoned once its headers arrived). */
    private int streamStatus(Map<String, String> headers) throws Exception {
        HttpResponse<Stream<String>> response = HTTP.sendAsync(request("/api/v1/stream", headers).header("Accept", "text/event-stream")
                .GET().build(), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        response.body().close();
        return response.statusCode();
    }

    /** {@code pulse_session=<value>} from a Set-Cookie header. */
    private static String cookie(HttpResponse<?> response) {
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void aSessionOpenedWithTheTokenAuthorizesTheLiveStreamAndReads() throws Exception {
        start(List.of("other-token", TOKEN), Duration.ofHours(12));

        HttpResponse<String> opened = openSession(Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(opened.statusCode()).isEqualTo(204);
        assertThat(opened.headers().firstValue("Cache-Control")).hasValue("no-store");
        String setCookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(Sessions.COOKIE + "=").contains("; Max-Age=43200", "; HttpOnly", "; SameSite=Strict")
                .doesNotContain("Path=")
                .doesNotContain(TOKEN).doesNotContain("Secure");
        String cookie = cookie(opened);

        assertThat(streamStatus(Map.of("Cookie", cookie))).isEqualTo(200);
        assertThat(get("/api/v1/counter", Map.of("Cookie", cookie)).statusCode()).isEqualTo(200);
        assertThat(streamStatus(Map.of())).isEqualTo(401);
        assertThat(get("/api/v1/counter", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void expiredForgedOrOverlongSessionsAreRefused() throws Exception {
        start(List.of(TOKEN), Duration.ofHours(1));
        Instant now = Instant.now();

        String expired = Sessions.COOKIE + "=" + Sessions.value(TOKEN, now.minusSeconds(1));
        assertThat(streamStatus(Map.of("Cookie", expired))).isEqualTo(401);
        HttpResponse<String> refused = get("/api/v1/counter", Map.of("Cookie", expired));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("session has expired");

        // Signed with a token this server does not accept, or altered, or promising more than the configured hour.
        assertThat(streamStatus(Map.of("Cookie", Sessions.COOKIE + "=" + Sessions.value("guess", now.plusSeconds(600))))).isEqualTo(401);
        String valid = Sessions.value(TOKEN, now.plusSeconds(600));
        String altered = (now.getEpochSecond() + 900) + valid.substring(valid.indexOf('.'));
        assertThat(streamStatus(Map.of("Cookie", Sessions.COOKIE + "=" + altered))).isEqualTo(401);
        assertThat(streamStatus(Map.of("Cookie", Sessions.COOKIE + "=" + Sessions.value(TOKEN, now.plus(Duration.ofDays(30)))))).isEqualTo(401);
        assertThat(streamStatus(Map.of("Cookie", Sessions.COOKIE + "=garbage"))).isEqualTo(401);
        // The same cookie, in its lifetime, is accepted.
        assertThat(streamStatus(Map.of("Cookie", Sessions.COOKIE + "=" + valid))).isEqualTo(200);
    }

    @Test
    void aSessionNeedsAValidBearerTokenAndNeverOpensAnotherOne() throws Exception {
        start(List.of(TOKEN), Duration.ofHours(1));

        HttpResponse<String> anonymous = openSession(Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(openSession(Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
        // A cookie admits reads only: it cannot extend itself.
        String cookie = cookie(openSession(Map.of("Authorization", "Bearer " + TOKEN)));
        assertThat(openSession(Map.of("Cookie", cookie)).statusCode()).isEqualTo(401);
        // A wrong bearer token is not rescued by a valid cookie.
        assertThat(get("/api/v1/counter", Map.of("Cookie", cookie, "Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
    }

    @Test
    void removingATokenEndsItsSessionsOnEveryInstance() throws Exception {
        start(List.of(TOKEN), Duration.ofHours(1));
        String cookie = cookie(openSession(Map.of("Authorization", "Bearer " + TOKEN)));
        server.close();

        // Another instance with the same token accepts the session (no server state); one without it does not.
        start(List.of(TOKEN), Duration.ofHours(1));
        assertThat(streamStatus(Map.of("Cookie", cookie))).isEqualTo(200);
        server.close();
        start(List.of("rotated-token"), Duration.ofHours(1));
        assertThat(streamStatus(Map.of("Cookie", cookie))).isEqualTo(401);
    }

    @Test
    void withoutTokensThereIsNoSessionToOpen() throws Exception {
        start(List.of(), Duration.ofHours(1));
        HttpResponse<String> opened = openSession(Map.of());
        assertThat(opened.statusCode()).isEqualTo(204);
        assertThat(opened.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(streamStatus(Map.of())).isEqualTo(200);
    }

    @Test
    void theSessionLifetimeIsConfiguredAndChecked() {
        assertThat(ApiConfig.from(Settings.of(ApiConfig.DEFAULTS, Map.of())).sessionTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(ApiConfig.from(Settings.of(ApiConfig.DEFAULTS, Map.of("api.session.ttl", "30m"))).sessionTtl())
                .isEqualTo(Duration.ofMinutes(30));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ApiConfig.from(Settings.of(ApiConfig.DEFAULTS, Map.of("api.session.ttl", "500ms"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("api.session.ttl").hasMessageContaining("at least 1s");
    }
}
