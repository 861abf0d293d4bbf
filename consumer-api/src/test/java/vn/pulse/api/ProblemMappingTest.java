package vn.pulse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.api.readmodel.TopicReader;

/**
 * Every kind of {@link ApiProblem} a handler throws, while checking the request or while computing
 * its answer, becomes the same RFC 9457 answer: status, headers, {@code application/problem+json}
 * body with the documented members, valid against the OpenAPI document's schema of that problem.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProblemMappingTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApi API = OpenApi.load();

    /** A module whose routes throw problems; the one at {@code /api/v1/loading} waits for a topic that never loads. */
    private static final class FailingModule implements ApiModule {
        @Override
        public void install(Wiring wiring) {
            wiring.get("/api/v1/fail/not-found", request -> {
                throw new ApiProblem.NotFound("No gate with code 'X'.");
            });
            wiring.get("/api/v1/fail/bad-parameter", request -> {
                throw new ApiProblem.BadParameter("from", "from must be a date such as 2021-12-24, was 'x'");
            });
            wiring.get("/api/v1/fail/later", request -> () -> {
                throw new ApiProblem.NotFound("Nothing recorded for " + request.queryParam("year") + ".");
            });
            wiring.get("/api/v1/fail/too-many-streams", request -> {
                throw new ApiProblem.TooManyStreams(7, "This instance serves 1 live streams already.");
            });
        }
    }

    /** A module that reads a topic never loaded: every data route answers 503. */
    private static final class LoadingModule implements ApiModule {
        @Override
        public void install(Wiring wiring) {
            wiring.read(new TopicReader() {
                @Override
                public String topic() {
                    return "never";
                }

                @Override
                public void start() {
                }

                @Override
                public boolean caughtUpOnce() {
                    return false;
                }

                @Override
                public long lagRecords() {
                    return -1;
                }

                @Override
                public long lagMillis() {
                    return -1;
                }
            });
            wiring.get("/api/v1/loading", request -> () -> Map.of("never", "computed"));
        }
    }

    private ApiServer failing;
    private ApiServer loading;

    @BeforeEach
    void start() {
        failing = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0, List.of("s3cret"), List.of()),
                List.of(new FailingModule()));
        loading = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0), List.of(new LoadingModule()));
    }

    @AfterEach
    void stop() {
        failing.close();
        loading.close();
    }

    private static HttpResponse<String> get(ApiServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> authorized(String path) throws Exception {
        return get(failing, path, "Authorization", "Bearer s3cret");
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String schema) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("ETag")).as("a problem is not data").isEmpty();
        JsonNode body = JSON.readTree(response.body());
        assertThat(API.componentErrors(schema, body)).isEmpty();
        return body;
    }

    @Test
    void notFoundIs404WithTheDetailAndThePathAsInstance() throws Exception {
        HttpResponse<String> response = authorized("/api/v1/fail/not-found");
        problem(response, 404, "NotFoundProblem");
        assertThat(response.body()).isEqualTo("{\"type\":\"https://pulse.example/problems/not-found\",\"title\":\"Not found\","
                + "\"status\":404,\"detail\":\"No gate with code 'X'.\",\"instance\":\"/api/v1/fail/not-found\"}");
    }

    @Test
    void anUnknownApiPathIs404ProblemNamingItAndWhereTheRoutesAreListed() throws Exception {
        for (String path : List.of("/api/v1/border/trade", "/api/v1/vaccination/district")) {
            HttpResponse<String> response = authorized(path + "?format=csv");
            JsonNode body = problem(response, 404, "NotFoundProblem");
            assertThat(body.get("detail").asText()).contains("GET " + path, "/openapi.json");
            assertThat(body.get("instance").asText()).isEqualTo(path);
        }
        // A problem a route answers keeps its own detail.
        assertThat(JSON.readTree(authorized("/api/v1/fail/not-found").body()).get("detail").asText()).isEqualTo("No gate with code 'X'.");
    }

    @Test
    void aProblemThrownWhileComputingTheAnswerIsMappedTheSameWay() throws Exception {
        HttpResponse<String> response = authorized("/api/v1/fail/later?year=2019");
        JsonNode body = problem(response, 404, "NotFoundProblem");
        assertThat(body.get("detail").asText()).isEqualTo("Nothing recorded for 2019.");
        assertThat(body.get("instance").asText()).isEqualTo("/api/v1/fail/later");
    }

    @Test
    void badParameterIs400NamingTheParameter() throws Exception {
        HttpResponse<String> response = authorized("/api/v1/fail/bad-parameter");
        problem(response, 400, "BadParameterProblem");
        assertThat(response.body()).isEqualTo("{\"type\":\"https://pulse.example/problems/bad-parameter\",\"title\":\"Invalid parameter\","
                + "\"status\":400,\"detail\":\"from must be a date such as 2021-12-24, was 'x'\","
                + "\"instance\":\"/api/v1/fail/bad-parameter\",\"parameter\":\"from\"}");
    }

    @Test
    void tooManyStreamsIs503WithRetryAfter() throws Exception {
        HttpResponse<String> response = authorized("/api/v1/fail/too-many-streams");
        JsonNode body = problem(response, 503, "TooManyStreamsProblem");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(body.get("title").asText()).isEqualTo("Too many live streams");
    }

    @Test
    void unauthorizedIs401WithAChallengeAndNeverReachesTheHandler() throws Exception {
        HttpResponse<String> response = get(failing, "/api/v1/fail/bad-parameter");
        JsonNode body = problem(response, 401, "UnauthorizedProblem");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pulse\"");
        assertThat(body.get("type").asText()).isEqualTo("https://pulse.example/problems/unauthorized");
        assertThat(body.has("parameter")).isFalse();
    }

    @Test
    void notReadyIs503WithRetryAfterAndTheAnswerIsNeverComputed() throws Exception {
        HttpResponse<String> response = get(loading, "/api/v1/loading");
        JsonNode body = problem(response, 503, "NotReadyProblem");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(body.get("type").asText()).isEqualTo("https://pulse.example/problems/not-ready");
        assertThat(response.body()).doesNotContain("computed");
    }
}
