package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenchStatsTest {

    @Test
    void theMedianIsTheMiddleRunWhateverTheOrder() {
        assertThat(BenchStats.median(List.of(9_000.0, 1_000.0, 5_000.0))).isEqualTo(5_000.0);
        assertThat(BenchStats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(BenchStats.median(List.of(7.0))).isEqualTo(7.0);
        assertThat(BenchStats.median(List.of())).isNaN();
    }

    @Test
    void percentilesAreNearestRankAndCarryTheirSampleCount() {
        // 1..300 ms in any order: p50 = 150, p99 = 297 (rank ceil(0.99 × 300) = 297), max = 300.
        List<Duration> samples = new ArrayList<>(IntStream.rangeClosed(1, 300).mapToObj(Duration::ofMillis).toList());
        Collections.shuffle(samples, new Random(1));

        BenchStats.Percentiles p = BenchStats.Percentiles.of(samples);

        assertThat(p.count()).isEqualTo(300);
        assertThat(p.p50Millis()).isEqualTo(150.0);
        assertThat(p.p90Millis()).isEqualTo(270.0);
        assertThat(p.p99Millis()).isEqualTo(297.0);
        assertThat(p.maxMillis()).isEqualTo(300.0);
        assertThat(p.p99Resolved()).isTrue();
        assertThat(p.summary()).isEqualTo("n=300 p50 150 ms, p90 270 ms, p99 297 ms, max 300 ms");
    }

    @Test
    void withFewerThanAHundredSamplesTheP99IsTheMaximumAndSaysSo() {
        BenchStats.Percentiles p = BenchStats.Percentiles.of(IntStream.rangeClosed(1, 66).mapToObj(Duration::ofMillis).toList());

        assertThat(p.p99Millis()).isEqualTo(p.maxMillis()).isEqualTo(66.0);
        assertThat(p.p99Resolved()).isFalse();
        assertThat(BenchStats.Percentiles.of(List.of()).p99Millis()).isNaN();
    }

    @Test
    void randomPhasesSpreadEvenlyOverThePeriod() {
        Random random = new Random(42);
        Duration period = Duration.ofMillis(500);
        int[] tenths = new int[10];
        int draws = 10_000;
        for (int i = 0; i < draws; i++) {
            Duration phase = BenchStats.randomPhase(random, period);
            assertThat(phase).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(period);
            tenths[(int) (phase.toNanos() * 10 / period.toNanos())]++;
        }
        // Uniform: each tenth of the period holds about a tenth of the draws (and so every phase of a
        // 100 ms commit cycle and a 250 ms emission cycle is equally likely).
        for (int count : tenths) {
            assertThat(count).isBetween(draws / 10 - 200, draws / 10 + 200);
        }
        assertThatThrownBy(() -> BenchStats.randomPhase(random, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
    }
}
