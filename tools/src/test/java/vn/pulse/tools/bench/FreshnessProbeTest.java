package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.reference.Gate;
import vn.pulse.core.reference.Gates;
import vn.pulse.tools.bench.FreshnessProbe.Result;
import vn.pulse.tools.bench.FreshnessProbe.Sample;

class FreshnessProbeTest {

    @TempDir
    Path dir;

    private static Sample visibleAfter(long millis) {
        return new Sample("178", Duration.ofMillis(millis / 10), Duration.ofMillis(millis));
    }

    @Test
    void aRailwayGateOfTheDataSetTakesWagonsAndEveryOtherGateTrucks() {
        List<Gate> rail = Gates.ALL.stream().filter(g -> g.kind() == Gate.Kind.INTERNATIONAL_RAIL).toList();
        assertThat(rail).as("the data set has a railway gate").isNotEmpty();
        rail.forEach(g -> assertThat(FreshnessProbe.vehicleType(g.code())).isEqualTo("RAIL_WAGON"));
        Gates.ALL.stream().filter(g -> g.kind() != Gate.Kind.INTERNATIONAL_RAIL)
                .forEach(g -> assertThat(FreshnessProbe.vehicleType(g.code())).as(g.code()).isEqualTo("TRUCK"));
    }

    @Test
    void quantilesAreNearestRankOverTheSamplesInAnyOrder() {
        Result result = new Result(List.of(visibleAfter(400), visibleAfter(100), visibleAfter(300), visibleAfter(200)), 1);

        assertThat(result.visibleQuantile(0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(result.visibleQuantile(0.99)).isEqualTo(Duration.ofMillis(400));
        assertThat(result.visibleQuantile(0.25)).isEqualTo(Duration.ofMillis(100));
        assertThat(result.acknowledgedQuantile(1)).isEqualTo(Duration.ofMillis(40));
        assertThat(result.summary()).startsWith("samples=4 timedOut=1 visible p50=200 ms p90=400 ms p99=400 ms max=400 ms");
    }

    @Test
    void noSamplesGiveZeroAndAQuantileOutsideTheRangeIsRefused() {
        Result none = new Result(List.of(), 3);

        assertThat(none.visibleQuantile(0.99)).isZero();
        assertThatThrownBy(() -> none.visibleQuantile(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("q must be");
    }

    @Test
    void readsTheSiteKeyFromTheLocalRunsKeyFile() throws Exception {
        Path keys = Files.writeString(dir.resolve("ingest-keys.txt"), """
                # Pulse ingest API keys for the local run. Send one as: Authorization: Bearer <key>
                customs            customs  *          ck-1
                site-178           site     178        sk-178
                site               site     *          sk-all
                """);

        assertThat(FreshnessProbe.localSiteKey(keys)).isEqualTo("sk-all");
        assertThatThrownBy(() -> FreshnessProbe.localSiteKey(Files.writeString(dir.resolve("empty.txt"), "# none\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'site' key");
    }
}
