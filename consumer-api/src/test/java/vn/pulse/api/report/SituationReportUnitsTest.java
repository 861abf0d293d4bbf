package vn.pulse.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.api.alerts.AlertsApi;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.border.BorderView;
import vn.pulse.api.border.BorderViews;
import vn.pulse.api.vaccination.VaccinationView;
import vn.pulse.api.vaccination.VaccinationViews;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.geography.Geography;

/**
 * The situation report over a data set whose units change (langson-2025: the districts until
 * 2025-06-30, the communes and wards from 2025-07-01; a test set whose province is replaced by a
 * merged one): the report names, and tables, the units valid in its period, in every format.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SituationReportUnitsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-09-21T03:00:00Z");
    private static final Instant JUNE = Instant.parse("2025-06-20T03:00:00Z");

    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        Geography.select(GeoDataSetLoader.loadShipped(Geography.DEFAULT));
    }

    private void start(GeoDataSet dataSet, VaccinationView vaccination) {
        Geography.select(dataSet);
        BorderView border = new BorderView();
        AlertsView alerts = new AlertsView();
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0),
                List.of(VaccinationViews.api(vaccination), BorderViews.api(border, alerts, Clock.fixed(NOW, ZoneOffset.UTC)),
                        AlertsApi.over(alerts), ReportApi.over(vaccination, border, alerts)));
    }

    @Test
    void aReportAfterJuly2025TablesTheCommunesNotTheVanishedDistricts() throws Exception {
        GeoDataSet langSon2025 = GeoDataSetLoader.loadShipped("langson-2025");
        VaccinationView view = new VaccinationView(langSon2025, Clock.fixed(NOW, ZoneOffset.UTC));
        view.applyCoverage("178|18+", VaccinationViews.adultCoverage("178", 64_991L, 100, JUNE));
        view.applyDaily("178|18+|2025-06-20", VaccinationViews.adultDaily("178", "2025-06-20", 100, JUNE));
        for (String ward : List.of("LS01", "LS02", "LS03", "LS04")) {
            view.applyCoverage(ward + "|18+", VaccinationViews.adultCoverage(ward, langSon2025.population(ward, "18+").orElseThrow(), 10, NOW));
            view.applyDaily(ward + "|18+|2025-09-20", VaccinationViews.adultDaily(ward, "2025-09-20", 10, NOW));
        }
        start(langSon2025, view);

        JsonNode september = json("/api/v1/reports/situation?from=2025-09-01&to=2025-09-20&format=json");
        List<String> codes = codes(september);
        List<String> communes = langSon2025.unitsAt(AdminUnit.Level.COMMUNE).stream().map(AdminUnit::code).toList();
        assertThat(codes).containsExactlyElementsOf(communes);
        assertThat(september.get("vaccination").get("districts").get(0).get("level").asText()).isEqualTo("commune");
        String vi = text("/api/v1/reports/situation?from=2025-09-01&to=2025-09-20&lang=vi");
        assertThat(vi).contains("Theo xã, phường", "Phường Trung tâm Lạng Sơn").doesNotContain("Huyện Tràng Định", "Theo huyện");
        String en = text("/api/v1/reports/situation?from=2025-09-01&to=2025-09-20&lang=en");
        assertThat(en).contains("By commune or ward").doesNotContain("By district", "Huyện Tràng Định");

        JsonNode june = json("/api/v1/reports/situation?from=2025-06-01&to=2025-06-30&format=json");
        List<String> districts = langSon2025.unitsAt(AdminUnit.Level.DISTRICT).stream().map(AdminUnit::code).toList();
        assertThat(codes(june)).containsExactlyElementsOf(districts);
        assertThat(june.get("vaccination").get("districts").get(0).get("level").asText()).isEqualTo("district");
        assertThat(text("/api/v1/reports/situation?from=2025-06-01&to=2025-06-30&lang=vi")).contains("Theo huyện, thành phố")
                .doesNotContain("Phường Trung tâm Lạng Sơn");

        // A period across the change tables both generations, each unit once.
        List<String> both = new ArrayList<>(districts);
        both.addAll(communes);
        assertThat(codes(json("/api/v1/reports/situation?from=2025-06-15&to=2025-07-15&format=json"))).containsExactlyInAnyOrderElementsOf(both);
    }

    @Test
    void theReportNamesTheProvincesValidInItsPeriod() throws Exception {
        Map<String, String> files = Map.of(
                "dataset.properties", "id=merged\nname=Two provinces merged\nschematic=true\nsource=test\nlicence=test\npopulation-year=2024\n",
                "units.csv", """
                        code,parent,level,name,name_ascii,valid_from,valid_to,replaces
                        VN,,country,Việt Nam,Viet Nam,,,
                        04,VN,province,Tỉnh Cao Bằng,Tinh Cao Bang,,2025-06-30,
                        20,VN,province,Tỉnh Lạng Sơn,Tinh Lang Son,,2025-06-30,
                        99,VN,province,Tỉnh Biên Giới,Tinh Bien Gioi,2025-07-01,,04 20
                        C1,04,commune,Xã Một,Xa Mot,,2025-06-30,
                        C2,20,commune,Xã Hai,Xa Hai,,2025-06-30,
                        C3,99,commune,Xã Ba,Xa Ba,2025-07-01,,
                        """,
                "population.csv", """
                        unit,age_group,population
                        C1,12-17,10
                        C1,18+,100
                        C2,12-17,20
                        C2,18+,200
                        C3,12-17,30
                        C3,18+,300
                        """);
        GeoDataSet merged = GeoDataSetLoader.load("merged", files::get);
        start(merged, new VaccinationView(merged, Clock.fixed(NOW, ZoneOffset.UTC)));

        assertThat(text("/api/v1/reports/situation?from=2025-09-01&to=2025-09-20&lang=vi"))
                .contains("Trung tâm Chỉ huy phòng, chống dịch COVID-19 tỉnh Biên Giới ·").doesNotContain("Lạng Sơn", "Cao Bằng");
        assertThat(text("/api/v1/reports/situation?from=2025-06-01&to=2025-06-30&lang=en"))
                .contains("Provincial COVID-19 command centers of Cao Bằng and Lạng Sơn ·").doesNotContain("Biên Giới");
        assertThat(codes(json("/api/v1/reports/situation?from=2025-09-01&to=2025-09-20&format=json"))).containsExactly("C3");
    }

    private static List<String> codes(JsonNode report) {
        List<String> codes = new ArrayList<>();
        report.get("vaccination").get("districts").forEach(d -> codes.add(d.get("code").asText()));
        return codes;
    }

    private JsonNode json(String path) throws Exception {
        return JSON.readTree(text(path));
    }

    private String text(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body().replaceAll("<[^>]+>", "");
    }
}
