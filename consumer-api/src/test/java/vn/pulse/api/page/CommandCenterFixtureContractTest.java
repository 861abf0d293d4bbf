package vn.pulse.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.pulse.api.RecordedRoutes;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.areas.AreasApi;
import vn.pulse.api.border.BorderApi;
import vn.pulse.api.border.BorderView;
import vn.pulse.api.vaccination.StockView;
import vn.pulse.api.vaccination.VaccinationApi;
import vn.pulse.api.vaccination.VaccinationView;

/**
 * The browser test's fixture speaks the vaccination, border, areas and alerts APIs' JSON: if their answers change shape,
 * this fails and the page (which reads those fields) is looked at again.
 */
class CommandCenterFixtureContractTest {

    private final CommandCenterFixture fixture = new CommandCenterFixture();

    private static List<String> fields(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static List<String> fields(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void fixtureGatesHaveTheFieldsOfTheBorderApisGatesTheirTradeAndTheirAlerts() {
        int alerts = 0;
        for (String code : fixture.gateCodes()) {
            JsonNode gate = fixture.gate(code);
            assertThat(fields(gate)).as(code).containsExactlyElementsOf(fields(BorderApi.GateStatus.class));
            assertThat(fields(gate.get("tradeToday"))).containsExactlyElementsOf(fields(BorderView.TradeFigures.class));
            assertThat(fields(gate.get("tradeThisYear"))).containsExactlyElementsOf(fields(BorderView.TradeFigures.class));
            assertThat(fields(gate.get("screeningsToday"))).containsExactlyElementsOf(fields(BorderView.ScreeningFigures.class));
            for (JsonNode alert : gate.get("openAlerts")) {
                assertThat(fields(alert)).containsExactlyElementsOf(fields(AlertsView.Alert.class));
                alerts++;
            }
        }
        assertThat(alerts).as("the fixture has an open alert to show").isPositive();
    }

    @Test
    void fixtureStockHasTheFieldsOfTheStockApiAndItsAlertsThoseOfTheAlertsApi() {
        JsonNode rows = fixture.vaccinationStock().get("stock");
        assertThat(rows).isNotEmpty();
        rows.forEach(row -> assertThat(fields(row)).containsExactlyElementsOf(fields(StockView.Row.class)));
        assertThat(fixture.stockAlerts()).isNotEmpty();
        fixture.stockAlerts().forEach(alert -> assertThat(fields(alert)).containsExactlyElementsOf(fields(AlertsView.Alert.class)));
    }

    @Test
    void fixtureDailyDosesMonthlyTradeAndAreasHaveTheFieldsOfTheirApis() {
        RecordedRoutes routes = RecordedRoutes.of(fixture);
        JsonNode daily = answer(routes, "/api/v1/vaccination/daily", Map.of(), Map.of("from", "2021-09-01", "to", "2021-09-07"));
        assertThat(fields(daily)).containsExactlyElementsOf(fields(VaccinationApi.DailyAnswer.class));
        assertThat(fields(daily.get("days").get(0))).containsExactlyElementsOf(fields(VaccinationView.Day.class));
        JsonNode months = answer(routes, "/api/v1/border/trade/months", Map.of(), Map.of());
        assertThat(fields(months)).containsExactlyElementsOf(fields(BorderApi.MonthlyTradeAnswer.class));
        assertThat(months.get("months")).hasSize(12);
        assertThat(fields(months.get("months").get(0))).containsExactlyElementsOf(fields(BorderApi.MonthTrade.class));
        JsonNode area = answer(routes, "/api/v1/areas/{code}", Map.of("code", "20"), Map.of());
        assertThat(fields(area)).containsExactlyElementsOf(fields(AreasApi.AreaAnswer.class));
        assertThat(fields(area.get("figures"))).containsExactlyElementsOf(fields(AreasApi.AreaFigures.class));
        assertThat(fields(area.get("children").get(0))).containsExactlyElementsOf(fields(AreasApi.AreaSummary.class));
        assertThat(fields(area.get("children").get(0).get("figures").get("coverage").get("18+")))
                .containsExactlyElementsOf(fields(AreasApi.AreaCoverage.class));
        JsonNode geography = answer(routes, "/api/v1/geography", Map.of(), Map.of());
        assertThat(fields(geography)).containsExactlyElementsOf(fields(AreasApi.GeographyAnswer.class));
    }

    private static JsonNode answer(RecordedRoutes routes, String route, Map<String, String> path, Map<String, String> query) {
        return (JsonNode) routes.answer(route, path, query);
    }
}
