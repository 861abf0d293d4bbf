package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** What the tests of a local run do over HTTP: read its ingest keys, post doses to its gateway, read its API. */
final class LocalRunHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalRunHttp() {
    }

    /** name → plain key from the run's ingest-keys.txt ({@code name role codes key} per line). */
    static Map<String, String> localKeys(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.trim().split("\\s+"))
                .collect(Collectors.toMap(cols -> cols[0], cols -> cols[cols.length - 1]));
    }

    /**
     * Waits until the run's gateway reads ready (it has reached Kafka): its first write right after the
     * start may otherwise meet a producer that has not yet fetched metadata, and be refused with 503.
     */
    static void awaitIngestReady(LocalRun run) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> HTTP.send(
                HttpRequest.newBuilder(URI.create(run.ingestUrl() + "/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    /** Posts a JSON batch of doses to the run's gateway with {@code key}; the answer, whatever its status. */
    static HttpResponse<String> postDoses(LocalRun run, String key, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(run.ingestUrl() + "/ingest/v1/vaccination-doses"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON answer of {@code url}, which must be 200. */
    /** The body of a 200 answer to GET {@code url}, as text. */
    static String getText(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
