package vn.pulse.cli;

import java.nio.file.Path;

/**
 * What {@code ./pulse run} starts and where. Port 0 (for the HTTP services) picks a free port.
 *
 * @param feed     which feed produces events (a name of {@code Feeds}, e.g. {@code langson-2021+live}, {@code demo}, {@code none})
 * @param feedRate events per second of the live (or demo) dose feed
 * @param ingestPort port of the ingest gateway (0 = a free port)
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
        int feedRate,
        int ingestPort) {

    /** Without an ingest port: the gateway takes a free port. */
    public LocalRunOptions(Path dataDir, boolean fresh, String host, int kafkaPort, int controllerPort, int registryPort, int apiPort,
                           int streamsPort, String feed, int feedRate) {
        this(dataDir, fresh, host, kafkaPort, controllerPort, registryPort, apiPort, streamsPort, feed, feedRate, 0);
    }
}
