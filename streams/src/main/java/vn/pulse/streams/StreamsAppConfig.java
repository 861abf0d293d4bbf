package vn.pulse.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.config.Secrets;
import vn.pulse.core.config.Settings;
import vn.pulse.core.contract.StockRules;
import vn.pulse.core.http.HttpTls;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.streams.vaccination.VaccinationTopology;

/**
 * Configuration of the Streams app, from defaults, an optional properties file and
 * {@code PULSE_*} environment variables (see {@link Settings}), the border topology's settings
 * ({@link BorderConfig}) and the vaccination topology's ({@link VaccinationTopology.Options}) included.
 */
public record StreamsAppConfig(
        String bootstrapServers,
        String registryUrl,
        String applicationId,
        Path stateDir,
        Duration commitInterval,
        int threads,
        String httpHost,
        int httpPort,
        ClientProperties clients,
        HttpTls tls,
        BorderConfig border,
        VaccinationTopology.Options vaccination,
        StreamsProfile profile,
        int rocksDbMemoryMib,
        int rocksDbWriteBufferMib) {

    /** The HTTPS keys of the ops port: {@code streams.http.tls.keystore}, {@code ...keystore-password}, {@code ...keystore-type}. */
    public static final String TLS_PREFIX = "streams.http";

    /** Every key the Streams app reads, with its default (plus any {@code kafka.client.*} / {@code registry.client.*}). */
    public static final Map<String, String> DEFAULTS = defaults();

    public StreamsAppConfig {
        clients = clients == null ? ClientProperties.NONE : clients;
        tls = tls == null ? HttpTls.NONE : tls;
        border = border == null ? BorderConfig.defaults() : border;
        vaccination = vaccination == null ? VaccinationTopology.Options.defaults() : vaccination;
        profile = profile == null ? StreamsProfile.defaultSettings() : profile;
        if (rocksDbMemoryMib > 0 && rocksDbWriteBufferMib > rocksDbMemoryMib) {
            throw new vn.pulse.core.config.ConfigException("streams.rocksdb.write-buffer-mib (" + rocksDbWriteBufferMib
                    + ") must not exceed streams.rocksdb.memory-mib (" + rocksDbMemoryMib + "): the memtables are part of that budget");
        }
    }

    /** RocksDB and the profile at their defaults. */
    public StreamsAppConfig(String bootstrapServers, String registryUrl, String applicationId, Path stateDir, Duration commitInterval,
                            int threads, String httpHost, int httpPort, ClientProperties clients, HttpTls tls, BorderConfig border,
                            VaccinationTopology.Options vaccination) {
        this(bootstrapServers, registryUrl, applicationId, stateDir, commitInterval, threads, httpHost, httpPort, clients, tls, border,
                vaccination, StreamsProfile.defaultSettings(), DEFAULT_ROCKSDB_MEMORY_MIB, DEFAULT_ROCKSDB_WRITE_BUFFER_MIB);
    }

    /** The vaccination topology's default settings. */
    public StreamsAppConfig(String bootstrapServers, String registryUrl, String applicationId, Path stateDir, Duration commitInterval,
                            int threads, String httpHost, int httpPort, ClientProperties clients, HttpTls tls, BorderConfig border) {
        this(bootstrapServers, registryUrl, applicationId, stateDir, commitInterval, threads, httpHost, httpPort, clients, tls, border,
                VaccinationTopology.Options.defaults());
    }

    /** Plaintext Kafka, plain HTTP, the border topology's default settings. */
    public StreamsAppConfig(String bootstrapServers, String registryUrl, String applicationId, Path stateDir, Duration commitInterval,
                            int threads, String httpHost, int httpPort) {
        this(bootstrapServers, registryUrl, applicationId, stateDir, commitInterval, threads, httpHost, httpPort,
                ClientProperties.NONE, HttpTls.NONE, BorderConfig.defaults(), VaccinationTopology.Options.defaults());
    }

    /** {@code streams.rocksdb.memory-mib}: every RocksDB store of the process together (0: Kafka Streams' unbounded defaults). */
    public static final int DEFAULT_ROCKSDB_MEMORY_MIB = 64;
    /** {@code streams.rocksdb.write-buffer-mib}: the memtables' part of it. */
    public static final int DEFAULT_ROCKSDB_WRITE_BUFFER_MIB = 32;

    /** The same configuration with another profile. */
    public StreamsAppConfig withProfile(StreamsProfile other) {
        return new StreamsAppConfig(bootstrapServers, registryUrl, applicationId, stateDir, commitInterval, threads, httpHost, httpPort,
                clients, tls, border, vaccination, other, rocksDbMemoryMib, rocksDbWriteBufferMib);
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("kafka.bootstrap-servers", "127.0.0.1:9092");
        defaults.put("registry.url", "http://127.0.0.1:8081");
        defaults.put("streams.application-id", "pulse-streams");
        defaults.put("streams.state-dir", "data/streams");
        defaults.put("streams.commit-interval", "100ms");
        defaults.put("streams.threads", "1");
        defaults.putAll(new java.util.TreeMap<>(StreamsProfile.defaults()));
        defaults.put("streams.rocksdb.memory-mib", Integer.toString(DEFAULT_ROCKSDB_MEMORY_MIB));
        defaults.put("streams.rocksdb.write-buffer-mib", Integer.toString(DEFAULT_ROCKSDB_WRITE_BUFFER_MIB));
        defaults.put("streams.http.host", "127.0.0.1");
        defaults.put("streams.http.port", "8083");
        // Read by StreamsApp.main only (a process of its own): how soon a crashed instance's tasks move.
        defaults.put("streams.session-timeout", "45s");
        defaults.putAll(HttpTls.defaults(TLS_PREFIX));
        // The border topology's keys (border.grace, border.alert.*, border.gate.<CODE>.alert.*, ...).
        defaults.putAll(BorderConfig.DEFAULTS);
        defaults.put(VaccinationTopology.PENDING_CORRECTION_TTL_KEY, "30d");
        defaults.put(VaccinationTopology.STOCK_ALERT_RAISE_BELOW_DAYS_KEY, Integer.toString(StockRules.DEFAULT_RAISE_BELOW_DAYS));
        defaults.put(VaccinationTopology.STOCK_ALERT_CLEAR_AT_DAYS_KEY, Integer.toString(StockRules.DEFAULT_CLEAR_AT_DAYS));
        return Collections.unmodifiableMap(defaults);
    }

    public static StreamsAppConfig from(Settings s) {
        return new StreamsAppConfig(
                s.required("kafka.bootstrap-servers"),
                s.required("registry.url"),
                s.required("streams.application-id"),
                s.path("streams.state-dir"),
                s.duration("streams.commit-interval"),
                s.integer("streams.threads", 1, 64),
                s.required("streams.http.host"),
                s.port("streams.http.port"),
                ClientProperties.from(s),
                HttpTls.from(s, TLS_PREFIX),
                BorderConfig.from(s),
                VaccinationTopology.Options.from(s),
                StreamsProfile.from(s),
                s.integer("streams.rocksdb.memory-mib", 0, 1 << 20),
                s.integer("streams.rocksdb.write-buffer-mib", 1, 1 << 20));
    }

    @Override
    public String toString() {
        // The registry URL may carry user:password.
        return "StreamsAppConfig[bootstrapServers=" + bootstrapServers + ", registryUrl=" + Secrets.url(registryUrl)
                + ", applicationId=" + applicationId + ", stateDir=" + stateDir + ", commitInterval=" + commitInterval
                + ", threads=" + threads + ", profile=" + profile + ", rocksDbMemoryMib=" + rocksDbMemoryMib + ", http=" + httpHost + ":" + httpPort + ", tls=" + tls + ", clients=" + clients + "]";
    }

    public static StreamsAppConfig load(Path file, Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, file, System.getenv(), overrides));
    }
}
