package vn.pulse.registry.server;

import java.io.Console;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Scanner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.config.ConfigException;

/**
 * The users of a registry with HTTP basic authentication, read from a credentials file
 * ({@code registry.auth.credentials-file}), one user per line in {@link Properties} syntax:
 *
 * <pre>
 * # user = password hash, role
 * pulse-admin   = pbkdf2-sha256:100000:&lt;base64 salt&gt;:&lt;base64 hash&gt;, admin
 * pulse-service = pbkdf2-sha256:100000:&lt;base64 salt&gt;:&lt;base64 hash&gt;, write
 * grafana       = pbkdf2-sha256:100000:&lt;base64 salt&gt;:&lt;base64 hash&gt;, read
 * </pre>
 *
 * <p>Only PBKDF2-HMAC-SHA256 hashes are stored, never passwords; {@link #entry} (or this class's
 * {@code main}) makes a line. The role is {@code read}, {@code write} or {@code admin} ({@link RegistryRole}).
 * The file is read again when it changes (checked at most once a second); a file that no longer parses is
 * reported and the users read before stay in force.
 *
 * <p>A verified {@code user:password} pair is remembered (as a keyed SHA-256 digest, never in clear) until
 * the file changes, so only the first request of a client pays for PBKDF2; hashing runs on at most half
 * the cores at once.
 */
public final class RegistryCredentials {

    /** A user of the registry. */
    public record User(String name, RegistryRole role) {
    }

    private record Entry(User user, PasswordHash hash) {
    }

    /** The users of one version of the file, and the credentials verified against it. */
    private record Snapshot(Map<String, Entry> users, FileTime modified, long size, Map<String, User> verified) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RegistryCredentials.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final int MAX_VERIFIED = 10_000;
    /** Hashed in place of an unknown user's, so an unknown name takes as long as a wrong password. */
    private static final PasswordHash DECOY = PasswordHash.of("decoy", PasswordHash.DEFAULT_ITERATIONS);
    /**
     * PBKDF2 runs on at most half the cores at once, so a flood of wrong passwords cannot take every core from
     * the clients already logged in (those are answered from the verified pairs without hashing).
     */
    private static final Semaphore HASHING = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));

    private final Path file;
    private final byte[] digestKey = new byte[32];
    private volatile Snapshot snapshot;
    private volatile long checkedAtNanos;

    private RegistryCredentials(Path file, Snapshot snapshot) {
        this.file = file;
        this.snapshot = snapshot;
        this.checkedAtNanos = System.nanoTime();
        RANDOM.nextBytes(digestKey);
    }

    /**
     * Reads a credentials file.
     *
     * @throws ConfigException naming the file and the line (user) that is wrong
     */
    public static RegistryCredentials load(Path file) {
        return new RegistryCredentials(file, read(file));
    }

    /** The file the users come from. */
    public Path file() {
        return file;
    }

    /** How many users the file names. */
    public int size() {
        return current().users().size();
    }

    /**
     * The user whose name and password these are, or empty. Takes as long for an unknown user as for a
     * wrong password; compares hashes in constant time.
     */
    public Optional<User> authenticate(String name, String password) {
        Snapshot current = current();
        String digest = digest(name, password);
        User known = current.verified().get(digest);
        if (known != null) {
            return Optional.of(known);
        }
        Entry entry = current.users().get(name);
        boolean matches;
        HASHING.acquireUninterruptibly();
        try {
            matches = (entry == null ? DECOY : entry.hash()).matches(password);
        } finally {
            HASHING.release();
        }
        if (entry == null || !matches) {
            return Optional.empty();
        }
        if (current.verified().size() >= MAX_VERIFIED) {
            current.verified().clear();
        }
        current.verified().put(digest, entry.user());
        return Optional.of(entry.user());
    }

    private Snapshot current() {
        long now = System.nanoTime();
        if (now - checkedAtNanos >= RECHECK_NANOS) {
            checkedAtNanos = now;
            reloadIfChanged();
        }
        return snapshot;
    }

    private synchronized void reloadIfChanged() {
        Snapshot old = snapshot;
        try {
            if (Files.getLastModifiedTime(file).equals(old.modified()) && Files.size(file) == old.size()) {
                return;
            }
        } catch (IOException e) {
            LOG.error("Cannot check the registry credentials file {}: {}; keeping the {} users read before", file, e.toString(),
                    old.users().size());
            return;
        }
        try {
            snapshot = read(file);
            LOG.info("Reloaded the registry credentials file {} ({} users)", file, snapshot.users().size());
        } catch (ConfigException e) {
            LOG.error("{}; keeping the {} users read before", e.getMessage(), old.users().size());
        }
    }

    private static Snapshot read(Path file) {
        Properties properties = new Properties();
        FileTime modified;
        long size;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read the registry credentials file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Entry> users = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            String value = properties.getProperty(name);
            String where = "registry credentials file " + file + ", user '" + name + "': ";
            if (name.isBlank() || name.contains(":")) {
                throw new ConfigException(where + "a user name must not be empty or contain ':'");
            }
            int comma = value.lastIndexOf(',');
            if (comma < 0) {
                throw new ConfigException(where + "expected '<password hash>, <role>' (role read, write or admin)");
            }
            try {
                PasswordHash hash = PasswordHash.parse(value.substring(0, comma));
                RegistryRole role = RegistryRole.parse(value.substring(comma + 1));
                users.put(name, new Entry(new User(name, role), hash));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + e.getMessage());
            }
        }
        return new Snapshot(Map.copyOf(users), modified, size, new ConcurrentHashMap<>());
    }

    private String digest(String name, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(digestKey);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    // ---------------------------------------------------------------- writing credentials

    /** One line of a credentials file: {@code name = <PBKDF2 hash of password>, role}. */
    public static String entry(String name, String password, RegistryRole role) {
        if (name == null || name.isBlank() || name.contains(":") || name.contains("=") || name.contains(" ")) {
            throw new IllegalArgumentException("a registry user name must not be empty or contain ':', '=' or spaces");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password of registry user " + name + " must not be empty");
        }
        return name + " = " + PasswordHash.of(password, PasswordHash.DEFAULT_ITERATIONS).encoded() + ", " + role.label();
    }

    /** A random password: 32 bytes, URL-safe base64. */
    public static String generatePassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Writes {@code text} to a new file readable and writable by its owner only (mode 0600 where the file
     * system has POSIX permissions), creating its directory.
     *
     * @throws FileAlreadyExistsException if the file exists
     */
    public static void writePrivate(Path path, String text) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(path);
        }
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    /**
     * Prints a credentials file line for a user: {@code RegistryCredentials USER ROLE}, the password read
     * from the console (or the first line of standard input).
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: RegistryCredentials USER read|write|admin   (the password is read from the console or stdin)");
            System.exit(2);
        }
        try {
            RegistryRole role = RegistryRole.parse(args[1]);
            Console console = System.console();
            String password;
            if (console != null) {
                char[] typed = console.readPassword("Password for registry user %s: ", args[0]);
                password = typed == null ? "" : new String(typed);
            } else {
                Scanner in = new Scanner(System.in, StandardCharsets.UTF_8);
                password = in.hasNextLine() ? in.nextLine() : "";
            }
            System.out.println(entry(args[0], password, role));
        } catch (IllegalArgumentException e) {
            System.err.println("registry credentials: " + e.getMessage());
            System.exit(2);
        }
    }

    @Override
    public String toString() {
        return "RegistryCredentials[file=" + file + "]";
    }
}
