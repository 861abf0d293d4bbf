package vn.pulse.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster crash-test profile: three brokers (replication 3, min.insync.replicas 2), the leader of a
 * partition under an open Streams transaction killed and restarted, network delay and cuts (each way and
 * both ways, longer than the session timeout) between a Streams instance and the brokers, and one
 * Streams kill; every aggregate and the API against the recomputation, nothing rolled back.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@Tag("integration")
@Tag("slow")
class CrashHarnessClusterIT {

    @TempDir
    Path dir;

    @Test
    void nothingLostNothingCountedTwiceThroughALeaderKillUnderAnOpenTransactionAndNetworkFaults() {
        CrashHarness.Profile profile = CrashHarness.Profile.cluster();
        CrashReport report = new CrashHarness(profile, 20210901L, dir).run();
        System.out.print(report.toText());

        assertThat(report.failures()).as(report.toText()).isEmpty();
        assertThat(report.kills()).containsEntry("leader under open transaction kill -9", 1).containsEntry("broker kill -9", 1)
                .containsEntry("network delay 300 ms both ways", 1).containsEntry("network cut service->broker", 1)
                .containsEntry("network cut broker->service", 1).containsEntry("network cut both ways", 1)
                .containsEntry("streams kill -9", profile.streamsKills());
        assertThat(report.kills().get("connections reset")).isPositive();
        assertThat(report.aggregateKeysCompared()).isGreaterThan(100);
        assertThat(report.deadLetters()).isZero();
        assertThat(report.committedReader().recordsSeen()).isPositive();
        assertThat(report.committedReader().rolledBack()).isZero();
        assertThat(report.committedReader().tradeRegressions()).isEmpty();
    }
}
