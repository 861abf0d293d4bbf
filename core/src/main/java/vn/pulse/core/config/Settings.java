package vn.pulse.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layered configuration: built-in defaults, then a properties file, then environment variables, then
 * explicit overrides (command-line options), each layer replacing the one before.
 *
 * <p>Only keys that have a default are known; a file that names an unknown key is refused (a typo
 * would otherwise be silently ignored). Each key {@code a.b-c} is read from the environment variable
 * {@code PULSE_A_B_C}. Every typed getter names the key, the value and its source when it fails.
 *
 * <p>Keys under a {@linkplain #PASS_THROUGH_PREFIXES pass-through prefix} ({@code kafka.client.},
 * {@code registry.client.}) need no default: they carry client properties whose names are not known in
 * advance ({@code kafka.client.sasl.jaas.config}). From the environment,
 * {@code PULSE_KAFKA_CLIENT_SASL_JAAS_CONFIG} sets {@code kafka.client.sasl.jaas.config}: after the
 * prefix, the name is lower-cased and every {@code _} becomes a {@code .} (Kafka's and the registry
 * client's property names use dots only). Read them with {@link #withPrefix(String)}.
 */
public final class Settings {

    public static final String ENV_PREFIX = "PULSE_";
    /** Prefixes whose keys are accepted without a default (client property pass-through; see {@link ClientProperties}). */
    public static final Set<String> PASS_THROUGH_PREFIXES = Set.of(ClientProperties.KAFKA_PREFIX, ClientProperties.REGISTRY_PREFIX);
    /**
     * Keys that were settings once and are now fixed by the contract every service shares: setting one
     * (in a file or the environment) is refused with the reason, rather than silently ignored.
     */
    public static final Map<String, String> RETIRED_KEYS = Map.of(
            "border.time-zone", "the province's time zone is fixed (" + vn.pulse.core.contract.DomainRules.ZONE
                    + ", vn.pulse.core.contract.DomainRules.ZONE) so that every service reads and writes the same local"
                    + " days; remove this setting");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private Settings(Map<String, String> values, Map<String, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    /**
     * Builds the layered settings.
     *
     * @param defaults  every known key with its default value
     * @param file      an optional properties file ({@code null} for none)
     * @param env       the environment (normally {@code System.getenv()})
     * @param overrides explicit values that win over everything (command-line options)
     */
    public static Settings load(Map<String, String> defaults, Path file, Map<String, String> env,
                                Map<String, String> overrides) {
        for (Map.Entry<String, String> retired : RETIRED_KEYS.entrySet()) {
            if (env.containsKey(envName(retired.getKey()))) {
                throw new ConfigException("environment variable " + envName(retired.getKey()) + " (" + retired.getKey() + "): "
                        + retired.getValue());
            }
        }
        Map<String, String> values = new LinkedHashMap<>(defaults);
        Map<String, String> sources = new LinkedHashMap<>();
        defaults.keySet().forEach(k -> sources.put(k, "default"));
        if (file != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
            }
            for (String key : props.stringPropertyNames()) {
                requireKnown(defaults, key, "file " + file);
                values.put(key, props.getProperty(key).trim());
                sources.put(key, "file " + file);
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String key = passThroughKey(e.getKey());
            if (key != null && !defaults.containsKey(key)) {
                values.put(key, e.getValue().trim());
                sources.put(key, "environment variable " + e.getKey());
            }
        }
        for (String key : defaults.keySet()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv.trim());
                sources.put(key, "environment variable " + envName(key));
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            requireKnown(defaults, e.getKey(), "command line");
            values.put(e.getKey(), e.getValue());
            sources.put(e.getKey(), "command line");
        }
        return new Settings(values, sources);
    }

    /** Defaults only; for tests and embedded use. */
    public static Settings of(Map<String, String> defaults, Map<String, String> overrides) {
        return load(defaults, null, Map.of(), overrides);
    }

    /** The environment variable that sets {@code key}: {@code kafka.bootstrap-servers} → {@code PULSE_KAFKA_BOOTSTRAP_SERVERS}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every environment variable these settings read, for documentation and deployment checks. */
    public Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        values.keySet().forEach(k -> names.add(envName(k)));
        return names;
    }

    /**
     * The entries whose key starts with {@code prefix}, with the prefix removed:
     * {@code withPrefix("kafka.client.")} → {@code {security.protocol=SASL_SSL, ...}}.
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> found = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                found.put(key.substring(prefix.length()), value);
            }
        });
        return Collections.unmodifiableMap(found);
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public String source(String key) {
        return sources.getOrDefault(key, "unknown");
    }

    public String string(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new ConfigException("unknown configuration key '" + key + "'");
        }
        return value;
    }

    /** A string that must not be empty. */
    public String required(String key) {
        String value = string(key);
        if (value.isBlank()) {
            throw invalid(key, value, "must not be empty");
        }
        return value;
    }

    public int integer(String key, int min, int max) {
        String value = string(key);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw invalid(key, value, "must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw invalid(key, value, "must be an integer between " + min + " and " + max);
        }
    }

    public int port(String key) {
        return integer(key, 0, 65_535);
    }

    public boolean bool(String key) {
        String value = string(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(key, value, "must be true or false");
        };
    }

    /** A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 30d} or ISO-8601 ({@code PT5M}). */
    public Duration duration(String key) {
        String value = string(key);
        Matcher m = DURATION.matcher(value.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(key, value, "must be a duration such as 500ms, 30s, 5m, 2h, 30d or PT5M");
        }
    }

    public Path path(String key) {
        return Path.of(required(key));
    }

    private ConfigException invalid(String key, String value, String reason) {
        return new ConfigException("invalid configuration " + key + "='" + value + "' (from " + source(key) + "): " + reason);
    }

    /** {@code PULSE_KAFKA_CLIENT_SASL_JAAS_CONFIG} → {@code kafka.client.sasl.jaas.config}; null for any other variable. */
    static String passThroughKey(String envName) {
        for (String prefix : PASS_THROUGH_PREFIXES) {
            String envPrefix = envName(prefix);
            if (envName.startsWith(envPrefix) && envName.length() > envPrefix.length()) {
                return prefix + envName.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
        }
        return null;
    }

    private static boolean passThrough(String key) {
        return PASS_THROUGH_PREFIXES.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length());
    }

    private static void requireKnown(Map<String, String> defaults, String key, String where) {
        if (RETIRED_KEYS.containsKey(key)) {
            throw new ConfigException("configuration key '" + key + "' in " + where + ": " + RETIRED_KEYS.get(key));
        }
        if (!defaults.containsKey(key) && !passThrough(key)) {
            throw new ConfigException("unknown configuration key '" + key + "' in " + where
                    + "; known keys: " + new TreeSet<>(defaults.keySet()) + " and any key under " + new TreeSet<>(PASS_THROUGH_PREFIXES));
        }
    }
}
