package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpLoadProcessTest {

    @Test
    void aLoadResultSurvivesTheTripFromTheChildProcess() {
        HttpLoadProcess.Result result = new HttpLoadProcess.Result(12_345, 2, 3.5, 0.8125, 1.5, 4.25, 30.0);

        assertThat(HttpLoadProcess.Result.parse(result.line())).isEqualTo(result);
        assertThat(result.perSecond()).isEqualTo(12_345 / 3.5);
        assertThatThrownBy(() -> HttpLoadProcess.Result.parse("1 2 3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7 fields");
    }

    @Test
    void everyRouteIsComparedAtHalfTheSlowestRoutesMaximum() {
        HttpLoadProcess.Result fast = new HttpLoadProcess.Result(3_000, 0, 1.0, 1, 2, 3, 4);
        HttpLoadProcess.Result slow = new HttpLoadProcess.Result(1_000, 0, 1.0, 1, 2, 3, 4);
        HttpLoadProcess.Result paced = new HttpLoadProcess.Result(500, 0, 1.0, 0.5, 0.7, 0.9, 1.2);
        List<String> output = List.of("some JVM warning", "MAX 0 " + fast.line(), "MAX 1 " + slow.line(),
                "PACED 0 " + paced.line(), "PACED 1 " + paced.line());

        HttpLoadProcess.Row row = HttpLoadProcess.Row.parse(output, 2);

        assertThat(row.max()).containsExactly(fast, slow);
        assertThat(row.paced()).containsExactly(paced, paced);
        assertThat(row.rate()).isEqualTo(500.0);
        assertThatThrownBy(() -> HttpLoadProcess.Row.parse(output.subList(0, 4), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no result for route 1");
    }
}
