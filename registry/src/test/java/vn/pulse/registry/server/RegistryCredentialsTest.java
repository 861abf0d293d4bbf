package vn.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.config.ConfigException;

/** The credentials file: hashes only, roles, clear errors, reloading when it changes. */
class RegistryCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void storesOnlyHashesAndAuthenticatesWithTheRole() throws IOException {
        Path file = RegistryUsersFile.write(dir.resolve("users"), Map.of("svc", "s3cret-pw:write", "ops", "other-pw:admin"));
        String text = Files.readString(file);
        assertThat(text).doesNotContain("s3cret-pw", "other-pw").contains("svc = pbkdf2-sha256:100000:", ", write");

        RegistryCredentials credentials = RegistryCredentials.load(file);
        assertThat(credentials.size()).isEqualTo(2);
        assertThat(credentials.authenticate("svc", "s3cret-pw")).contains(new RegistryCredentials.User("svc", RegistryRole.WRITE));
        assertThat(credentials.authenticate("svc", "s3cret-pw")).as("a remembered pair").isPresent();
        assertThat(credentials.authenticate("svc", "other-pw")).isEmpty();
        assertThat(credentials.authenticate("svc", "s3cret-pw ")).isEmpty();
        assertThat(credentials.authenticate("nobody", "s3cret-pw")).isEmpty();
        assertThat(credentials.authenticate("ops", "other-pw").orElseThrow().role()).isEqualTo(RegistryRole.ADMIN);
        assertThat(credentials.toString()).doesNotContain("pbkdf2");
    }

    @Test
    void rolesIncludeTheLowerOnes() {
        assertThat(RegistryRole.ADMIN.includes(RegistryRole.WRITE)).isTrue();
        assertThat(RegistryRole.WRITE.includes(RegistryRole.READ)).isTrue();
        assertThat(RegistryRole.WRITE.includes(RegistryRole.ADMIN)).isFalse();
        assertThat(RegistryRole.READ.includes(RegistryRole.WRITE)).isFalse();
        assertThat(RegistryAccess.requiredRole("GET", "/subjects")).isEqualTo(RegistryRole.READ);
        assertThat(RegistryAccess.requiredRole("POST", "/subjects/a-value")).isEqualTo(RegistryRole.READ);
        assertThat(RegistryAccess.requiredRole("POST", "/subjects/a-value/versions")).isEqualTo(RegistryRole.WRITE);
        assertThat(RegistryAccess.requiredRole("POST", "/compatibility/subjects/a-value/versions/latest")).isEqualTo(RegistryRole.WRITE);
        assertThat(RegistryAccess.requiredRole("PUT", "/config")).isEqualTo(RegistryRole.ADMIN);
        assertThat(RegistryAccess.requiredRole("DELETE", "/subjects/a-value")).isEqualTo(RegistryRole.ADMIN);
        assertThat(RegistryAccess.requiredRole("PATCH", "/subjects")).isEqualTo(RegistryRole.ADMIN);
    }

    @Test
    void aBrokenFileNamesTheUserAndTheReason() throws IOException {
        Path file = dir.resolve("broken");
        Files.writeString(file, "svc = s3cret-plaintext, write\n");
        assertThatThrownBy(() -> RegistryCredentials.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("user 'svc'").hasMessageContaining("pbkdf2-sha256").hasMessageNotContaining("s3cret-plaintext");

        String hash = RegistryCredentials.entry("svc", "pw", RegistryRole.READ).split(" = ", 2)[1].split(",")[0];
        Files.writeString(file, "svc = " + hash + ", root\n");
        assertThatThrownBy(() -> RegistryCredentials.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("user 'svc'").hasMessageContaining("unknown role 'root'");
        Files.writeString(file, "svc = " + hash + "\n");
        assertThatThrownBy(() -> RegistryCredentials.load(file)).hasMessageContaining("<role>");
        assertThatThrownBy(() -> RegistryCredentials.load(dir.resolve("missing"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read the registry credentials file");
        assertThatThrownBy(() -> RegistryCredentials.entry("a:b", "pw", RegistryRole.READ)).hasMessageContaining("':'");
    }

    @Test
    void readsTheFileAgainWhenItChangesAndKeepsTheOldUsersWhenItBreaks() throws Exception {
        Path file = RegistryUsersFile.write(dir.resolve("users"), Map.of("svc", "old-pw:write"));
        RegistryCredentials credentials = RegistryCredentials.load(file);
        assertThat(credentials.authenticate("svc", "old-pw")).isPresent();

        RegistryUsersFile.write(file, Map.of("svc", "new-pw:write"));
        Thread.sleep(1_100);
        assertThat(credentials.authenticate("svc", "new-pw")).isPresent();
        assertThat(credentials.authenticate("svc", "old-pw")).as("a remembered pair is forgotten on reload").isEmpty();

        Files.writeString(file, "svc = garbage, write\n# longer than before\n");
        Thread.sleep(1_100);
        assertThat(credentials.authenticate("svc", "new-pw")).as("a broken file keeps the users read before").isPresent();
    }

    @Test
    void privateFilesAreOwnerOnly() throws IOException {
        Path file = dir.resolve("sub").resolve("secret.txt");
        RegistryCredentials.writePrivate(file, "x");
        assertThat(Files.readString(file)).isEqualTo("x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThatThrownBy(() -> RegistryCredentials.writePrivate(file, "y")).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }
}
