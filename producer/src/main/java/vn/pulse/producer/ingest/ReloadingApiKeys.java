package vn.pulse.producer.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.config.ConfigException;

/**
 * The gateway's keys, re-read from {@code ingest.keys.file} whenever its content changes (checked every
 * {@link #INTERVAL}), so keys are added and revoked without a restart. A changed file that cannot be
 * used (unreadable, a malformed entry, a name twice, or no key at all where there were keys) changes
 * nothing: the keys loaded before stay, the problem is logged once and counted in
 * {@code pulse.ingest.keys.reloads{outcome="failed"}}. The inline keys ({@code ingest.keys}) are fixed
 * at start.
 */
final class ReloadingApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingApiKeys.class);
    /** How often the key file is checked for a change. */
    static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final byte[] UNREADABLE = new byte[0];

    private final Path file;
    private final String inline;
    private final Counter reloaded;
    private final Counter failed;
    private volatile ApiKeys current;
    /** The digest of the file content last read (loaded or refused), or {@link #UNREADABLE}. */
    private byte[] seen;

    /**
     * Loads the keys; a bad file or inline list stops the start ({@link ConfigException}).
     *
     * @param file   the key file, or null (then only the inline keys, never reloaded)
     * @param inline the inline keys, may be blank
     */
    ReloadingApiKeys(Path file, String inline, MeterRegistry metrics) {
        this.file = file;
        this.inline = inline;
        byte[] content = null;
        if (file != null) {
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new ConfigException("cannot read ingest.keys.file " + file + ": " + e.getMessage());
            }
        }
        this.current = ApiKeys.fromContent(content, file == null ? null : file.toString(), inline);
        this.seen = content == null ? UNREADABLE : sha256(content);
        this.reloaded = Counter.builder("pulse.ingest.keys.reloads").tag("outcome", "reloaded")
                .description("Changes of the ingest key file applied without a restart").register(metrics);
        this.failed = Counter.builder("pulse.ingest.keys.reloads").tag("outcome", "failed")
                .description("Changes of the ingest key file refused (the keys before stay)").register(metrics);
        Gauge.builder("pulse.ingest.keys.loaded", this, k -> k.current.size())
                .description("Ingest API keys the gateway accepts (expired ones included)").register(metrics);
    }

    /** The keys in force. */
    ApiKeys current() {
        return current;
    }

    /**
     * Re-reads the key file if its content changed since it was last read, and uses it if it can.
     * Returns whether the keys in force changed.
     */
    synchronized boolean reload() {
        if (file == null) {
            return false;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            if (seen != UNREADABLE) {
                seen = UNREADABLE;
                refuse("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
            return false;
        }
        byte[] digest = sha256(content);
        if (Arrays.equals(digest, seen)) {
            return false;
        }
        seen = digest;
        ApiKeys next;
        try {
            next = ApiKeys.fromContent(content, file.toString(), inline);
        } catch (ConfigException e) {
            refuse(e.getMessage());
            return false;
        }
        ApiKeys before = current;
        if (next.size() == 0 && before.size() > 0) {
            refuse(file + " has no key (to refuse every key, stop the gateway)");
            return false;
        }
        current = next;
        reloaded.increment();
        Set<String> added = names(next.keys());
        added.removeAll(names(before.keys()));
        Set<String> removed = names(before.keys());
        removed.removeAll(names(next.keys()));
        LOG.info("Ingest keys reloaded from {}: {} keys, added {}, removed {}", file, next.size(), added, removed);
        return true;
    }

    private void refuse(String why) {
        failed.increment();
        LOG.error("Ingest key file changed but is not used: {}; the {} keys loaded before stay in force", why, current.size());
    }

    private static Set<String> names(List<IngestKey> keys) {
        Set<String> names = new TreeSet<>();
        keys.forEach(k -> names.add(k.name()));
        return names;
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
