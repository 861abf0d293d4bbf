package vn.pulse.platform;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the in-process broker runs.
 *
 * @param dataDir        log directory root; kept across restarts (the broker resumes its data)
 * @param host           interface to bind and advertise, normally 127.0.0.1
 * @param port           client listener port
 * @param controllerPort KRaft controller listener port; it is recorded in the metadata log at
 *                       format time, so it must stay the same for a given data directory
 * @param partitions     default partition count for topics created without one
 */
public record LocalKafkaConfig(Path dataDir, String host, int port, int controllerPort, int partitions) {

    public LocalKafkaConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535 || controllerPort < 1 || controllerPort > 65_535) {
            throw new IllegalArgumentException("broker ports must be between 1 and 65535 (port=" + port
                    + ", controllerPort=" + controllerPort + ")");
        }
        if (port == controllerPort) {
            throw new IllegalArgumentException("broker port and controller port must differ (both " + port + ")");
        }
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }
}
