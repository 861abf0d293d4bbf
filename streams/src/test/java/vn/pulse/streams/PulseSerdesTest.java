package vn.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import vn.pulse.schemas.health.DoseAdministered;

class PulseSerdesTest {

    /**
     * Every serde of the app talks to the registry through one client: each HTTP client of the JDK runs a
     * selector thread of its own (and a worker pool), and the topology has dozens of serdes, made again at
     * every profile switch.
     */
    @Test
    void serdesForARegistryShareOneHttpClient() {
        long before = selectorThreads();
        PulseSerdes serdes = PulseSerdes.forRegistry("http://127.0.0.1:1");
        List<Serde<DoseAdministered>> made = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            made.add(serdes.specific());
            made.add(serdes.forDeadLetters());
        }

        assertThat(made).hasSize(40);
        assertThat(selectorThreads() - before).isLessThanOrEqualTo(1);
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
                .count();
    }
}
