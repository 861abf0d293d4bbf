package vn.pulse.api.live;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;

/**
 * How much one instance's live feed ({@code GET /api/v1/stream}) gives its clients.
 *
 * @param maxClients     open streams at most; one more is answered {@code 503} with {@code Retry-After}
 *                       ({@code api.stream.max-clients})
 * @param clientBuffer   events waiting to be written to one client at most; a client whose buffer is
 *                       full is dropped ({@code api.stream.client-buffer})
 * @param writeTimeout   longest one write to a client may block; a client whose write takes longer is
 *                       dropped ({@code api.stream.write-timeout})
 * @param replayAlerts   alerts a new client receives with the current state: the most recently
 *                       changed ones ({@code api.stream.replay-alerts})
 * @param retryAfter     the {@code Retry-After} of the {@code 503} beyond {@code maxClients}
 *                       ({@code api.stream.retry-after})
 */
public record StreamLimits(int maxClients, int clientBuffer, Duration writeTimeout, int replayAlerts, Duration retryAfter) {

    public static final StreamLimits DEFAULTS = new StreamLimits(200, 256, Duration.ofSeconds(10), 100, Duration.ofSeconds(10));

    public StreamLimits {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, was " + maxClients);
        }
        if (clientBuffer < 1) {
            throw new IllegalArgumentException("clientBuffer must be at least 1, was " + clientBuffer);
        }
        if (writeTimeout == null || writeTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("writeTimeout must be at least 1ms, was " + writeTimeout);
        }
        if (replayAlerts < 0) {
            throw new IllegalArgumentException("replayAlerts must not be negative, was " + replayAlerts);
        }
        if (retryAfter == null || retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("retryAfter must be at least 1s, was " + retryAfter);
        }
    }

    /** The keys and their defaults, for the API's configuration table. */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("api.stream.max-clients", Integer.toString(DEFAULTS.maxClients()));
        defaults.put("api.stream.client-buffer", Integer.toString(DEFAULTS.clientBuffer()));
        defaults.put("api.stream.write-timeout", DEFAULTS.writeTimeout().toSeconds() + "s");
        defaults.put("api.stream.replay-alerts", Integer.toString(DEFAULTS.replayAlerts()));
        defaults.put("api.stream.retry-after", DEFAULTS.retryAfter().toSeconds() + "s");
        return defaults;
    }

    public static StreamLimits from(Settings s) {
        Duration writeTimeout = atLeast(s, "api.stream.write-timeout", Duration.ofMillis(1), "1ms");
        Duration retryAfter = atLeast(s, "api.stream.retry-after", Duration.ofSeconds(1), "1s");
        return new StreamLimits(s.integer("api.stream.max-clients", 1, 100_000), s.integer("api.stream.client-buffer", 1, 1_000_000),
                writeTimeout, s.integer("api.stream.replay-alerts", 0, 100_000), retryAfter);
    }

    private static Duration atLeast(Settings s, String key, Duration min, String minText) {
        Duration value = s.duration(key);
        if (value.compareTo(min) < 0) {
            throw new ConfigException("invalid configuration " + key + "='" + s.string(key) + "' (from " + s.source(key)
                    + "): must be at least " + minText);
        }
        return value;
    }
}
