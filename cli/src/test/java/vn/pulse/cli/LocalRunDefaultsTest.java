package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.pulse.streams.StreamsAppConfig;

class LocalRunDefaultsTest {

    @Test
    void theLocalRunsStreamsAppRunsTwoThreadsByDefault() {
        assertThat(StreamsAppConfig.load(null, LocalRun.localStreamsDefaults(Map.of())).threads()).isEqualTo(2);
    }

    @Test
    void pulseStreamsThreadsStillDecides() {
        assertThat(LocalRun.localStreamsDefaults(Map.of("PULSE_STREAMS_THREADS", "1"))).isEmpty();
    }
}
