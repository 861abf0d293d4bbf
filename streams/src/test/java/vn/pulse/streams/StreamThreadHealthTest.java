package vn.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class StreamThreadHealthTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
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
    }, SETTLE);

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
}
