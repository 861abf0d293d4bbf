package vn.pulse.producer.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import vn.pulse.core.config.ConfigException;

/**
 * The gateway's API keys, stored as SHA-256 hashes: a key is 32 random bytes, so a hash suffices
 * (nothing to guess from it, nothing to salt against). A presented key is hashed and compared with
 * every stored hash in constant time.
 *
 * <p>One entry per key, {@code name=role|codes|sha256-hex}, e.g.
 * {@code customs-huu-nghi=customs|HUU_NGHI|9f2c...}; codes are comma-separated gate or district
 * codes or {@code *}. Entries come from a properties file ({@code ingest.keys.file}) and/or
 * from {@code ingest.keys} (env {@code PULSE_INGEST_KEYS}), entries separated by {@code ;}.
 */
public final class ApiKeys {

    /** Prefix of generated keys: makes them recognisable in a leaked config or a log line. */
    public static final String KEY_PREFIX = "pulse_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(IngestKey key, byte[] hash) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    /** Keys from a properties file (may be null) and from an inline {@code ;}-separated list (may be blank). */
    public static ApiKeys load(Path file, String inline) {
        List<Entry> entries = new ArrayList<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read ingest.keys.file " + file + ": " + e.getMessage());
            }
            for (String name : new TreeSet<>(p.stringPropertyNames())) {
                entries.add(parse(name, p.getProperty(name), file.toString()));
            }
        }
        if (inline != null) {
            for (String item : inline.split(";")) {
                if (item.isBlank()) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq < 1) {
                    throw new ConfigException("ingest.keys: entry '" + redact(item) + "' must be name=role|codes|sha256-hex");
                }
                entries.add(parse(item.substring(0, eq).trim(), item.substring(eq + 1), "ingest.keys"));
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (!names.add(e.key().name())) {
                throw new ConfigException("ingest keys: the name '" + e.key().name() + "' is used twice");
            }
        }
        return new ApiKeys(entries);
    }

    private static Entry parse(String name, String value, String where) {
        String[] parts = value.trim().split("\\|");
        if (parts.length != 3) {
            throw new ConfigException(where + ": key '" + name + "' must be role|codes|sha256-hex (e.g. customs|HUU_NGHI|9f2c...)");
        }
        IngestKey.Role role;
        try {
            role = IngestKey.Role.parse(parts[0]);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": key '" + name + "' has unknown role '" + parts[0].trim()
                    + "' (expected customs, site or health)");
        }
        Set<String> codes = new LinkedHashSet<>();
        Arrays.stream(parts[1].split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(codes::add);
        if (codes.isEmpty() && role != IngestKey.Role.HEALTH) {
            throw new ConfigException(where + ": key '" + name + "' needs at least one code (or *)");
        }
        byte[] hash;
        try {
            hash = HexFormat.of().parseHex(parts[2].trim());
        } catch (IllegalArgumentException e) {
            hash = new byte[0];
        }
        if (hash.length != 32) {
            throw new ConfigException(where + ": key '" + name + "' needs a SHA-256 hash of 64 hex digits");
        }
        return new Entry(new IngestKey(name, role, codes), hash);
    }

    /** The key's holder, if {@code presented} is one of the keys; takes the same time whichever matches. */
    public Optional<IngestKey> authenticate(String presented) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented.trim());
        IngestKey found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.hash(), hash) && found == null) {
                found = e.key();
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return entries.size();
    }

    public List<IngestKey> keys() {
        return entries.stream().map(Entry::key).toList();
    }

    /** A new random key (256 bits). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a key: lower-case hex SHA-256. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** The entry value for a key file: {@code role|codes|hash}. */
    public static String entry(IngestKey.Role role, List<String> codes, String key) {
        return role.label() + "|" + String.join(",", codes) + "|" + hash(key);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String redact(String item) {
        return item.length() <= 12 ? item : item.substring(0, 12) + "...";
    }

    /**
     * Creates a key file with one key per role (and a single-gate customs key to show scoping), unless
     * it exists: the hashes go to {@code hashFile}, the plain keys (shown once, for the user) to
     * {@code plainFile}. Returns whether it created them.
     */
    public static boolean createLocalKeys(Path hashFile, Path plainFile) {
        if (Files.exists(hashFile)) {
            return false;
        }
        record Local(String name, IngestKey.Role role, List<String> codes) {
        }
        List<Local> locals = List.of(
                new Local("customs", IngestKey.Role.CUSTOMS, List.of(IngestKey.ALL)),
                new Local("customs-huu-nghi", IngestKey.Role.CUSTOMS, List.of("HUU_NGHI")),
                new Local("site", IngestKey.Role.SITE, List.of(IngestKey.ALL)),
                new Local("site-178", IngestKey.Role.SITE, List.of("178")),
                new Local("health", IngestKey.Role.HEALTH, List.of(IngestKey.ALL)));
        StringBuilder hashes = new StringBuilder("# Pulse ingest API keys (SHA-256 hashes): name=role|codes|hash\n");
        StringBuilder plain = new StringBuilder("# Pulse ingest API keys for the local run. Send one as: Authorization: Bearer <key>\n");
        for (Local l : locals) {
            String key = generate();
            hashes.append(l.name()).append('=').append(entry(l.role(), l.codes(), key)).append('\n');
            plain.append(String.format("%-18s %-8s %-10s %s%n", l.name(), l.role().label(), String.join(",", l.codes()), key));
        }
        try {
            Files.createDirectories(hashFile.toAbsolutePath().getParent());
            Files.writeString(plainFile, plain);
            Files.writeString(hashFile, hashes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local ingest keys to " + hashFile.getParent(), e);
        }
        return true;
    }
}
