package vn.pulse.registry.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import vn.pulse.core.config.Secrets;

/**
 * How a {@link CachedSchemaRegistryClient} reaches the registry.
 *
 * @param urls              base URLs, tried in turn (the one that answered last goes first)
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
 * @param bearerToken       a static bearer token, or null
 * @param requestTimeout    connect and response timeout of one HTTP request
 * @param maxRetryTime      how long to keep retrying connection errors and 5xx answers before giving up
 * @param initialBackoff    the first pause between rounds of retries (doubling up to {@code maxBackoff})
 * @param maxBackoff        the longest pause between rounds
 * @param latestCacheTtl    how long {@link SchemaRegistryClient#getLatest} answers are cached; negative caches
 *                          them for the client's life (as Confluent's {@code latest.cache.ttl.sec=-1}), zero not at all
 * @param trustStore        the certificates trusted for {@code https://} URLs, or null for the JVM's default trust
 */
public record RegistryClientConfig(List<String> urls, String basicAuthUserInfo, String bearerToken, Duration requestTimeout,
                                   Duration maxRetryTime, Duration initialBackoff, Duration maxBackoff, Duration latestCacheTtl,
                                   TrustStore trustStore) {

    /**
     * A truststore file (Confluent's {@code schema.registry.ssl.truststore.*}).
     *
     * @param type {@code JKS} (which also reads PKCS12 files) or {@code PKCS12}
     */
    public record TrustStore(Path location, String password, String type) {

        public TrustStore {
            Objects.requireNonNull(location, "location");
            password = password == null ? "" : password;
            type = type == null || type.isBlank() ? "JKS" : type.trim();
        }

        /**
         * A TLS context that trusts exactly the certificates in this store.
         *
         * @throws IllegalArgumentException naming the file when it cannot be read
         */
        public SSLContext sslContext() {
            try (InputStream in = Files.newInputStream(location)) {
                KeyStore keyStore = KeyStore.getInstance(type);
                keyStore.load(in, password.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(keyStore);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read the schema registry truststore " + location + " (" + type
                        + "): " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "TrustStore[location=" + location + ", password=" + Secrets.presence(password) + ", type=" + type + "]";
        }
    }

    /** Without a truststore of its own: the JVM's default trust for {@code https://} URLs. */
    public RegistryClientConfig(List<String> urls, String basicAuthUserInfo, String bearerToken, Duration requestTimeout,
                                Duration maxRetryTime, Duration initialBackoff, Duration maxBackoff, Duration latestCacheTtl) {
        this(urls, basicAuthUserInfo, bearerToken, requestTimeout, maxRetryTime, initialBackoff, maxBackoff, latestCacheTtl, null);
    }

    public RegistryClientConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is needed");
        }
        for (String url : urls) {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("invalid schema registry URL '" + Secrets.url(url) + "': expected http://host:port");
            }
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(maxRetryTime, "maxRetryTime");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(latestCacheTtl, "latestCacheTtl");
    }

    /** Defaults for a comma-separated list of URLs: 10 s requests, 30 s of retries from 100 ms backoff up to 5 s. */
    public static RegistryClientConfig of(String commaSeparatedUrls) {
        List<String> urls = Arrays.stream(commaSeparatedUrls.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new RegistryClientConfig(urls, null, null, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(-1));
    }

    public RegistryClientConfig withBasicAuth(String userInfo) {
        return new RegistryClientConfig(urls, userInfo, bearerToken, requestTimeout, maxRetryTime, initialBackoff, maxBackoff, latestCacheTtl, trustStore);
    }

    public RegistryClientConfig withBearerToken(String token) {
        return new RegistryClientConfig(urls, basicAuthUserInfo, token, requestTimeout, maxRetryTime, initialBackoff, maxBackoff, latestCacheTtl, trustStore);
    }

    public RegistryClientConfig withRequestTimeout(Duration timeout) {
        return new RegistryClientConfig(urls, basicAuthUserInfo, bearerToken, timeout, maxRetryTime, initialBackoff, maxBackoff, latestCacheTtl, trustStore);
    }

    public RegistryClientConfig withRetry(Duration maxTime, Duration initial, Duration max) {
        return new RegistryClientConfig(urls, basicAuthUserInfo, bearerToken, requestTimeout, maxTime, initial, max, latestCacheTtl, trustStore);
    }

    public RegistryClientConfig withLatestCacheTtl(Duration ttl) {
        return new RegistryClientConfig(urls, basicAuthUserInfo, bearerToken, requestTimeout, maxRetryTime, initialBackoff, maxBackoff, ttl, trustStore);
    }

    public RegistryClientConfig withTrustStore(TrustStore store) {
        return new RegistryClientConfig(urls, basicAuthUserInfo, bearerToken, requestTimeout, maxRetryTime, initialBackoff, maxBackoff, latestCacheTtl, store);
    }

    @Override
    public String toString() {
        // Never print credentials: neither the user info in a URL nor the basic-auth or bearer secrets.
        return "RegistryClientConfig[urls=" + urls.stream().map(Secrets::url).toList()
                + ", basicAuthUserInfo=" + Secrets.presence(basicAuthUserInfo) + ", bearerToken=" + Secrets.presence(bearerToken)
                + ", requestTimeout=" + requestTimeout + ", maxRetryTime=" + maxRetryTime + ", initialBackoff=" + initialBackoff
                + ", maxBackoff=" + maxBackoff + ", latestCacheTtl=" + latestCacheTtl + ", trustStore=" + trustStore + "]";
    }

    /** The {@code user:password} written into the first URL that has one ({@code http://user:pw@host:port}), or null. */
    public String userInfoFromUrls() {
        return urls.stream().map(u -> URI.create(u).getRawUserInfo()).filter(Objects::nonNull)
                .map(RegistryClientConfig::decode).findFirst().orElse(null);
    }

    private static String decode(String rawUserInfo) {
        return java.net.URLDecoder.decode(rawUserInfo.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
