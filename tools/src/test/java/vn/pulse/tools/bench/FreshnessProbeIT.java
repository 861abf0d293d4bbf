package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.cli.LocalRun;
import vn.pulse.cli.LocalRunOptions;
import vn.pulse.platform.LocalKafka;

/** The probe against the real local run: every dose it posts is seen by the API, and it says how soon. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("integration")
class FreshnessProbeIT {

    @TempDir
    Path dataDir;

    @Test
    void everyProbeDoseBecomesVisibleInTheApiAndIsTimed() throws Exception {
        int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
        try (LocalRun run = LocalRun.start(new LocalRunOptions(dataDir, false, "127.0.0.1", ports[0], ports[1], 0, 0, 0, "none", 1, 0))) {
            FreshnessProbe probe = new FreshnessProbe(URI.create(run.ingestUrl()), FreshnessProbe.localSiteKey(run.ingestKeysFile()),
                    URI.create(run.apiUrl()), Clock.systemUTC());

            FreshnessProbe.Result result = probe.measure(6, Duration.ofMillis(20), Duration.ofMillis(5), Duration.ofSeconds(30));

            assertThat(result.timedOut()).isZero();
            assertThat(result.samples()).hasSize(6)
                    .allSatisfy(s -> assertThat(s.visible()).isGreaterThanOrEqualTo(s.acknowledged()));
            // Districts in turn: each sample waited for its own district to show its own dose.
            assertThat(result.samples()).extracting(FreshnessProbe.Sample::districtCode).doesNotHaveDuplicates();
        }
    }
}
