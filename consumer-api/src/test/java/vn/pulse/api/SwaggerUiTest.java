package vn.pulse.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.api.http.SwaggerUi;

/** Swagger UI at /docs against the real server on a random port, with a bearer token configured (the page needs none). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SwaggerUiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern REFERENCE = Pattern.compile("(?:href|src)=\"([^\"]+)\"");
    private static final Pattern REMOTE = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");

    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0, List.of("s3cret"), List.of()),
                List.of(new ApiServerTest.CounterModule()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<byte[]> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void docsLeadsToThePageWhichLoadsOnlyShippedFilesAndReadsOurDocument() throws Exception {
        // /docs sends the browser to /docs/, against which the page's relative references resolve.
        HttpResponse<byte[]> docs = get(uri("/docs"));
        assertThat(docs.statusCode()).isEqualTo(301);
        URI page = uri("/docs").resolve(docs.headers().firstValue("Location").orElseThrow());
        assertThat(page).isEqualTo(uri("/docs/"));
        HttpResponse<byte[]> html = get(page);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(html.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String body = text(html);
        assertThat(body).contains("<div id=\"swagger-ui\">");
        assertThat(REMOTE.matcher(body).find()).as("no file from elsewhere").isFalse();

        // Every file the page loads is served, with its type; none from elsewhere.
        Matcher reference = REFERENCE.matcher(body);
        int loaded = 0;
        while (reference.find()) {
            URI asset = page.resolve(reference.group(1));
            assertThat(asset.getPath()).as(reference.group(1)).startsWith("/docs/");
            HttpResponse<byte[]> response = get(asset);
            assertThat(response.statusCode()).as(asset.toString()).isEqualTo(200);
            assertThat(response.body().length).as(asset.toString()).isPositive();
            String type = response.headers().firstValue("Content-Type").orElseThrow();
            String name = asset.getPath();
            if (name.endsWith(".js")) {
                assertThat(type).as(name).contains("javascript");
            } else if (name.endsWith(".css")) {
                assertThat(type).as(name).startsWith("text/css");
            } else if (name.endsWith(".png")) {
                assertThat(type).as(name).startsWith("image/png");
            }
            loaded++;
        }
        assertThat(loaded).isGreaterThanOrEqualTo(3);
        assertThat(body).contains("swagger-ui-bundle.js", "swagger-ui.css", "swagger-initializer.js");
    }

    @Test
    void theUiIsPointedAtThisInstancesOpenApiDocumentAndThatIsServedWithoutAToken() throws Exception {
        String initializer = text(get(uri("/docs/swagger-initializer.js")));
        Matcher url = Pattern.compile("url: new URL\\('([^']+)', document\\.baseURI\\)").matcher(initializer);
        assertThat(url.find()).as(initializer).isTrue();
        assertThat(uri("/docs/").resolve(url.group(1))).isEqualTo(uri(ApiServer.OPENAPI_PATH));
        assertThat(initializer).contains("validatorUrl: null");
        assertThat(REMOTE.matcher(initializer).find()).as("the configuration names no other host").isFalse();

        HttpResponse<byte[]> document = get(uri(ApiServer.OPENAPI_PATH));
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).isEqualTo(ApiServer.openApiDocument());
    }

    @Test
    void onlyTheAssetsThePageNeedsAreServedFromTheWebjar() throws Exception {
        for (String asset : SwaggerUi.ASSETS) {
            assertThat(get(uri("/docs/" + asset)).statusCode()).as(asset).isEqualTo(200);
        }
        // The webjar's own demo page and configuration point at a remote document: not served.
        assertThat(text(get(uri("/docs/swagger-initializer.js")))).doesNotContain("petstore");
        for (String other : List.of("/docs/index.css", "/docs/oauth2-redirect.html", "/docs/swagger-ui.js",
                "/docs/swagger-ui-standalone-preset.js", "/docs/../openapi.json/x")) {
            assertThat(get(uri(other)).statusCode()).as(other).isEqualTo(404);
        }
        assertThat(text(get(uri("/docs/")))).doesNotContain("petstore");
    }
}
