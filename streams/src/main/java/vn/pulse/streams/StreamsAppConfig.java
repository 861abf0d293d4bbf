package vn.pulse.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import vn.pulse.core.config.Secrets;
import vn.pulse.core.config.Settings;

/**
 * Configuration of the Streams app, from defaults, an optional properties file and
 * {@code PULSE_*} environment variables (see {@link Settings}).
 */
public record StreamsAppConfig(
        String bootstrapServers,
        String registryUrl,
        String applicationId,
        Path stateDir,
        Duration commitInterval,
        int threads,
        String httpHost,
        int httpPort) {

    /** Every key the Streams app reads, with its default. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "kafka.bootstrap-servers", "127.0.0.1:9092",
            "registry.url", "http://127.0.0.1:8081",
            "streams.application-id", "pulse-streams",
            "streams.state-dir", "data/streams",
            "streams.commit-interval", "100ms",
            "streams.threads", "1",
            "streams.http.host", "127.0.0.1",
            "streams.http.port", "8083",
            // Read by StreamsApp.main only (a process of its own): how soon a crashed instance's tasks move.
            "streams.session-timeout", "45s");

    public static StreamsAppConfig from(Settings s) {
        return new StreamsAppConfig(
                s.required("kafka.bootstrap-servers"),
                s.required("registry.url"),
                s.required("streams.application-id"),
                s.path("streams.state-dir"),
                s.duration("streams.commit-interval"),
                s.integer("streams.threads", 1, 64),
                s.required("streams.http.host"),
                s.port("streams.http.port"));
    }

    @Override
    public String toString() {
        // The registry URL may carry user:password.
        return "StreamsAppConfig[bootstrapServers=" + bootstrapServers + ", registryUrl=" + Secrets.url(registryUrl)
                + ", applicationId=" + applicationId + ", stateDir=" + stateDir + ", commitInterval=" + commitInterval
                + ", threads=" + threads + ", http=" + httpHost + ":" + httpPort + "]";
    }

    public static StreamsAppConfig load(Path file, Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, file, System.getenv(), overrides));
    }
}
