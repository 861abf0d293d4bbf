package vn.pulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Ports handed out for servers started a moment later lie outside the system's ephemeral range, where
 * outgoing connections take their local ports: otherwise a client's connection can take the port first.
 */
class LocalKafkaPortsTest {

    @Test
    void freePortsAreDistinctBindableAndOutsideTheEphemeralRange() throws Exception {
        Path rangeFile = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int[] range = {32_768, 60_999};
        if (Files.exists(rangeFile)) {
            // A /proc file reports no size: read it as a stream (Files.readString returns its first byte only).
            try (BufferedReader reader = Files.newBufferedReader(rangeFile)) {
                range = Arrays.stream(reader.readLine().trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
            }
        }
        int[] ephemeral = range;
        for (int round = 0; round < 20; round++) {
            int[] ports = LocalKafka.freePorts("127.0.0.1", 6);
            assertThat(Arrays.stream(ports).distinct().count()).as("distinct: %s", Arrays.toString(ports)).isEqualTo(6);
            for (int port : ports) {
                assertThat(port).as("outside %d-%d", ephemeral[0], ephemeral[1]).satisfiesAnyOf(
                        p -> assertThat(p).isLessThan(ephemeral[0]), p -> assertThat(p).isGreaterThan(ephemeral[1]));
                try (ServerSocket socket = new ServerSocket()) {
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress("127.0.0.1", port));
                }
            }
        }
    }
}
