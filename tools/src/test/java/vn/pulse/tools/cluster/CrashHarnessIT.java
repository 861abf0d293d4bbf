package vn.pulse.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short crash-test profile in CI: the pipeline as processes, Streams killed three times, the API
 * once, the broker once, the registry stopped; every aggregate and the API against the recomputation.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
@Tag("integration")
@Tag("slow")
class CrashHarnessIT {

    @TempDir
    Path dir;

    @Test
    void nothingLostNothingCountedTwiceNothingRolledBackSeenThroughKillsAndOutages() {
        CrashHarness.Profile profile = CrashHarness.Profile.shortProfile();
        CrashReport report = new CrashHarness(profile, 20210901L, dir).run();
        System.out.print(report.toText());

        assertThat(report.failures()).as(report.toText()).isEmpty();
        // one more Streams kill: the restart with a cold schema cache during the registry outage
        assertThat(report.kills()).containsEntry("streams kill -9", profile.streamsKills() + 1).containsEntry("api kill -9", 1)
                .containsEntry("broker kill -9", 1).containsEntry("registry stops", 1);
        assertThat(report.injected().get("duplicates re-sent")).isPositive();
        assertThat(report.injected().get("late doses (1-20 days)")).isPositive();
        assertThat(report.injected().get("late crossings (5-30 min)")).isPositive();
        assertThat(report.injected().get("corrections")).isPositive();
        assertThat(report.injected().get("via ingest HTTP")).isPositive();
        assertThat(report.injected().get("via producer")).isPositive();
        assertThat(report.dosesCorrected()).isPositive();
        assertThat(report.aggregateKeysCompared()).isGreaterThan(100);
        assertThat(report.deadLetters()).isZero();
        assertThat(report.committedReader().recordsSeen()).isPositive();
        assertThat(report.committedReader().rolledBack()).isZero();
        assertThat(report.committedReader().tradeRegressions()).isEmpty();
        // The check has teeth: the uncommitted reader of the same run did see aborted transactions.
        assertThat(report.uncommittedReader().rolledBack()).as("records of aborted transactions seen read_uncommitted").isPositive();
    }
}
