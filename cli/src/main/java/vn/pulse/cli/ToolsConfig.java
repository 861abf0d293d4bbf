package vn.pulse.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.config.Secrets;
import vn.pulse.core.config.Settings;

/**
 * Configuration of the one-shot tools ({@code pulse topics create}, {@code pulse reference-data publish})
 * that prepare a deployment: defaults, then {@code PULSE_*} environment variables, then command-line
 * options (see {@link Settings}).
 *
 * @param replicationFactor replicas per partition of the topics created (1 for a single broker)
 * @param clients           the {@code kafka.client.*} / {@code registry.client.*} properties (TLS, SASL, registry credentials)
 */
record ToolsConfig(String bootstrapServers, String registryUrl, short replicationFactor, ClientProperties clients) {

    /** Every key the tools read, with its default. */
    static final Map<String, String> DEFAULTS = Map.of(
            "kafka.bootstrap-servers", "127.0.0.1:9092",
            "registry.url", "http://127.0.0.1:8081",
            "topics.replication-factor", "1");

    static ToolsConfig from(Settings s) {
        return new ToolsConfig(s.required("kafka.bootstrap-servers"), s.required("registry.url"),
                (short) s.integer("topics.replication-factor", 1, Short.MAX_VALUE), ClientProperties.from(s));
    }

    /** Defaults, then the environment, then the options that were given ({@code null} = not given). */
    static ToolsConfig load(Map<String, String> env, String bootstrapServers, String registryUrl, Integer replicationFactor) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (bootstrapServers != null) {
            overrides.put("kafka.bootstrap-servers", bootstrapServers);
        }
        if (registryUrl != null) {
            overrides.put("registry.url", registryUrl);
        }
        if (replicationFactor != null) {
            overrides.put("topics.replication-factor", replicationFactor.toString());
        }
        return from(Settings.load(DEFAULTS, null, env, overrides));
    }

    @Override
    public String toString() {
        return "ToolsConfig[bootstrapServers=" + bootstrapServers + ", registryUrl=" + Secrets.url(registryUrl)
                + ", replicationFactor=" + replicationFactor + ", clients=" + clients + "]";
    }
}
