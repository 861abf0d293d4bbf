package vn.pulse.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./pulse bench}: the benchmark (see docs/benchmarks.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures Pulse against raw Kafka on a fresh in-process broker, in one run, and prints the table",
            "of docs/benchmarks.md: every figure with its ratio to a baseline taken in the same run.",
            "The full form takes about twenty minutes on 2 cores (half of it the whole Lạng Sơn 2021 scenario of row 7),",
            "plus the scale rows 10-12 (19 minutes measured at load average 40; docs/scale.md); --quick a few minutes."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Fewer records, shorter loads, the border year at a tenth in row 7 (a few minutes).")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the table as Markdown to FILE.")
    Path out;

    @Option(names = "--records", paramLabel = "N", description = "Dose records for rows 1-3 (gate events: 2/5 of N); "
            + "overrides the size of --quick or the full run.")
    Integer records;

    @Option(names = "--seconds", paramLabel = "S", description = "Duration of each HTTP load phase (rows 5 and 6).")
    Integer seconds;

    @Option(names = "--ledger-ids", paramLabel = "N", description = "Dose ids the ledger of row 11 is pre-loaded with"
            + " (default: 20,000,000; --quick 1,000,000; 10 per dose record below 10,000 records).")
    Integer ledgerIds;

    @Option(names = "--scenario", paramLabel = "FORM", converter = ScenarioFormConverter.class,
            description = "How much of the Lạng Sơn 2021 scenario rows 7 and 8 replay: full (both domains, the border's year at full"
                    + " scale, as ./pulse run; the default), tenth (the border at a tenth; the default of --quick) or smoke (the border"
                    + " only, at 0.5 %%: CI).")
    ScenarioForm scenario;

    @Option(names = "--rows", paramLabel = "LIST", converter = RowsConverter.class,
            description = "Only these rows, comma-separated (e.g. 3 or 3,7), with the rows they need (2, 3, 5 and 9 need 1;"
                    + " 4 and 5 need 3; 9 needs 5; 8 is measured in 7; the scale rows 10-12 need none). Default: every row.")
    BenchRows rows = BenchRows.all();

    @Override
    public Integer call() throws IOException {
        BenchSize size = quick ? BenchSize.quick() : BenchSize.full();
        if (records != null) {
            size = size.withRecords(records);
        }
        if (seconds != null) {
            size = size.withLoad(Duration.ofSeconds(seconds));
        }
        if (scenario != null) {
            size = size.withScenario(scenario);
        }
        if (ledgerIds != null) {
            if (ledgerIds < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--ledger-ids must be at least 1, was " + ledgerIds);
            }
            size = size.withLedgerIds(ledgerIds);
        }
        Instant started = Instant.now();
        Bench bench = Bench.run(size, rows, System.out);
        BenchReport report = bench.report();
        report.note("run: " + started + ", " + Duration.between(started, Instant.now()).toSeconds() + " s, "
                + Runtime.getRuntime().availableProcessors() + " processors, Java " + Runtime.version()
                + ", command: ./pulse bench" + (quick ? " --quick" : "")
                + (records == null ? "" : " --records " + records) + (seconds == null ? "" : " --seconds " + seconds)
                + (scenario == null ? "" : " --scenario " + scenario.optionName())
                + (ledgerIds == null ? "" : " --ledger-ids " + ledgerIds)
                + (rows.rows().size() == BenchRows.ALL.size() ? "" : " --rows " + String.join(",", rows.rows())));
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

    /** A comma-separated list of rows. */
    static final class RowsConverter implements CommandLine.ITypeConverter<BenchRows> {
        @Override
        public BenchRows convert(String value) {
            try {
                return BenchRows.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code full}, {@code tenth} or {@code smoke}, in any case. */
    static final class ScenarioFormConverter implements CommandLine.ITypeConverter<ScenarioForm> {
        @Override
        public ScenarioForm convert(String value) {
            for (ScenarioForm form : ScenarioForm.values()) {
                if (form.optionName().equalsIgnoreCase(value)) {
                    return form;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a scenario form (full, tenth, smoke)");
        }
    }
}
