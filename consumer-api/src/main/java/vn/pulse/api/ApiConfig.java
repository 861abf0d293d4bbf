package vn.pulse.api;

import java.nio.file.Path;
import java.util.Map;
import vn.pulse.core.config.Settings;

/** Configuration of the consumer API (see {@link Settings} for the layering). */
public record ApiConfig(String bootstrapServers, String registryUrl, String httpHost, int httpPort) {

    /** Every key the API reads, with its default. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "kafka.bootstrap-servers", "127.0.0.1:9092",
            "registry.url", "http://127.0.0.1:8081",
            "api.http.host", "127.0.0.1",
            "api.http.port", "8080");

    public static ApiConfig from(Settings s) {
        return new ApiConfig(s.required("kafka.bootstrap-servers"), s.required("registry.url"),
                s.required("api.http.host"), s.port("api.http.port"));
    }

    public static ApiConfig load(Path file, Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, file, System.getenv(), overrides));
    }
}
