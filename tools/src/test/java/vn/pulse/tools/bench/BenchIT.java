package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.pulse.tools.PulseTools;

/**
 * CI smoke run of {@code ./pulse bench}: its smallest form must finish and print every row. The
 * figures are not judged here (a shared CI machine cannot); docs/benchmarks.md holds a real run.
 * About 90 s on a quiet 2-core machine before the scale rows, which add six Streams processes (each
 * its JVM's start and a rebalance) and two 10 s session timeouts; the bound allows for a loaded one
 * (4-5 min seen at load average 15 without the scale rows; with them 408 s at load average 22-29, of
 * which the scale rows about 230 s).
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class BenchIT {

    private static final List<String> ROWS = List.of("1a", "1b", "2", "3a-floor", "3a", "3b-floor", "3b", "4a", "4b", "4", "5a", "5b", "5c", "6", "7", "8",
            "10-province", "10", "11-empty", "11", "12-6", "12");
    private static final List<String> POSTGRES_ROWS = List.of("9a", "9b", "9c");

    @TempDir
    Path dir;

    @Test
    void smallestBenchFinishesAndWritesEveryRow() throws Exception {
        Path out = dir.resolve("bench.md");

        int exit = new CommandLine(new PulseTools()).execute("bench", "--quick", "--records", "2000", "--seconds", "1",
                "--scenario", "smoke", "--out", out.toString());

        assertThat(exit).as("exit code (non-zero when a row failed)").isZero();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        for (String row : ROWS) {
            assertThat(lines).as("row " + row).anyMatch(line -> line.startsWith("| " + row + " | "));
        }
        assertThat(lines).noneMatch(line -> line.contains("FAILED"));
        // Row 9 needs PostgreSQL's programs; only without them may it say it is skipped (and not when CI installed them).
        if (PostgresRow.findBinaries().isPresent() || Boolean.parseBoolean(System.getenv(PostgresRow.REQUIRE_ENV))) {
            for (String row : POSTGRES_ROWS) {
                assertThat(lines).as("row " + row).anyMatch(line -> line.startsWith("| " + row + " | "));
            }
        } else {
            assertThat(lines).anyMatch(line -> line.startsWith("| 9 | ") && line.contains("skipped: ") && line.contains("apt-get install"));
        }
        assertThat(lines).filteredOn(line -> line.contains("skipped: ")).allMatch(line -> line.startsWith("| 9 | "));
        assertThat(lines).noneMatch(line -> line.contains("not measured yet"));
        // Row 11: the restore after kill -9, without and with a standby replica.
        assertThat(lines).filteredOn(line -> line.startsWith("| 11 | kill -9 to new doses counted")).hasSize(2);
        // Row 8: the Streams app, the API and the whole run, each with its peak RSS.
        assertThat(lines).filteredOn(line -> line.startsWith("| 8 | ") && line.contains("| VmHWM | ")).hasSize(3);
    }
}
