package vn.pulse.api;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import vn.pulse.core.config.Secrets;
import vn.pulse.core.config.Settings;

/**
 * Configuration of the consumer API (see {@link Settings} for the layering).
 *
 * @param authTokens  bearer tokens accepted for reads under {@code /api/}; empty = no authentication
 * @param corsOrigins origins allowed by CORS (e.g. {@code https://dash.example}); {@code *} = any; empty = CORS off
 */
public record ApiConfig(String bootstrapServers, String registryUrl, String httpHost, int httpPort,
                        List<String> authTokens, List<String> corsOrigins) {

    /** Every key the API reads, with its default. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "kafka.bootstrap-servers", "127.0.0.1:9092",
            "registry.url", "http://127.0.0.1:8081",
            "api.http.host", "127.0.0.1",
            "api.http.port", "8080",
            "api.auth.tokens", "",
            "api.cors.origins", "");

    public ApiConfig {
        authTokens = List.copyOf(authTokens);
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** A config without authentication or CORS (local run, tests). */
    public ApiConfig(String bootstrapServers, String registryUrl, String httpHost, int httpPort) {
        this(bootstrapServers, registryUrl, httpHost, httpPort, List.of(), List.of());
    }

    public static ApiConfig from(Settings s) {
        return new ApiConfig(s.required("kafka.bootstrap-servers"), s.required("registry.url"),
                s.required("api.http.host"), s.port("api.http.port"),
                list(s.string("api.auth.tokens")), list(s.string("api.cors.origins")));
    }

    public static ApiConfig load(Path file, Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, file, System.getenv(), overrides));
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String toString() {
        // Never print the tokens.
        return "ApiConfig[bootstrapServers=" + bootstrapServers + ", registryUrl=" + Secrets.url(registryUrl) + ", http=" + httpHost
                + ":" + httpPort + ", authTokens=" + authTokens.size() + " configured, corsOrigins=" + corsOrigins + "]";
    }
}
