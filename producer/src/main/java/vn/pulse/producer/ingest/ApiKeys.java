package vn.pulse.producer.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;

/**
 * The gateway's API keys, stored as SHA-256 hashes: a key is 32 random bytes, so a hash suffices
 * (nothing to guess from it, nothing to salt against). A presented key is hashed and compared with
 * every stored hash in constant time.
 *
 * <p>One entry per key, {@code name=role|codes|sha256-hex[|expires]}, e.g.
 * {@code customs-gate-a=customs|GATE_A|9f2c...|2027-06-30T23:59:59+07:00}; codes are comma-separated
 * gate or district codes or {@code *}; the optional expiry is an ISO-8601 date-time with offset from
 * which the key is refused. Entries come from a properties file ({@code ingest.keys.file}, re-read
 * when it changes: {@link ReloadingApiKeys}) and/or from {@code ingest.keys} (env
 * {@code PULSE_INGEST_KEYS}), entries separated by {@code ;}.
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
        if (file == null) {
            return fromContent(null, null, inline);
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read ingest.keys.file " + file + ": " + e.getMessage());
        }
        return fromContent(content, file.toString(), inline);
    }

    /**
     * Keys from the bytes of a key file ({@code where} names it in errors; null = no file) and from an
     * inline list. Throws {@link ConfigException} naming the first bad entry.
     */
    static ApiKeys fromContent(byte[] fileContent, String where, String inline) {
        List<Entry> entries = new ArrayList<>();
        if (fileContent != null) {
            Properties p = new Properties();
            try {
                String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(fileContent)).toString();
                p.load(new StringReader(text));
            } catch (CharacterCodingException e) {
                throw new ConfigException("cannot read ingest.keys.file " + where + ": not UTF-8 text");
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("cannot read ingest.keys.file " + where + ": " + e.getMessage());
            }
            for (String name : new TreeSet<>(p.stringPropertyNames())) {
                entries.add(parse(name, p.getProperty(name), where));
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
        if (parts.length != 3 && parts.length != 4) {
            throw new ConfigException(where + ": key '" + name + "' must be role|codes|sha256-hex[|expires] (e.g. customs|GATE_A|9f2c...)");
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
        Instant expiresAt = null;
        if (parts.length == 4) {
            try {
                expiresAt = OffsetDateTime.parse(parts[3].trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw new ConfigException(where + ": key '" + name + "' has the expiry '" + parts[3].trim()
                        + "', not an ISO-8601 date-time with offset (e.g. 2027-06-30T23:59:59+07:00)");
            }
        }
        return new Entry(new IngestKey(name, role, codes, expiresAt), hash);
    }

    /** The key's holder, if {@code presented} is one of the keys and has not expired. */
    public Optional<IngestKey> authenticate(String presented) {
        return find(presented).filter(k -> !k.expiredAt(Instant.now()));
    }

    /**
     * The key's holder, if {@code presented} is one of the keys, expired or not (the caller says
     * which); takes the same time whichever matches.
     */
    public Optional<IngestKey> find(String presented) {
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

    /** {@link #createLocalKeys(Path, Path, GeoDataSet)} for the {@linkplain Geography#selected() selected data set}. */
    public static boolean createLocalKeys(Path hashFile, Path plainFile) {
        return createLocalKeys(hashFile, plainFile, Geography.selected());
    }

    /**
     * Creates a key file with one key per role, and, to show scoping, a customs key for the data set's
     * first gate ({@code customs-<gate>}, lower case, {@code _} as {@code -}) and a site key for its
     * first counting unit ({@code site-<unit>}), unless it exists: the hashes go to {@code hashFile},
     * the plain keys (shown once, for the user) to {@code plainFile}. Both are created readable and
     * writable by their owner only (mode 0600 where the file system has POSIX permissions); existing
     * ones readable by others are narrowed to it. Returns whether it created them.
     */
    public static boolean createLocalKeys(Path hashFile, Path plainFile, GeoDataSet dataSet) {
        if (Files.exists(hashFile)) {
            ownerOnly(hashFile);
            ownerOnly(plainFile);
            return false;
        }
        record Local(String name, IngestKey.Role role, List<String> codes) {
        }
        List<Local> locals = new ArrayList<>();
        locals.add(new Local("customs", IngestKey.Role.CUSTOMS, List.of(IngestKey.ALL)));
        dataSet.gates().stream().findFirst().ifPresent(gate -> locals.add(new Local(localName("customs", gate.code()),
                IngestKey.Role.CUSTOMS, List.of(gate.code()))));
        locals.add(new Local("site", IngestKey.Role.SITE, List.of(IngestKey.ALL)));
        dataSet.countingUnits().stream().findFirst().ifPresent(unit -> locals.add(new Local(localName("site", unit.code()),
                IngestKey.Role.SITE, List.of(unit.code()))));
        locals.add(new Local("health", IngestKey.Role.HEALTH, List.of(IngestKey.ALL)));
        StringBuilder hashes = new StringBuilder("# Pulse ingest API keys (SHA-256 hashes): name=role|codes|hash\n");
        StringBuilder plain = new StringBuilder("# Pulse ingest API keys for the local run. Send one as: Authorization: Bearer <key>\n");
        for (Local l : locals) {
            String key = generate();
            hashes.append(l.name()).append('=').append(entry(l.role(), l.codes(), key)).append('\n');
            plain.append(String.format("%-18s %-8s %-10s %s%n", l.name(), l.role().label(), String.join(",", l.codes()), key));
        }
        try {
            Files.createDirectories(hashFile.toAbsolutePath().getParent());
            writeOwnerOnly(plainFile, plain.toString());
            writeOwnerOnly(hashFile, hashes.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local ingest keys to " + hashFile.getParent(), e);
        }
        return true;
    }

    /** A local key's name: {@code site-101} for unit {@code 101}, {@code customs-gate-a} for gate {@code GATE_A}. */
    static String localName(String role, String code) {
        return role + "-" + code.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The permissions of every key file Pulse writes: read and write for the owner only (0600). */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * Writes {@code text} to {@code file}, creating it with {@link #OWNER_ONLY} so that it is never
     * readable by others, not even for a moment. An existing file is replaced by a new one.
     */
    static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " was created by someone else meanwhile: keys are not written into it", e);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Narrows an existing key file readable by others to {@link #OWNER_ONLY}. */
    private static void ownerOnly(Path file) {
        try {
            if (Files.exists(file) && Files.getFileStore(file).supportsFileAttributeView("posix")
                    && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict " + file + " to its owner (mode 0600)", e);
        }
    }
}
