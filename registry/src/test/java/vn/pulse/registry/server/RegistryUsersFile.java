package vn.pulse.registry.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/** Writes registry credentials files for tests: user → {password, role}. */
public final class RegistryUsersFile {

    private RegistryUsersFile() {
    }

    /**
     * Writes (or rewrites) {@code file} with the given users ({@code name → "password:role"}) and moves its
     * modification time forward, so a running registry sees the change at its next check.
     */
    public static Path write(Path file, Map<String, String> users) {
        StringBuilder text = new StringBuilder("# registry users for a test\n");
        users.forEach((name, passwordRole) -> {
            int colon = passwordRole.lastIndexOf(':');
            text.append(RegistryCredentials.entry(name, passwordRole.substring(0, colon),
                    RegistryRole.parse(passwordRole.substring(colon + 1)))).append('\n');
        });
        try {
            FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            Files.writeString(file, text);
            if (before != null) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochMilli(before.toMillis() + 2_000)));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
