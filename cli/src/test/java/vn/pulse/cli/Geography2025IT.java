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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.geography.Geography;
import vn.pulse.platform.LocalKafka;

/**
 * The local run on the langson-2025 data set: doses posted by commune through the ingest gateway are
 * counted by the Streams app and served by the areas resource for the commune, the province and the
 * country; a dose in a district that no longer exists is refused at the gateway, naming the field. The
 * situation report, the figures as of a day, their downloads and the projections of a period after
 * 2025-07-01 are by commune and count each person once.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@Tag("integration")
class Geography2025IT {

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
            LocalRunHttp.awaitIngestReady(run);
            HttpResponse<String> accepted = postDoses(run, site, doses);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            HttpResponse<String> expired = postDoses(run, site, dose("g25-4", "178", "FIRST"));
            assertThat(expired.statusCode()).as(expired.body()).isEqualTo(400);
            assertThat(expired.body()).contains("districtCode", "not valid on 2025-09-20", "until 2025-06-30");

            long ls01Adults = LANG_SON_2025.population("LS01", "18+").orElseThrow();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode commune = getJson(run.apiUrl() + "/api/v1/areas/LS01?on=2025-09-20");
                assertThat(commune.get("figures").get("dosesAdministered").asLong()).isEqualTo(2);
                // The population the Streams app joined from reference.population.v1, published from the data set.
                assertThat(commune.get("figures").get("coverage").get("18+").get("population").asLong()).isEqualTo(ls01Adults);
                JsonNode province = getJson(run.apiUrl() + "/api/v1/areas/20?on=2025-09-20");
                assertThat(province.get("figures").get("dosesAdministered").asLong()).isEqualTo(3);
                assertThat(province.get("figures").get("coverage").get("18+").get("population").asLong()).isEqualTo(497_214);
                assertThat(province.get("figures").get("coverage").get("18+").get("atLeastOneDose").asLong()).isEqualTo(2);
                JsonNode country = getJson(run.apiUrl() + "/api/v1/areas/VN?on=2025-09-20");
                assertThat(country.get("figures").get("dosesAdministered").asLong()).isEqualTo(3);
                assertThat(country.get("children")).singleElement().satisfies(p -> assertThat(p.get("code").asText()).isEqualTo("20"));
            });
            assertThat(getJson(run.apiUrl() + "/api/v1/geography").get("id").asText()).isEqualTo("langson-2025");
            // The report and the summary sum the population of the coverage records the Streams app wrote, one per
            // commune and age group: wait until the API has read all 65 communes' (the areas above fall back on the data set).
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> figuresSinceTheCommunesAreByCommuneAndCountEachPersonOnce(run.apiUrl() + "/api/v1"));
        }
    }

    /** The report, the figures as of a day, their downloads and the projections of a period after 2025-07-01. */
    private static void figuresSinceTheCommunesAreByCommuneAndCountEachPersonOnce(String api) throws Exception {
        List<String> communes = LANG_SON_2025.unitsAt(AdminUnit.Level.COMMUNE).stream().map(AdminUnit::code).toList();
        long adults = 497_214;

        JsonNode report = getJson(api + "/reports/situation?from=2025-09-01&to=2025-09-20&format=json").get("vaccination");
        assertThat(report.get("dosesAdministered").asLong()).isEqualTo(3);
        assertThat(report.get("dosesInPeriod").asLong()).isEqualTo(3);
        JsonNode reportAdults = report.get("coverage").get(1);
        assertThat(reportAdults.get("ageGroup").asText()).isEqualTo("18+");
        assertThat(reportAdults.get("population").asLong()).isEqualTo(adults);
        assertThat(reportAdults.get("atLeastOneDose").asLong()).isEqualTo(2);
        List<String> rows = new ArrayList<>();
        long rowDoses = 0;
        for (JsonNode row : report.get("districts")) {
            rows.add(row.get("code").asText());
            rowDoses += row.get("dosesAdministered").asLong();
            assertThat(row.get("level").asText()).isEqualTo("commune");
        }
        assertThat(rows).containsExactlyElementsOf(communes);
        assertThat(rowDoses).isEqualTo(3);
        String page = LocalRunHttp.getText(api + "/reports/situation?from=2025-09-01&to=2025-09-20&lang=vi");
        assertThat(page).contains("Theo xã, phường", "tỉnh Lạng Sơn").doesNotContain("Huyện Tràng Định");

        JsonNode summary = getJson(api + "/vaccination/summary?asOf=2025-09-20").get("coverage").get("18+");
        assertThat(summary.get("population").asLong()).isEqualTo(adults);
        assertThat(summary.get("atLeastOneDose").asLong()).isEqualTo(2);
        JsonNode units = getJson(api + "/vaccination/districts?asOf=2025-09-20").get("districts");
        long people = 0;
        List<String> codes = new ArrayList<>();
        for (JsonNode unit : units) {
            codes.add(unit.get("code").asText());
            people += unit.get("coverage").get("18+").path("population").asLong(0);
        }
        assertThat(codes).containsExactlyElementsOf(communes);
        assertThat(people).isEqualTo(adults);
        String csv = LocalRunHttp.getText(api + "/vaccination/districts?asOf=2025-09-20&format=csv");
        assertThat(csv).startsWith("\uFEFFcode,name,");
        assertThat(csv.split("\r\n")).hasSize(1 + communes.size());

        JsonNode projections = getJson(api + "/vaccination/projections?asOf=2025-09-20");
        assertThat(projections.get("province").get("code").asText()).isEqualTo("20");
        List<String> projected = new ArrayList<>();
        projections.get("districts").forEach(d -> projected.add(d.get("code").asText()));
        assertThat(projected).containsExactlyElementsOf(communes);
        assertThat(getJson(api + "/vaccination/stock").get("stock").isArray()).isTrue();
    }

    private static String dose(String id, String unit, String kind) {
        return """
                {"eventId":"%s","administeredAt":"2025-09-20T09:15:00+07:00","siteId":"TYT-%s","districtCode":"%s",\
                "ageGroup":"18+","doseKind":"%s","vaccineProduct":"Pfizer-BioNTech"}""".formatted(id, unit, unit, kind);
    }

}
