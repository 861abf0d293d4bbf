package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.pulse.cli.LocalRunHttp.getJson;
import static vn.pulse.cli.LocalRunHttp.localKeys;
import static vn.pulse.cli.LocalRunHttp.postDoses;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * A deployment that holds two provinces: the local run on {@code langson-2021} and a small second
 * province (Cao Bằng, three districts) selected together ({@code geography.dataset} lists both). Doses
 * posted through the ingest gateway for both are counted by the Streams app and served by the areas
 * resource for each province and for the country, which sums them.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@Tag("integration")
class GeographyProvincesIT {

    @TempDir
    Path dataDir;

    @BeforeEach
    void selectTwoProvinces() throws Exception {
        Path caoBang = Path.of(GeographyProvincesIT.class.getResource("/geography/caobang-schematic").toURI());
        Geography.select(Geography.load("langson-2021," + caoBang));
    }

    @AfterEach
    void selectTheDefault() {
        Geography.select(GeoDataSetLoader.loadShipped(Geography.DEFAULT));
    }

    @Test
    void theCountrySumsTheDosesOfBothProvinces() throws Exception {
        GeoDataSet both = Geography.selected();
        assertThat(both.children("VN")).extracting(u -> u.code()).containsExactly("20", "04");
        int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
        try (LocalRun run = LocalRun.start(new LocalRunOptions(dataDir, false, "127.0.0.1", ports[0], ports[1], 0, 0, 0, "none", 1, 0))) {
            String site = localKeys(run.ingestKeysFile()).get("site");
            String doses = "[" + dose("gp-1", "178", "FIRST") + "," + dose("gp-2", "040", "FIRST") + ","
                    + dose("gp-3", "040", "SECOND") + "," + dose("gp-4", "043", "FIRST") + "]";
            LocalRunHttp.awaitIngestReady(run);
            HttpResponse<String> accepted = postDoses(run, site, doses);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            long langSonAdults = 497_214;
            long caoBangAdults = both.population("04", "18+").orElseThrow();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode langSon = getJson(run.apiUrl() + "/api/v1/areas/20?on=2021-12-24");
                assertThat(langSon.get("figures").get("dosesAdministered").asLong()).isEqualTo(1);
                assertThat(langSon.get("figures").get("coverage").get("18+").get("population").asLong()).isEqualTo(langSonAdults);
                JsonNode caoBang = getJson(run.apiUrl() + "/api/v1/areas/04?on=2021-12-24");
                assertThat(caoBang.get("figures").get("dosesAdministered").asLong()).isEqualTo(3);
                assertThat(caoBang.get("figures").get("coverage").get("18+").get("population").asLong()).isEqualTo(caoBangAdults);
                assertThat(caoBang.get("figures").get("coverage").get("18+").get("atLeastOneDose").asLong()).isEqualTo(2);
                JsonNode country = getJson(run.apiUrl() + "/api/v1/areas/VN?on=2021-12-24");
                assertThat(country.get("figures").get("dosesAdministered").asLong()).isEqualTo(4);
                assertThat(country.get("figures").get("coverage").get("18+").get("population").asLong())
                        .isEqualTo(langSonAdults + caoBangAdults);
                assertThat(country.get("children")).extracting(c -> c.get("code").asText()).containsExactly("20", "04");
            });
            assertThat(getJson(run.apiUrl() + "/api/v1/areas").get("code").asText()).isEqualTo("VN");
            assertThat(getJson(run.apiUrl() + "/api/v1/geography").get("id").asText()).isEqualTo(both.id());
        }
    }

    private static String dose(String id, String unit, String kind) {
        return """
                {"eventId":"%s","administeredAt":"2021-12-24T09:15:00+07:00","siteId":"TYT-%s","districtCode":"%s",\
                "ageGroup":"18+","doseKind":"%s","vaccineProduct":"Pfizer-BioNTech"}""".formatted(id, unit, unit, kind);
    }

}
