package vn.pulse.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.pulse.cli.PulseCli;

/**
 * CI smoke run of {@code ./pulse bench}: its smallest form must finish and print every row. The
 * figures are not judged here (a shared CI machine cannot); docs/benchmarks.md holds a real run.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class BenchIT {

    private static final List<String> ROWS = List.of("1a", "1b", "2", "3a", "3b", "4", "5a", "5b", "5c", "6", "7", "8", "9");

    @TempDir
    Path dir;

    @Test
    void smallestBenchFinishesAndWritesEveryRow() throws Exception {
        Path out = dir.resolve("bench.md");

        int exit = new CommandLine(new PulseCli()).execute("bench", "--quick", "--records", "2000", "--seconds", "1",
                "--out", out.toString());

        assertThat(exit).as("exit code (non-zero when a row failed)").isZero();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        for (String row : ROWS) {
            assertThat(lines).as("row " + row).anyMatch(line -> line.startsWith("| " + row + " | "));
        }
        assertThat(lines).noneMatch(line -> line.contains("FAILED"));
        // Every measured row has a figure; only the rows the issue leaves open say so.
        assertThat(lines.stream().filter(line -> line.contains("not measured yet"))).hasSize(4);
    }
}
