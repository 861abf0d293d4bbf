package vn.pulse.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.pulse.api.live.StreamLimits;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Secrets;
import vn.pulse.core.config.Settings;
import vn.pulse.core.http.HttpTls;

/**
 * Configuration of the consumer API (see {@link Settings} for the layering).
 *
 * @param authTokens  bearer tokens accepted for reads under {@code /api/}; empty = no authentication
 * @param corsOrigins origins allowed by CORS (e.g. {@code https://dash.example}); {@code *} = any; empty = CORS off
 * @param clients     {@code kafka.client.*} and {@code registry.client.*}: Kafka TLS/SASL, registry truststore and credentials
 * @param tls         HTTPS ({@code api.http.tls.*}); {@link HttpTls#NONE} = plain HTTP
 * @param stream      limits of the live feed ({@code api.stream.*})
 * @param sessionTtl  lifetime of a browser session opened with a token ({@code api.session.ttl}, see {@code Sessions})
 */
public record ApiConfig(String bootstrapServers, String registryUrl, String httpHost, int httpPort,
                        List<String> authTokens, List<String> corsOrigins, ClientProperties clients, HttpTls tls,
                        StreamLimits stream, Duration sessionTtl) {

    /** The default lifetime of a browser session. */
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(12);

    /** The HTTPS keys: {@code api.http.tls.keystore}, {@code api.http.tls.keystore-password}, {@code api.http.tls.keystore-type}. */
    public static final String TLS_PREFIX = "api.http";

    /** Every key the API reads, with its default (plus any {@code kafka.client.*} / {@code registry.client.*}). */
    public static final Map<String, String> DEFAULTS = defaults();

    public ApiConfig {
        authTokens = List.copyOf(authTokens);
        corsOrigins = List.copyOf(corsOrigins);
        clients = clients == null ? ClientProperties.NONE : clients;
        tls = tls == null ? HttpTls.NONE : tls;
        stream = stream == null ? StreamLimits.DEFAULTS : stream;
        sessionTtl = sessionTtl == null ? DEFAULT_SESSION_TTL : sessionTtl;
        if (sessionTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("sessionTtl must be at least 1s, was " + sessionTtl);
        }
    }

    /** The default session lifetime. */
    public ApiConfig(String bootstrapServers, String registryUrl, String httpHost, int httpPort,
                     List<String> authTokens, List<String> corsOrigins, ClientProperties clients, HttpTls tls,
                     StreamLimits stream) {
        this(bootstrapServers, registryUrl, httpHost, httpPort, authTokens, corsOrigins, clients, tls, stream, DEFAULT_SESSION_TTL);
    }

    /** The default live feed limits. */
    public ApiConfig(String bootstrapServers, String registryUrl, String httpHost, int httpPort,
                     List<String> authTokens, List<String> corsOrigins, ClientProperties clients, HttpTls tls) {
        this(bootstrapServers, registryUrl, httpHost, httpPort, authTokens, corsOrigins, clients, tls, StreamLimits.DEFAULTS);
    }

    /** Plaintext Kafka, plain HTTP. */
    public ApiConfig(String bootstrapServers, String registryUrl, String httpHost, int httpPort,
                     List<String> authTokens, List<String> corsOrigins) {
        this(bootstrapServers, registryUrl, httpHost, httpPort, authTokens, corsOrigins, ClientProperties.NONE, HttpTls.NONE);
    }

    /** A config without authentication or CORS (local run, tests). */
    public ApiConfig(String bootstrapServers, String registryUrl, String httpHost, int httpPort) {
        this(bootstrapServers, registryUrl, httpHost, httpPort, List.of(), List.of());
    }

    public static ApiConfig from(Settings s) {
        return new ApiConfig(s.required("kafka.bootstrap-servers"), s.required("registry.url"),
                s.required("api.http.host"), s.port("api.http.port"),
                list(s.string("api.auth.tokens")), list(s.string("api.cors.origins")),
                ClientProperties.from(s), HttpTls.from(s, TLS_PREFIX), StreamLimits.from(s), sessionTtl(s));
    }

    private static Duration sessionTtl(Settings s) {
        Duration ttl = s.duration("api.session.ttl");
        if (ttl.toSeconds() < 1) {
            throw new ConfigException("invalid configuration api.session.ttl='" + s.string("api.session.ttl") + "' (from "
                    + s.source("api.session.ttl") + "): must be at least 1s");
        }
        return ttl;
    }

    /** This config with other live feed limits. */
    public ApiConfig withStream(StreamLimits limits) {
        return new ApiConfig(bootstrapServers, registryUrl, httpHost, httpPort, authTokens, corsOrigins, clients, tls, limits, sessionTtl);
    }

    /** This config with another browser session lifetime. */
    public ApiConfig withSessionTtl(Duration ttl) {
        return new ApiConfig(bootstrapServers, registryUrl, httpHost, httpPort, authTokens, corsOrigins, clients, tls, stream, ttl);
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("kafka.bootstrap-servers", "127.0.0.1:9092");
        defaults.put("registry.url", "http://127.0.0.1:8081");
        defaults.put("api.http.host", "127.0.0.1");
        defaults.put("api.http.port", "8080");
        defaults.put("api.auth.tokens", "");
        defaults.put("api.cors.origins", "");
        defaults.put("api.session.ttl", DEFAULT_SESSION_TTL.toHours() + "h");
        defaults.putAll(HttpTls.defaults(TLS_PREFIX));
        defaults.putAll(StreamLimits.defaults());
        return Collections.unmodifiableMap(defaults);
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
                + ":" + httpPort + ", tls=" + tls + ", authTokens=" + authTokens.size() + " configured, corsOrigins=" + corsOrigins
                + ", clients=" + clients + ", stream=" + stream + ", sessionTtl=" + sessionTtl + "]";
    }
}
