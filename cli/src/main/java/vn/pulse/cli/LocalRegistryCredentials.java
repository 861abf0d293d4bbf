package vn.pulse.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.config.ConfigException;
import vn.pulse.registry.server.RegistryCredentials;
import vn.pulse.registry.server.RegistryRole;

/**
 * The schema registry users of {@code ./pulse run}, created with random passwords on first start in the data
 * directory, both files readable by their owner only:
 * <ul>
 *   <li>{@value #USERS_FILE}: what the registry reads (PBKDF2 hashes and roles, format of {@link RegistryCredentials});</li>
 *   <li>{@value #CREDENTIALS_FILE}: the plain {@code user:password} of each, for the services and for you:
 *       {@code service.user-info} ({@value #SERVICE_USER}, role {@code write}: every Pulse service and tool) and
 *       {@code admin.user-info} ({@value #ADMIN_USER}, role {@code admin}: deleting subjects, changing compatibility).</li>
 * </ul>
 */
final class LocalRegistryCredentials {

    static final String USERS_FILE = "registry-users.properties";
    static final String CREDENTIALS_FILE = "registry-credentials.properties";
    static final String SERVICE_USER = "pulse-service";
    static final String ADMIN_USER = "pulse-admin";
    static final String SERVICE_KEY = "service.user-info";
    static final String ADMIN_KEY = "admin.user-info";

    private LocalRegistryCredentials() {
    }

    /**
     * Creates both files in {@code dataDir} unless both exist (a lost plain file cannot be recovered from the
     * hashes, so both are made again).
     *
     * @return whether new credentials were created
     */
    static boolean createIfMissing(Path dataDir) {
        Path users = dataDir.resolve(USERS_FILE);
        Path plain = dataDir.resolve(CREDENTIALS_FILE);
        if (Files.exists(users) && Files.exists(plain)) {
            return false;
        }
        String servicePassword = RegistryCredentials.generatePassword();
        String adminPassword = RegistryCredentials.generatePassword();
        String hashes = "# Schema registry users of the local run (PBKDF2 hashes): user = hash, role\n"
                + RegistryCredentials.entry(SERVICE_USER, servicePassword, RegistryRole.WRITE) + "\n"
                + RegistryCredentials.entry(ADMIN_USER, adminPassword, RegistryRole.ADMIN) + "\n";
        String credentials = "# Schema registry credentials of the local run (HTTP basic auth, user:password). Keep this file private.\n"
                + "# " + SERVICE_KEY + " (role write) is what every Pulse service and tool uses;\n"
                + "# " + ADMIN_KEY + " (role admin) may also delete subjects and change compatibility.\n"
                + SERVICE_KEY + "=" + SERVICE_USER + ":" + servicePassword + "\n"
                + ADMIN_KEY + "=" + ADMIN_USER + ":" + adminPassword + "\n";
        try {
            Files.deleteIfExists(users);
            Files.deleteIfExists(plain);
            RegistryCredentials.writePrivate(plain, credentials);
            RegistryCredentials.writePrivate(users, hashes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local schema registry credentials to " + dataDir, e);
        }
        return true;
    }

    /**
     * The serde properties that log a client in with {@code key} ({@value #SERVICE_KEY} or {@value #ADMIN_KEY}) of
     * a credentials file written by {@link #createIfMissing}.
     *
     * @throws ConfigException naming the file when it cannot be read or lacks the key
     */
    static ClientProperties clients(Path credentialsFile, String key) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(credentialsFile, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read the schema registry credentials file " + credentialsFile + ": " + e.getMessage(), e);
        }
        String userInfo = properties.getProperty(key);
        if (userInfo == null || !userInfo.contains(":")) {
            throw new ConfigException("the schema registry credentials file " + credentialsFile + " has no " + key + "=user:password");
        }
        return new ClientProperties(Map.of(), Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", userInfo.trim()));
    }
}
