package vn.pulse.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.border.BorderApi;
import vn.pulse.api.border.BorderView;
import vn.pulse.api.vaccination.StockView;

/**
 * The browser test's fixture speaks the border and alerts APIs' JSON: if their answers change shape,
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
}
