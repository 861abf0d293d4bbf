package vn.pulse.producer.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Secrets;
import vn.pulse.core.config.Settings;
import vn.pulse.core.http.HttpTls;

/**
 * Configuration of the ingest gateway (see {@link Settings} for the layering: defaults, a properties
 * file, {@code PULSE_*} environment variables, overrides).
 *
 * @param keysFile       properties file of hashed API keys ({@link ApiKeys}); null = none
 * @param inlineKeys     more keys, {@code ;}-separated (env {@code PULSE_INGEST_KEYS}); blank = none
 * @param maxBodyBytes   largest request body accepted (413 above)
 * @param maxBatchItems  most events in one request (413 above)
 * @param clockSkew      how far in the future an event time may lie
 * @param ratePerSecond  events per second each key may write on average (429 above)
 * @param rateBurst      events a key may write at once; at least {@code maxBatchItems}
 * @param kafkaTimeout   how long a write may wait for Kafka before the answer is 503
 * @param clients        {@code kafka.client.*} and {@code registry.client.*}: Kafka TLS/SASL, registry truststore and credentials
 * @param tls            HTTPS ({@code ingest.http.tls.*}); {@link HttpTls#NONE} = plain HTTP
 */
public record IngestConfig(String bootstrapServers, String registryUrl, String httpHost, int httpPort,
                           Path keysFile, String inlineKeys, int maxBodyBytes, int maxBatchItems, Duration clockSkew,
                           int ratePerSecond, int rateBurst, Duration kafkaTimeout, ClientProperties clients, HttpTls tls) {

    /** The HTTPS keys: {@code ingest.http.tls.keystore}, {@code ingest.http.tls.keystore-password}, {@code ingest.http.tls.keystore-type}. */
    public static final String TLS_PREFIX = "ingest.http";

    /** Every key the gateway reads, with its default. */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("kafka.bootstrap-servers", "127.0.0.1:9092"),
            Map.entry("registry.url", "http://127.0.0.1:8081"),
            Map.entry("ingest.http.host", "127.0.0.1"),
            Map.entry("ingest.http.port", "8082"),
            Map.entry("ingest.keys.file", ""),
            Map.entry("ingest.keys", ""),
            Map.entry("ingest.limits.max-body-bytes", Integer.toString(1024 * 1024)),
            Map.entry("ingest.limits.max-batch-items", "500"),
            Map.entry("ingest.clock-skew", "5m"),
            Map.entry("ingest.rate-limit.events-per-second", "200"),
            Map.entry("ingest.rate-limit.burst", "1000"),
            Map.entry("ingest.kafka.timeout", "10s"),
            Map.entry("ingest.http.tls.keystore", ""),
            Map.entry("ingest.http.tls.keystore-password", ""),
            Map.entry("ingest.http.tls.keystore-type", "PKCS12"));

    public IngestConfig {
        if (rateBurst < maxBatchItems) {
            throw new ConfigException("ingest.rate-limit.burst (" + rateBurst + ") must be at least ingest.limits.max-batch-items ("
                    + maxBatchItems + "): a full batch could never pass");
        }
        if (inlineKeys == null) {
            inlineKeys = "";
        }
        clients = clients == null ? ClientProperties.NONE : clients;
        tls = tls == null ? HttpTls.NONE : tls;
    }

    /** Plaintext Kafka, plain HTTP. */
    public IngestConfig(String bootstrapServers, String registryUrl, String httpHost, int httpPort,
                        Path keysFile, String inlineKeys, int maxBodyBytes, int maxBatchItems, Duration clockSkew,
                        int ratePerSecond, int rateBurst, Duration kafkaTimeout) {
        this(bootstrapServers, registryUrl, httpHost, httpPort, keysFile, inlineKeys, maxBodyBytes, maxBatchItems, clockSkew,
                ratePerSecond, rateBurst, kafkaTimeout, ClientProperties.NONE, HttpTls.NONE);
    }

    /**
     * The local run's gateway: the given address, keys and Kafka; the other keys from their defaults
     * or {@code PULSE_INGEST_*} environment variables (e.g. a higher rate limit for a load test).
     */
    public static IngestConfig localRun(String bootstrapServers, String registryUrl, String httpHost, int httpPort, Path keysFile) {
        return load(null, Map.of("kafka.bootstrap-servers", bootstrapServers, "registry.url", registryUrl,
                "ingest.http.host", httpHost, "ingest.http.port", Integer.toString(httpPort),
                "ingest.keys.file", keysFile == null ? "" : keysFile.toString()));
    }

    /** The same gateway with these {@code kafka.client.*} / {@code registry.client.*} properties (registry credentials, for instance). */
    public IngestConfig withClients(ClientProperties newClients) {
        return new IngestConfig(bootstrapServers, registryUrl, httpHost, httpPort, keysFile, inlineKeys, maxBodyBytes, maxBatchItems,
                clockSkew, ratePerSecond, rateBurst, kafkaTimeout, newClients, tls);
    }

    public static IngestConfig from(Settings s) {
        String keysFile = s.string("ingest.keys.file").trim();
        return new IngestConfig(s.required("kafka.bootstrap-servers"), s.required("registry.url"),
                s.required("ingest.http.host"), s.port("ingest.http.port"),
                keysFile.isEmpty() ? null : Path.of(keysFile), s.string("ingest.keys"),
                s.integer("ingest.limits.max-body-bytes", 1024, 64 * 1024 * 1024),
                s.integer("ingest.limits.max-batch-items", 1, 100_000),
                s.duration("ingest.clock-skew"),
                s.integer("ingest.rate-limit.events-per-second", 1, 1_000_000),
                s.integer("ingest.rate-limit.burst", 1, 10_000_000),
                s.duration("ingest.kafka.timeout"),
                ClientProperties.from(s),
                HttpTls.from(s, TLS_PREFIX));
    }

    public static IngestConfig load(Path file, Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, file, System.getenv(), overrides));
    }

    @Override
    public String toString() {
        // Never print key material.
        return "IngestConfig[bootstrapServers=" + bootstrapServers + ", registryUrl=" + Secrets.url(registryUrl) + ", http=" + httpHost + ":" + httpPort
                + ", keysFile=" + keysFile + ", inlineKeys=" + Secrets.presence(inlineKeys) + ", maxBodyBytes=" + maxBodyBytes + ", maxBatchItems=" + maxBatchItems
                + ", clockSkew=" + clockSkew + ", rate=" + ratePerSecond + "/s burst " + rateBurst + ", kafkaTimeout=" + kafkaTimeout
                + ", tls=" + tls + ", clients=" + clients + "]";
    }
}
