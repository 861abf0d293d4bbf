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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.geography.Geography;
import vn.pulse.platform.LocalKafka;

/**
 * The local run on the langson-2025 data set: doses posted by commune through the ingest gateway are
 * counted by the Streams app and served by the areas resource for the commune, the province and the
 * country; a dose in a district that no longer exists is refused at the gateway, naming the field.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@Tag("integration")
class Geography2025IT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeoDataSet LANG_SON_2025 = GeoDataSetLoader.loadShipped("langson-2025");

    @TempDir
    Path dataDir;

    @BeforeEach
    void selectTheCommunes() {
        Geography.select(LANG_SON_2025);
    }

    @AfterEach
    void selectTheDefault() {
        Geography.select(GeoDataSetLoader.loadShipped(Geography.DEFAULT));
    }

    @Test
    void dosesPostedByCommuneRollUpToTheProvinceAndTheCountry() throws Exception {
        int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
        try (LocalRun run = LocalRun.start(new LocalRunOptions(dataDir, false, "127.0.0.1", ports[0], ports[1], 0, 0, 0, "none", 1, 0))) {
            String site = localKeys(run.ingestKeysFile()).get("site");
            String doses = "[" + dose("g25-1", "LS01", "FIRST") + "," + dose("g25-2", "LS01", "SECOND") + ","
                    + dose("g25-3", "LS30", "FIRST") + "]";
            HttpResponse<String> accepted = post(run, site, doses);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            HttpResponse<String> expired = post(run, site, dose("g25-4", "178", "FIRST"));
            assertThat(expired.statusCode()).as(expired.body()).isEqualTo(400);
            assertThat(expired.body()).contains("districtCode", "not valid on 2025-09-20", "until 2025-06-30");

            long ls01Adults = LANG_SON_2025.population("LS01", "18+").orElseThrow();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode commune = get(run.apiUrl() + "/api/v1/areas/LS01?on=2025-09-20");
                assertThat(commune.get("figures").get("dosesAdministered").asLong()).isEqualTo(2);
                // The population the Streams app joined from reference.population.v1, published from the data set.
                assertThat(commune.get("figures").get("coverage").get("18+").get("population").asLong()).isEqualTo(ls01Adults);
                JsonNode province = get(run.apiUrl() + "/api/v1/areas/20?on=2025-09-20");
                assertThat(province.get("figures").get("dosesAdministered").asLong()).isEqualTo(3);
                assertThat(province.get("figures").get("coverage").get("18+").get("population").asLong()).isEqualTo(497_214);
                assertThat(province.get("figures").get("coverage").get("18+").get("atLeastOneDose").asLong()).isEqualTo(2);
                JsonNode country = get(run.apiUrl() + "/api/v1/areas/VN?on=2025-09-20");
                assertThat(country.get("figures").get("dosesAdministered").asLong()).isEqualTo(3);
                assertThat(country.get("children")).singleElement().satisfies(p -> assertThat(p.get("code").asText()).isEqualTo("20"));
            });
            assertThat(get(run.apiUrl() + "/api/v1/geography").get("id").asText()).isEqualTo("langson-2025");
        }
    }

    private static String dose(String id, String unit, String kind) {
        return """
                {"eventId":"%s","administeredAt":"2025-09-20T09:15:00+07:00","siteId":"TYT-%s","districtCode":"%s",\
                "ageGroup":"18+","doseKind":"%s","vaccineProduct":"Pfizer-BioNTech"}""".formatted(id, unit, unit, kind);
    }

    /** name → plain key from the run's ingest-keys.txt ({@code name role codes key} per line). */
    private static Map<String, String> localKeys(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.trim().split("\\s+"))
                .collect(Collectors.toMap(cols -> cols[0], cols -> cols[cols.length - 1]));
    }

    private static HttpResponse<String> post(LocalRun run, String key, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(run.ingestUrl() + "/ingest/v1/vaccination-doses"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
