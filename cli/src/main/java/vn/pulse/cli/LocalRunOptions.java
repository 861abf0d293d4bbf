package vn.pulse.cli;

import java.nio.file.Path;

/**
 * What {@code ./pulse run} starts and where. Port 0 (for the HTTP services) picks a free port.
 *
 * @param feed     which feeder produces events: {@code demo} or {@code none}
 * @param feedRate events per second of the demo feeder
 */
public record LocalRunOptions(
        Path dataDir,
        boolean fresh,
        String host,
        int kafkaPort,
        int controllerPort,
        int registryPort,
        int apiPort,
        int streamsPort,
        String feed,
        int feedRate) {
}
