package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.config.ConfigException;
import vn.pulse.testing.LogCapture;

/** Keys added, revoked and expired without a restart; a bad key file never costs the keys in force. */
class ReloadingApiKeysTest {

    private static final String A = "key-a";
    private static final String B = "key-b";
    private static final String C = "key-c";

    @TempDir
    Path dir;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private static String entry(String name, String key) {
        return name + "=site|178|" + ApiKeys.hash(key) + "\n";
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("ingest-keys.properties");
        // As an operator should: a new file moved over the old one.
        Path next = dir.resolve("ingest-keys.properties.new");
        Files.writeString(next, text);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private double reloads(String outcome) {
        return metrics.get("pulse.ingest.keys.reloads").tag("outcome", outcome).counter().count();
    }

    @Test
    void picksUpANewKeyAndDropsARemovedOneWithoutRestart() throws Exception {
        Path file = write(entry("a", A) + entry("b", B));
        ReloadingApiKeys keys = new ReloadingApiKeys(file, "", metrics);
        assertThat(keys.current().find(A)).isPresent();
        assertThat(keys.current().find(C)).isEmpty();
        assertThat(keys.reload()).as("unchanged file").isFalse();

        write(entry("b", B) + entry("c", C));
        assertThat(keys.reload()).isTrue();
        assertThat(keys.current().find(A)).as("removed").isEmpty();
        assertThat(keys.current().find(B)).isPresent();
        assertThat(keys.current().find(C)).hasValueSatisfying(k -> assertThat(k.name()).isEqualTo("c"));
        assertThat(reloads("reloaded")).isEqualTo(1.0);
        assertThat(metrics.get("pulse.ingest.keys.loaded").gauge().value()).isEqualTo(2.0);
    }

    @Test
    void aBadNewFileKeepsTheKeysInForceAndIsLoggedAndCounted() throws Exception {
        Path file = write(entry("a", A));
        ReloadingApiKeys keys = new ReloadingApiKeys(file, "", metrics);
        try (LogCapture logs = LogCapture.start()) {
            for (String bad : List.of("a=pilot|*|" + ApiKeys.hash(A) + "\n", "a=site|178|abc\n", entry("a", A) + "b=site|178|" + ApiKeys.hash(B) + "|soon\n",
                    "", "# every key removed by mistake\n")) {
                write(bad);
                assertThat(keys.reload()).as(bad).isFalse();
                assertThat(keys.current().find(A)).as(bad).isPresent();
                assertThat(keys.current().size()).as(bad).isEqualTo(1);
            }
            Files.writeString(file, "a=site|178|", StandardCharsets.UTF_8);
            Files.write(file, new byte[] {(byte) 0xC0, (byte) 0xAF}, java.nio.file.StandardOpenOption.APPEND);
            assertThat(keys.reload()).as("not UTF-8").isFalse();
            Files.delete(file);
            assertThat(keys.reload()).as("deleted").isFalse();
            assertThat(keys.reload()).as("still deleted: refused once").isFalse();
            assertThat(keys.current().find(A)).isPresent();
            assertThat(reloads("failed")).isEqualTo(7.0);
            assertThat(reloads("reloaded")).isZero();
            assertThat(logs.lines()).filteredOn(l -> l.contains("is not used")).hasSize(7)
                    .allSatisfy(l -> assertThat(l).contains("keys loaded before stay in force").doesNotContain(ApiKeys.hash(A)));
        }
        write(entry("a", A) + entry("c", C));
        assertThat(keys.reload()).as("a good file after bad ones").isTrue();
        assertThat(keys.current().find(C)).isPresent();
    }

    @Test
    void aKeyMayExpire() throws Exception {
        Instant at = Instant.parse("2027-06-30T16:59:59Z");
        ApiKeys keys = ApiKeys.load(write("a=site|178|" + ApiKeys.hash(A) + "|2027-06-30T23:59:59+07:00\n" + entry("b", B)), "");
        IngestKey a = keys.find(A).orElseThrow();
        assertThat(a.expiresAt()).isEqualTo(at);
        assertThat(a.expiredAt(at.minusSeconds(1))).isFalse();
        assertThat(a.expiredAt(at)).isTrue();
        assertThat(keys.find(B).orElseThrow().expiresAt()).as("no expiry").isNull();
        assertThat(keys.find(B).orElseThrow().expiredAt(Instant.MAX)).isFalse();

        ApiKeys expired = ApiKeys.load(null, "old=site|178|" + ApiKeys.hash(C) + "|2021-01-01T00:00:00Z");
        assertThat(expired.authenticate(C)).as("refused once expired").isEmpty();
        assertThat(expired.find(C)).as("still known, to say why it is refused").isPresent();
        assertThatThrownBy(() -> ApiKeys.load(null, "x=site|178|" + ApiKeys.hash(C) + "|next year"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'x'").hasMessageContaining("ISO-8601");
    }

    @Test
    void localKeyFilesAreCreatedReadableByTheirOwnerOnly() throws Exception {
        Path hashes = dir.resolve("data/ingest-keys.properties");
        Path plain = dir.resolve("data/ingest-keys.txt");
        assertThat(ApiKeys.createLocalKeys(hashes, plain)).isTrue();
        Set<PosixFilePermission> ownerOnly = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(hashes)).isEqualTo(ownerOnly);
        assertThat(Files.getPosixFilePermissions(plain)).isEqualTo(ownerOnly);

        // Files of an earlier run, readable by everyone, are narrowed at the next start.
        Files.setPosixFilePermissions(plain, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ApiKeys.createLocalKeys(hashes, plain)).isFalse();
        assertThat(Files.getPosixFilePermissions(plain)).isEqualTo(ownerOnly);
    }
}
