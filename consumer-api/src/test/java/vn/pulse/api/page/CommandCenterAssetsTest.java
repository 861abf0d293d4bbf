package vn.pulse.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;

/** The page's files as the API serves them, without a browser: routes, types, references, the map. */
class CommandCenterAssetsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern REMOTE = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");
    private static final Pattern REFERENCE = Pattern.compile("(?:href|src)=\"([^\"#:]+)\"|from '(\\./[^']+)'|fetch\\('([^']+\\.svg)'\\)");

    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0),
                List.of(new CommandCenterFixture()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Path publicDirectory() throws URISyntaxException {
        return Path.of(CommandCenterAssetsTest.class.getResource("/public/index.html").toURI()).getParent();
    }

    @Test
    void servesThePageAtTheRootAndEachFileWithItsTypeRevalidatedOnEveryLoad() throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("/", "text/html");
        types.put("/app.css", "text/css");
        types.put("/js/app.js", "javascript");
        types.put("/js/charts.js", "javascript");
        for (Map.Entry<String, String> file : types.entrySet()) {
            HttpResponse<String> response = get(file.getKey());
            assertThat(response.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(file.getKey()).contains(file.getValue());
            assertThat(response.headers().firstValue("Cache-Control")).as(file.getKey()).hasValue("no-cache");
        }
        assertThat(get("/").body()).contains("<html lang=\"vi\">", "js/app.js");
        assertThat(get("/nothing-here.js").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/vaccination/summary").statusCode()).as("the API still answers beside the page").isEqualTo(200);
    }

    @Test
    void everyFileThePageLoadsIsShippedWithItAndNoneComesFromElsewhere() throws Exception {
        Path root = publicDirectory();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file).replace("http://www.w3.org/2000/svg", "");
            Matcher remote = REMOTE.matcher(text);
            while (remote.find()) {
                problems.add(root.relativize(file) + " refers to " + remote.group());
            }
            Matcher reference = REFERENCE.matcher(text);
            while (reference.find()) {
                String target = Stream.of(reference.group(1), reference.group(2), reference.group(3))
                        .filter(g -> g != null).findFirst().orElseThrow();
                Path base = target.startsWith("./") ? file.getParent() : root;
                if (!Files.isRegularFile(base.resolve(target).normalize())) {
                    problems.add(root.relativize(file) + " loads " + target + ", which is not shipped");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theMapComesFromTheDataSetsGeometryOneShapePerDistrictKeyedByItsOfficialCode() throws Exception {
        assertThat(publicDirectory().resolve("map")).as("no hand-drawn map is shipped: the page draws the data set's GeoJSON")
                .doesNotExist();
        JsonNode features = CommandCenterFixture.JSON.readTree(get("/api/v1/geography").body()).get("geometry").get("features");
        List<String> shapes = new ArrayList<>();
        for (JsonNode feature : features) {
            assertThat(feature.get("geometry").get("type").asText()).isEqualTo("Polygon");
            JsonNode ring = feature.get("geometry").get("coordinates").get(0);
            assertThat(ring.get(0)).as("a closed ring").isEqualTo(ring.get(ring.size() - 1));
            for (JsonNode point : ring) {
                assertThat(point.get(0).asDouble()).as("longitude in Lạng Sơn").isBetween(106.0, 107.5);
                assertThat(point.get(1).asDouble()).as("latitude in Lạng Sơn").isBetween(21.2, 22.6);
            }
            shapes.add(feature.get("properties").get("code").asText());
        }
        TreeSet<String> codes = Districts.ALL.stream().map(District::code).collect(Collectors.toCollection(TreeSet::new));
        assertThat(shapes).hasSize(11).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(codes);
    }
}
