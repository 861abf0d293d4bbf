package vn.pulse.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.topics.Topics;

/** The launcher: every service as a process, ready; a broker restarted on its data directory and ports. */
class PulseClusterIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void startsEveryServiceAsAProcessAndRestartsTheBrokerOnItsData() throws Exception {
        try (PulseCluster cluster = PulseCluster.create(PulseCluster.Options.defaults(dir).withStreamsInstances(1)).start()) {
            assertThat(cluster.services()).extracting(ServiceProcess::name)
                    .containsExactly("broker", "registry", "streams-1", "api", "ingest");
            assertThat(cluster.services()).allMatch(ServiceProcess::isAlive);
            assertThat(cluster.services().stream().map(ServiceProcess::pid).distinct()).hasSize(5);
            assertThat(ReadyCheck.httpStatus(cluster.streamsUrl(0) + "/health/ready")).isEqualTo(200);

            long brokerPid = cluster.broker().pid();
            cluster.killAndRestart(cluster.broker());
            assertThat(cluster.broker().pid()).isNotEqualTo(brokerPid);
            assertThat(cluster.broker().kills()).isEqualTo(1);
            try (Admin admin = cluster.admin()) {
                assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS))
                        .as("the restarted broker has the topics created before (same data directory)")
                        .contains(Topics.VACCINATION_DOSES.name(), Topics.GATE_TRADE.name());
            }
            assertThat(cluster.broker().peakRssBytes()).isGreaterThan(50L * 1024 * 1024);
        }
    }
}
