package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.config.ConfigException;
import vn.pulse.registry.server.RegistryCredentials;
import vn.pulse.registry.server.RegistryRole;

/** The local run's registry users: created once, private, hashes for the registry, user info for the services. */
class LocalRegistryCredentialsTest {

    @TempDir
    Path dataDir;

    @Test
    void createsPrivateFilesOnceAndTheServicesLogInWithTheServiceUser() throws IOException {
        assertThat(LocalRegistryCredentials.createIfMissing(dataDir)).isTrue();
        Path plain = dataDir.resolve(LocalRegistryCredentials.CREDENTIALS_FILE);
        Path users = dataDir.resolve(LocalRegistryCredentials.USERS_FILE);
        for (Path file : new Path[] {plain, users}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
        }
        String first = Files.readString(plain);
        assertThat(LocalRegistryCredentials.createIfMissing(dataDir)).as("kept on the next start").isFalse();
        assertThat(Files.readString(plain)).isEqualTo(first);

        ClientProperties service = LocalRegistryCredentials.clients(plain, LocalRegistryCredentials.SERVICE_KEY);
        String userInfo = service.registry().get("basic.auth.user.info");
        assertThat(service.registry()).containsEntry("basic.auth.credentials.source", "USER_INFO");
        assertThat(userInfo).startsWith("pulse-service:");
        String password = userInfo.substring(userInfo.indexOf(':') + 1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(40);
        assertThat(Files.readString(users)).doesNotContain(password);
        assertThat(service.toString()).doesNotContain(password);

        RegistryCredentials registry = RegistryCredentials.load(users);
        assertThat(registry.authenticate("pulse-service", password).orElseThrow().role()).isEqualTo(RegistryRole.WRITE);
        String admin = LocalRegistryCredentials.clients(plain, LocalRegistryCredentials.ADMIN_KEY).registry().get("basic.auth.user.info");
        assertThat(registry.authenticate("pulse-admin", admin.substring(admin.indexOf(':') + 1)).orElseThrow().role())
                .isEqualTo(RegistryRole.ADMIN);
    }

    @Test
    void aLostPlainFileMeansNewUsers() throws IOException {
        LocalRegistryCredentials.createIfMissing(dataDir);
        String hashes = Files.readString(dataDir.resolve(LocalRegistryCredentials.USERS_FILE));
        Files.delete(dataDir.resolve(LocalRegistryCredentials.CREDENTIALS_FILE));
        assertThat(LocalRegistryCredentials.createIfMissing(dataDir)).isTrue();
        assertThat(Files.readString(dataDir.resolve(LocalRegistryCredentials.USERS_FILE))).isNotEqualTo(hashes);
    }

    @Test
    void aFileWithoutTheKeyIsAClearError() throws IOException {
        Path file = dataDir.resolve("creds.properties");
        Files.writeString(file, "other=x\n");
        assertThatThrownBy(() -> LocalRegistryCredentials.clients(file, LocalRegistryCredentials.SERVICE_KEY))
                .isInstanceOf(ConfigException.class).hasMessageContaining(file.toString()).hasMessageContaining("service.user-info");
        assertThatThrownBy(() -> LocalRegistryCredentials.clients(dataDir.resolve("missing"), LocalRegistryCredentials.SERVICE_KEY))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
    }

    @Test
    void importAndSimulateUseAGivenCredentialsFile() {
        LocalRegistryCredentials.createIfMissing(dataDir);
        KafkaOptions options = new KafkaOptions();
        options.registryCredentials = dataDir.resolve(LocalRegistryCredentials.CREDENTIALS_FILE);
        assertThat(options.clients().registry().get("basic.auth.user.info")).startsWith("pulse-service:");
    }
}
