package vn.pulse.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./pulse bench}: the benchmark of issue #10 (see docs/benchmarks.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures Pulse against raw Kafka on a fresh in-process broker, in one run, and prints the table",
            "of docs/benchmarks.md: every figure with its ratio to a baseline taken in the same run.",
            "The full form takes about ten minutes on 2 cores; --quick about two."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Fewer records and shorter loads (a smoke run, about two minutes).")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the table as Markdown to FILE.")
    Path out;

    @Option(names = "--records", paramLabel = "N", description = "Dose records for rows 1-3 (gate events: 2/5 of N); "
            + "overrides the size of --quick or the full run.")
    Integer records;

    @Option(names = "--seconds", paramLabel = "S", description = "Duration of each HTTP load phase (rows 5 and 6).")
    Integer seconds;

    @Override
    public Integer call() throws IOException {
        BenchSize size = quick ? BenchSize.quick() : BenchSize.full();
        if (records != null) {
            size = size.withRecords(records);
        }
        if (seconds != null) {
            size = size.withLoad(Duration.ofSeconds(seconds));
        }
        Instant started = Instant.now();
        Bench bench = Bench.run(size, System.out);
        BenchReport report = bench.report();
        report.note("run: " + started + ", " + Duration.between(started, Instant.now()).toSeconds() + " s, "
                + Runtime.getRuntime().availableProcessors() + " processors, Java " + Runtime.version()
                + ", command: ./pulse bench" + (quick ? " --quick" : "")
                + (records == null ? "" : " --records " + records) + (seconds == null ? "" : " --seconds " + seconds));
        System.out.println();
        System.out.print(report.toText());
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, report.toMarkdown(), StandardCharsets.UTF_8);
            System.out.println("Table written to " + out);
        }
        for (String failure : bench.failures()) {
            System.err.println("bench: " + failure);
        }
        return bench.failures().isEmpty() ? 0 : 1;
    }
}
