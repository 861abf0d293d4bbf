package vn.pulse.api.border;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.api.RecordedRoutes;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.schemas.border.GateYard;

/**
 * The border routes as their handlers see them, with no server and no response to write to: each
 * answers with a value or throws the problem the server then answers with.
 */
class BorderHandlersTest {

    private static final Instant NOW = Instant.parse("2021-12-31T16:30:00Z");

    private final BorderView view = new BorderView();
    private RecordedRoutes routes;

    @BeforeEach
    void install() {
        routes = RecordedRoutes.of(BorderApi.over(view, new AlertsView(), Clock.fixed(NOW, ZoneOffset.UTC)));
        view.applyYard("HUU_NGHI", GateYard.newBuilder().setGateCode("HUU_NGHI").setBacklog(412).setArrivals(1000)
                .setCrossings(580).setDeparturesWithoutCrossing(8).setCrossingsWithoutArrival(0).setAsOf(NOW).build());
    }

    private Object answer(String route, Map<String, String> path, Map<String, String> query) {
        return routes.answer(route, path, query);
    }

    @Test
    void anUnknownGateIsNotFoundAndNothingElse() {
        for (String route : new String[] {"/api/v1/border/gates/{code}", "/api/v1/border/gates/{code}/throughput",
            "/api/v1/border/gates/{code}/trade", "/api/v1/border/gates/{code}/screenings"}) {
            assertThatThrownBy(() -> answer(route, Map.of("code", "NO_SUCH_GATE"), Map.of())).as(route)
                    .isInstanceOf(ApiProblem.NotFound.class)
                    .hasMessage("No gate with code 'NO_SUCH_GATE'; GET /api/v1/border/gates lists them.");
        }
    }

    @Test
    void aKnownGateIsAnsweredWithItsStatus() {
        Object answer = answer("/api/v1/border/gates/{code}", Map.of("code", "HUU_NGHI"), Map.of());
        assertThat(answer).isInstanceOfSatisfying(BorderApi.GateAnswer.class, gate -> {
            assertThat(gate.asOf()).isEqualTo(NOW);
            assertThat(gate.gate().code()).isEqualTo("HUU_NGHI");
            assertThat(gate.gate().backlog()).isEqualTo(412);
        });
    }

    @Test
    void aBadParameterNamesItself() {
        assertThatThrownBy(() -> answer("/api/v1/border/gates/{code}/trade", Map.of("code", "HUU_NGHI"), Map.of("granularity", "week")))
                .isInstanceOfSatisfying(ApiProblem.BadParameter.class, bad -> assertThat(bad.parameter()).isEqualTo("granularity"));
        assertThatThrownBy(() -> answer("/api/v1/border/summary", Map.of(), Map.of("year", "last")))
                .isInstanceOfSatisfying(ApiProblem.BadParameter.class, bad -> assertThat(bad.parameter()).isEqualTo("year"));
    }

    @Test
    void aYearWithoutFiguresIsNotFound() {
        assertThatThrownBy(() -> answer("/api/v1/border/summary", Map.of(), Map.of("year", "2019")))
                .isInstanceOf(ApiProblem.NotFound.class).hasMessageContaining("2019");
    }
}
