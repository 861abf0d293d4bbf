package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleDosesTest {

    @Test
    void everyCohortMustShowExactlyTheDosesWrittenAndOthersNone() {
        Map<String, Long> written = Map.of("178|18+", 74L, "180|12-17", 3L);

        assertThat(ScaleDoses.differences(Map.of("178|18+", 74L, "180|12-17", 3L, "181|18+", 0L), written, "run")).isNull();
        assertThat(ScaleDoses.differences(Map.of("178|18+", 64L, "180|12-17", 3L), written, "run"))
                .isEqualTo("run: wrong totals in 1 cohorts (67 doses shown, 77 written), e.g. [178|18+=64 instead of 74]");
        assertThat(ScaleDoses.differences(Map.of("178|18+", 74L, "180|12-17", 3L, "181|18+", 2L), written, "run"))
                .contains("181|18+=2 instead of 0");
        assertThat(ScaleDoses.differences(Map.of("178|18+", 74L), written, "run")).as("a cohort never shown counts as 0")
                .contains("180|12-17=0 instead of 3");
    }

    @Test
    void expectationsOfSeveralBatchesAddUp() {
        assertThat(ScaleDoses.plus(Map.of("a", 1L, "b", 2L), Map.of("b", 3L, "c", 4L))).isEqualTo(Map.of("a", 1L, "b", 5L, "c", 4L));
    }
}
