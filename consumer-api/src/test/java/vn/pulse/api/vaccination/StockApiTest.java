package vn.pulse.api.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.api.Downloads;
import vn.pulse.api.alerts.AlertsApi;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.schemas.health.VaccineStock;

/** {@code /api/v1/vaccination/stock} and the stock-out alerts in {@code /api/v1/alerts}, on the real server (port 0). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StockApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final LocalDate END = LocalDate.parse("2021-09-20");
    private static final Instant RAISED = Instant.parse("2021-09-19T03:00:00Z");

    private final StockView view = new StockView();
    private ApiServer server;

    @BeforeEach
    void start() {
        StockApi stock = StockApi.over(view);
        server = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0),
                List.of(stock, AlertsApi.over(new AlertsView()).include(stock.alertSource())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesTheProvinceItsStoreAndEachDistrictByProductWithTheAverageAndTheDaysOfStock() throws Exception {
        view.apply("178|Pfizer-BioNTech", stock("178", "Pfizer-BioNTech", 1_000, 960, List.of(10L, 10L, 10L, 10L, 10L, 10L, 10L), RAISED));
        view.apply("180|Pfizer-BioNTech", stock("180", "Pfizer-BioNTech", 3_000, 1_000, List.of(0L, 0L, 0L, 100L, 100L, 0L, 0L), null));
        view.apply("180|AstraZeneca", stock("180", "AstraZeneca", 500, 500, List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L), null));
        view.apply("province|Pfizer-BioNTech", stock(null, "Pfizer-BioNTech", 6_158, 0, List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L), null));

        JsonNode rows = get("/api/v1/vaccination/stock").json.get("stock");
        assertThat(rows).hasSize(6);
        // The province: every holder of each product together, products in name order.
        assertRow(rows.get(0), "province", null, "AstraZeneca", 500, 500, 0, "0.00", null);
        assertRow(rows.get(1), "province", null, "Pfizer-BioNTech", 10_158, 1_960, 8_198, "38.57", "212.5");
        assertThat(rows.get(1).get("alertActive").asBoolean()).isTrue();
        assertThat(rows.get(1).get("alertRaisedAt").asText()).isEqualTo("2021-09-19T03:00:00Z");
        assertThat(rows.get(1).get("windowEndsOn").asText()).isEqualTo("2021-09-20");
        assertRow(rows.get(2), "provinceStore", null, "Pfizer-BioNTech", 6_158, 0, 6_158, "0.00", null);
        // 40 doses on hand at 10 a day: 4 days, under alert.
        assertRow(rows.get(3), "district", "178", "Pfizer-BioNTech", 1_000, 960, 40, "10.00", "4.0");
        assertThat(rows.get(3).get("districtName").asText()).isEqualTo("Thành phố Lạng Sơn");
        assertThat(rows.get(3).get("alertActive").asBoolean()).isTrue();
        assertRow(rows.get(4), "district", "180", "AstraZeneca", 500, 500, 0, "0.00", null);
        // 2,000 on hand at 200 a week (28.57 a day): 70 days.
        assertRow(rows.get(5), "district", "180", "Pfizer-BioNTech", 3_000, 1_000, 2_000, "28.57", "70.0");
        assertThat(rows.get(5).get("alertActive").asBoolean()).isFalse();
        assertThat(rows.get(5).get("alertRaisedAt").isNull()).isTrue();
    }

    @Test
    void nothingOnHandWhileDosesAreGivenIsZeroDaysOfStock() throws Exception {
        view.apply("184|AstraZeneca", stock("184", "AstraZeneca", 0, 2, List.of(0L, 0L, 0L, 0L, 0L, 0L, 2L), RAISED));
        JsonNode district = get("/api/v1/vaccination/stock").json.get("stock").get(1);
        assertRow(district, "district", "184", "AstraZeneca", 0, 2, -2, "0.29", "0.0");
    }

    @Test
    void asOfIsRefusedNamingTheParameter() throws Exception {
        Reply reply = get("/api/v1/vaccination/stock?asOf=2021-09-05");
        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.get("parameter").asText()).isEqualTo("asOf");
    }

    @Test
    void theStockOutAlertsAreListedWithTheAlerts() throws Exception {
        view.apply("178|Pfizer-BioNTech", stock("178", "Pfizer-BioNTech", 1_000, 960, List.of(10L, 10L, 10L, 10L, 10L, 10L, 10L), RAISED));
        VaccineStock cleared = VaccineStock.newBuilder(stock("181", "Moderna", 900, 100, List.of(5L, 5L, 5L, 5L, 5L, 5L, 5L), null))
                .setLastAlertRaisedAt(Instant.parse("2021-09-01T03:00:00Z")).setLastAlertClearedAt(Instant.parse("2021-09-03T03:00:00Z"))
                .build();
        view.apply("181|Moderna", cleared);

        JsonNode open = get("/api/v1/alerts?active=true").json.get("alerts");
        assertThat(open).hasSize(1);
        JsonNode alert = open.get(0);
        assertThat(alert.get("id").asText()).isEqualTo("178|Pfizer-BioNTech|2021-09-19T03:00:00Z");
        assertThat(alert.get("kind").asText()).isEqualTo("STOCK_OUT");
        assertThat(alert.get("gateCode").isNull()).isTrue();
        assertThat(alert.get("stockHolder").asText()).isEqualTo("178");
        assertThat(alert.get("vaccineProduct").asText()).isEqualTo("Pfizer-BioNTech");
        assertThat(alert.get("value").asLong()).isEqualTo(4);
        assertThat(alert.get("unit").asText()).isEqualTo("days");
        assertThat(alert.get("raiseThreshold").asLong()).isEqualTo(7);
        assertThat(alert.get("clearThreshold").asLong()).isEqualTo(14);
        assertThat(alert.get("message").asText()).isEqualTo(
                "Low stock of Pfizer-BioNTech in district 178 (Thành phố Lạng Sơn): 40 doses on hand, 4.0 days at the 7-day average of 10.00 doses");

        JsonNode closed = get("/api/v1/alerts?active=false").json.get("alerts");
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).get("status").asText()).isEqualTo("CLEARED");
        assertThat(closed.get(0).get("clearedAt").asText()).isEqualTo("2021-09-03T03:00:00Z");
        assertThat(get("/api/v1/alerts").json.get("alerts")).hasSize(2);
    }

    @Test
    void theStockDownloadsHoldTheFiguresOfTheJson() throws Exception {
        view.apply("178|Pfizer-BioNTech", stock("178", "Pfizer-BioNTech", 1_000, 960, List.of(10L, 10L, 10L, 10L, 10L, 10L, 10L), RAISED));
        view.apply("province|Moderna", stock(null, "Moderna", 6_000, 0, List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L), null));
        Downloads.Sheet sheet = Downloads.assertSameAsJson(server.port(), "/api/v1/vaccination/stock", "stock");
        assertThat(sheet.rows()).hasSize(4);
        assertThat(sheet.header()).startsWith("scope", "districtCode", "districtName", "vaccineProduct", "allocated", "administered",
                "onHand", "avgDailyDoses7d", "daysOfStock");
        assertThat(sheet.fileName()).matches("vaccination-stock_\\d{4}-\\d{2}-\\d{2}\\.xlsx");
    }

    private static void assertRow(JsonNode row, String scope, String district, String product, long allocated, long administered,
                                  long onHand, String average, String days) {
        assertThat(row.get("scope").asText()).isEqualTo(scope);
        assertThat(row.get("districtCode").isNull() ? null : row.get("districtCode").asText()).isEqualTo(district);
        assertThat(row.get("vaccineProduct").asText()).isEqualTo(product);
        assertThat(List.of(row.get("allocated").asLong(), row.get("administered").asLong(), row.get("onHand").asLong()))
                .as("allocated, administered, on hand of %s %s", district, product).containsExactly(allocated, administered, onHand);
        assertThat(row.get("avgDailyDoses7d").decimalValue()).as("7-day average").isEqualByComparingTo(average);
        if (days == null) {
            assertThat(row.get("daysOfStock").isNull()).as("days of stock").isTrue();
        } else {
            assertThat(row.get("daysOfStock").decimalValue()).as("days of stock").isEqualByComparingTo(days);
        }
    }

    private static VaccineStock stock(String district, String product, long allocated, long administered, List<Long> days, Instant raised) {
        return VaccineStock.newBuilder().setDistrictCode(district).setVaccineProduct(product).setDosesAllocated(allocated)
                .setDosesAdministered(administered).setOnHand(allocated - administered)
                .setWindowEndsOn(days.stream().allMatch(d -> d == 0) && district == null ? null : END).setDailyDoses7d(days)
                .setAlertRaisedAt(raised).setLastAlertRaisedAt(null).setLastAlertClearedAt(null)
                .setAlertRaiseBelowDays(7).setAlertClearAtDays(14).setAsOf(Instant.parse("2021-09-20T09:30:00Z")).build();
    }

    private record Reply(int status, JsonNode json) {
    }

    private Reply get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }
}
