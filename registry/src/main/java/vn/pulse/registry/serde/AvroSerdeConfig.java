package vn.pulse.registry.serde;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import vn.pulse.registry.client.RegistryClientConfig;

/**
 * The serdes' configuration, under Confluent's property names so existing client configurations work
 * unchanged. Parse a Kafka config map with {@link #parse(Map)}.
 */
public final class AvroSerdeConfig {

    /** Comma-separated (or a list of) registry base URLs. Required unless a client is given in code. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Register the record's schema when serializing (default true). */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Without auto-registration, write with the subject's latest schema instead of looking the record's up (default false). */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /** Deserialize into the generated classes rather than GenericRecord (default false). */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Subject name strategy for keys: a class name or alias, default TopicNameStrategy. */
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    /** Subject name strategy for values: a class name or alias, default TopicNameStrategy. */
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /** Where basic-auth credentials come from: {@code USER_INFO} (default) or {@code URL} (also read as {@code schema.registry.basic.auth.credentials.source}). */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** {@code user:password} for basic auth with source USER_INFO (also read as {@code schema.registry.basic.auth.user.info}). */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Where the bearer token comes from: only {@code STATIC_TOKEN} is supported. */
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
    /** A static bearer token. */
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    /** Seconds a latest-version answer is cached; -1 (default) caches it for the client's life. */
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    /** Pulse: timeout of one HTTP request to the registry, ms (default 10000). */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    /** Pulse: how long an unreachable registry is retried before a retriable error is thrown, ms (default 30000). */
    public static final String MAX_RETRY_TIME_MS = "schema.registry.max.retry.time.ms";
    /** Pulse: first pause between retries, ms, doubling up to {@link #RETRY_BACKOFF_MAX_MS} (default 100). */
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    /** Pulse: longest pause between retries, ms (default 5000). */
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";

    /** The truststore for {@code https://} registry URLs (Confluent's name); unset = the JVM's default trust. */
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    /** The truststore's password. */
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    /** The truststore's type: {@code JKS} (default; also reads PKCS12 files) or {@code PKCS12}. */
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

    /** The {@code schema.registry.}-prefixed forms of the basic-auth keys, read when the plain key is not set. */
    private static final String LEGACY_USER_INFO = "schema.registry.basic.auth.user.info";
    private static final String LEGACY_CREDENTIALS_SOURCE = "schema.registry.basic.auth.credentials.source";

    private final Map<String, ?> configs;
    private final boolean autoRegister;
    private final boolean useLatestVersion;
    private final boolean specificReader;

    private AvroSerdeConfig(Map<String, ?> configs) {
        this.configs = configs;
        this.autoRegister = bool(AUTO_REGISTER_SCHEMAS, true);
        this.useLatestVersion = bool(USE_LATEST_VERSION, false);
        this.specificReader = bool(SPECIFIC_AVRO_READER, false);
    }

    /**
     * Reads a Kafka client config map; unrelated entries are ignored.
     *
     * @throws ConfigException naming the property when a value is invalid
     */
    public static AvroSerdeConfig parse(Map<String, ?> configs) {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.copyOf(configs));
        config.subjectNameStrategy(true);
        config.subjectNameStrategy(false);
        return config;
    }

    /** Defaults only (auto-registration on, TopicNameStrategy, generic reader). */
    public static AvroSerdeConfig defaults() {
        return parse(Map.of());
    }

    public boolean autoRegister() {
        return autoRegister;
    }

    public boolean useLatestVersion() {
        return useLatestVersion;
    }

    public boolean specificReader() {
        return specificReader;
    }

    /** The subject name strategy for keys or values. */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        String key = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
        Object value = configs.get(key);
        if (value == null) {
            return new TopicNameStrategy();
        }
        if (value instanceof SubjectNameStrategy strategy) {
            return strategy;
        }
        String name = value instanceof Class<?> c ? c.getName() : value.toString().trim();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return switch (simple) {
            case "TopicNameStrategy" -> new TopicNameStrategy();
            case "RecordNameStrategy" -> new RecordNameStrategy();
            case "TopicRecordNameStrategy" -> new TopicRecordNameStrategy();
            default -> instantiate(key, name);
        };
    }

    /**
     * The HTTP client's settings: URLs, credentials, timeouts and retries.
     *
     * @throws ConfigException if {@link #SCHEMA_REGISTRY_URL} is missing or a credential setting is invalid
     */
    public RegistryClientConfig clientConfig() {
        Object urls = configs.get(SCHEMA_REGISTRY_URL);
        if (urls == null || urls.toString().isBlank()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL + "\" which has no default value.");
        }
        String joined = urls instanceof Collection<?> list ? String.join(",", list.stream().map(Object::toString).toList()) : urls.toString();
        RegistryClientConfig client;
        try {
            client = RegistryClientConfig.of(joined);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, joined, e.getMessage());
        }
        client = client.withRequestTimeout(Duration.ofMillis(longValue(REQUEST_TIMEOUT_MS, 10_000)))
                .withRetry(Duration.ofMillis(longValue(MAX_RETRY_TIME_MS, 30_000)), Duration.ofMillis(longValue(RETRY_BACKOFF_MS, 100)),
                        Duration.ofMillis(longValue(RETRY_BACKOFF_MAX_MS, 5_000)))
                .withLatestCacheTtl(Duration.ofSeconds(longValue(LATEST_CACHE_TTL_SEC, -1)));
        client = withBasicAuth(client);
        Object truststore = configs.get(SSL_TRUSTSTORE_LOCATION);
        if (truststore != null && !truststore.toString().isBlank()) {
            Object password = configs.get(SSL_TRUSTSTORE_PASSWORD);
            Object type = configs.get(SSL_TRUSTSTORE_TYPE);
            RegistryClientConfig.TrustStore store = new RegistryClientConfig.TrustStore(Path.of(truststore.toString().trim()),
                    password == null ? null : password.toString(), type == null ? null : type.toString());
            try {
                store.sslContext();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SSL_TRUSTSTORE_LOCATION, truststore, e.getMessage());
            }
            client = client.withTrustStore(store);
        }
        Object token = configs.get(BEARER_AUTH_TOKEN);
        if (token != null && !token.toString().isBlank()) {
            Object source = configs.get(BEARER_AUTH_CREDENTIALS_SOURCE);
            if (source != null && !source.toString().equalsIgnoreCase("STATIC_TOKEN")) {
                throw new ConfigException(BEARER_AUTH_CREDENTIALS_SOURCE, source, "only STATIC_TOKEN is supported");
            }
            client = client.withBearerToken(token.toString().trim());
        }
        return client;
    }

    private RegistryClientConfig withBasicAuth(RegistryClientConfig client) {
        Object source = configs.containsKey(BASIC_AUTH_CREDENTIALS_SOURCE) ? configs.get(BASIC_AUTH_CREDENTIALS_SOURCE)
                : configs.get(LEGACY_CREDENTIALS_SOURCE);
        String mode = source == null ? "USER_INFO" : source.toString().trim().toUpperCase(Locale.ROOT);
        switch (mode) {
            case "URL":
                String fromUrl = client.userInfoFromUrls();
                if (fromUrl == null) {
                    throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source, "no user info in " + SCHEMA_REGISTRY_URL);
                }
                return client.withBasicAuth(fromUrl);
            case "USER_INFO":
                Object userInfo = configs.containsKey(BASIC_AUTH_USER_INFO) ? configs.get(BASIC_AUTH_USER_INFO) : configs.get(LEGACY_USER_INFO);
                return userInfo == null || userInfo.toString().isBlank() ? client : client.withBasicAuth(userInfo.toString());
            default:
                throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source, "supported: USER_INFO, URL");
        }
    }

    private boolean bool(String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key, value, "expected true or false");
    }

    private long longValue(String key, long defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a whole number");
        }
    }

    private static SubjectNameStrategy instantiate(String key, String className) {
        try {
            Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
                throw new ConfigException(key, className, "not a " + SubjectNameStrategy.class.getName());
            }
            return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, className, "unknown subject name strategy; use TopicNameStrategy, "
                    + "RecordNameStrategy, TopicRecordNameStrategy or a class implementing " + SubjectNameStrategy.class.getName());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new ConfigException(key, className, "cannot instantiate: " + cause);
        }
    }
}
