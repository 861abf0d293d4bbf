package vn.pulse.streams.border;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitHistogramTest {

    @Test
    void keepsDistinctMinutesInOrderWithTheirCounts() {
        List<Integer> minutes = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int m : new int[] {30, 5, 30, 90, 5, 5}) {
            WaitHistogram.add(minutes, counts, m);
        }
        assertThat(minutes).containsExactly(5, 30, 90);
        assertThat(counts).containsExactly(3L, 2L, 1L);
    }

    @Test
    void givesNearestRankPercentiles() {
        List<Integer> minutes = new ArrayList<>(List.of(5, 30, 90));
        List<Long> counts = new ArrayList<>(List.of(3L, 2L, 1L));

        assertThat(WaitHistogram.percentile(minutes, counts, 50)).isEqualTo(5);
        assertThat(WaitHistogram.percentile(minutes, counts, 51)).isEqualTo(30);
        assertThat(WaitHistogram.percentile(minutes, counts, 90)).isEqualTo(90);
        assertThat(WaitHistogram.percentile(List.of(7), List.of(1L), 90)).isEqualTo(7);
        assertThat(WaitHistogram.percentile(List.of(), List.of(), 50)).isNull();
    }
}
