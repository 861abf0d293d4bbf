package vn.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.KafkaStreams;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.ops.Readiness;

class StreamThreadHealthTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration LONG_REBALANCE = Duration.ofMinutes(2);
    @TempDir
    Path stateDir;
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final StreamThreadHealth health = new StreamThreadHealth(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, SETTLE, LONG_REBALANCE);

    @Test
    void readyOnlyWhileRunning() {
        assertThat(health.readiness(KafkaStreams.State.RUNNING).ready()).isTrue();
        assertThat(health.readiness(KafkaStreams.State.REBALANCING).ready()).isFalse();
    }

    @Test
    void aThreadThatKeepsDyingAndBeingReplacedKeepsTheAppNotReadyWhileItIsRunning() {
        for (int i = 0; i < 10; i++) {
            health.threadFailed();
            // Replaced, rebalanced, RUNNING again a few seconds later: then it reads the same record again.
            now = now.plusSeconds(8);
            assertThat(health.readiness(KafkaStreams.State.RUNNING).ready()).as("after failure %d", i + 1).isFalse();
        }
        assertThat(health.readiness(KafkaStreams.State.RUNNING).reason()).contains("stream thread failed").contains("10 failures");
    }

    @Test
    void readyAgainOnceNoThreadFailedForTheSettlePeriod() {
        health.threadFailed();
        now = now.plus(SETTLE).minusSeconds(1);
        assertThat(health.readiness(KafkaStreams.State.RUNNING).ready()).isFalse();
        now = now.plusSeconds(1);
        assertThat(health.readiness(KafkaStreams.State.RUNNING).ready()).isTrue();
    }

    @Test
    void aRebalanceThatLastsSaysForHowLongAndWarnsOncePerBound() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        assertThat(health.notRunningFor()).isZero();
        Instant left = now;
        health.stateChanged(KafkaStreams.State.REBALANCING);
        now = now.plusSeconds(30);
        assertThat(health.notRunningFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(health.shouldWarnNotRunning()).as("a rebalance of 30 s is normal").isFalse();

        now = left.plus(LONG_REBALANCE);
        Readiness stuck = health.readiness(KafkaStreams.State.REBALANCING);
        assertThat(stuck.ready()).isFalse();
        assertThat(stuck.reason()).isEqualTo("streams REBALANCING, not RUNNING for 120 s (since " + left + ")");
        assertThat(health.shouldWarnNotRunning()).as("at the bound").isTrue();
        assertThat(health.shouldWarnNotRunning()).as("once per bound").isFalse();
        now = now.plus(LONG_REBALANCE).minusSeconds(1);
        assertThat(health.shouldWarnNotRunning()).isFalse();
        now = now.plusSeconds(1);
        assertThat(health.shouldWarnNotRunning()).as("still stuck a bound later").isTrue();
    }

    @Test
    void stateChangesOutsideRunningKeepTheTimeItLeftRunning() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        health.stateChanged(KafkaStreams.State.REBALANCING);
        now = now.plusSeconds(100);
        // A thread replaced during the rebalance: the app goes on REBALANCING, the time is not reset.
        health.stateChanged(KafkaStreams.State.REBALANCING);
        now = now.plusSeconds(20);
        assertThat(health.notRunningFor()).isEqualTo(Duration.ofSeconds(120));
        assertThat(health.shouldWarnNotRunning()).isTrue();

        health.stateChanged(KafkaStreams.State.RUNNING);
        assertThat(health.notRunningFor()).isZero();
        assertThat(health.shouldWarnNotRunning()).isFalse();
        assertThat(health.readiness(KafkaStreams.State.RUNNING).ready()).isTrue();
        // Leaving RUNNING again starts a new count, and a new warning once it lasts.
        health.stateChanged(KafkaStreams.State.REBALANCING);
        now = now.plus(LONG_REBALANCE);
        assertThat(health.shouldWarnNotRunning()).isTrue();
    }

    @Test
    void notRunningIsCountedFromTheStartUntilTheFirstRunning() {
        now = now.plusSeconds(45);
        assertThat(health.notRunningFor()).isEqualTo(Duration.ofSeconds(45));
        assertThat(health.readiness(KafkaStreams.State.REBALANCING).reason()).contains("not RUNNING for 45 s");
    }

    @Test
    void theWarningNamesEachStreamThreadWithItsCurrentState() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in-source"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("out-sink"));
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "thread-health-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"); // never started: nothing connects
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), properties)) {
            assertThat(StreamThreadHealth.threads(streams))
                    .matches("thread-health-test-[0-9a-f-]+-StreamThread-1 CREATED \\(active tasks \\[\\], standby \\[\\]\\); "
                            + "thread-health-test-[0-9a-f-]+-StreamThread-2 CREATED \\(active tasks \\[\\], standby \\[\\]\\)");
        }
    }
}
