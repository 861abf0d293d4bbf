package vn.pulse.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import vn.pulse.core.config.Settings;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.producer.ingest.CsvImport;
import vn.pulse.producer.ingest.EventValidator;
import vn.pulse.producer.ingest.EventWriter;
import vn.pulse.producer.ingest.IngestKind;

/** {@code ./pulse import FILE.csv --kind ...}: bulk import through the gateway's validator and writer. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Imports events from a CSV file into Kafka.",
            "",
            "The first line names the columns (the ingest API's JSON field names,",
            "e.g. eventId,administeredAt,siteId,districtCode,ageGroup,doseKind,...).",
            "Every line is validated like a POST to the ingest gateway; good lines",
            "are written (acks=all), bad ones listed with line number and reasons.",
            "Importing a file again never counts twice: ids come from the id column",
            "or, where it is empty, from the line's content.",
            "",
            "Exit status: 0 all written, 1 some lines invalid or not written,",
            "2 unusable file."})
final class ImportCommand implements Callable<Integer> {

    /** --kind values: the short names (doses, corrections, allocations, ...) plus every gateway kind's own name. */
    static final Map<String, IngestKind> KINDS = Map.of(
            "doses", IngestKind.VACCINATION_DOSES,
            "allocations", IngestKind.VACCINE_ALLOCATIONS,
            "gate-events", IngestKind.GATE_EVENTS,
            "screenings", IngestKind.CHECKPOINT_SCREENINGS,
            "corrections", IngestKind.DOSE_CORRECTIONS);

    @Parameters(index = "0", paramLabel = "FILE.csv", description = "The CSV file (UTF-8).")
    Path file;

    @Option(names = "--kind", required = true,
            description = "What the file holds: doses, allocations, gate-events, screenings or corrections.")
    String kind;

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--clock-skew", defaultValue = "5m",
            description = "How far in the future an event time may lie, e.g. 5m (default: ${DEFAULT-VALUE}).")
    String clockSkew;

    /** Tests write to a unique topic instead of the kind's declared one. */
    @Option(names = "--topic", hidden = true)
    String topic;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        IngestKind ingestKind = KINDS.get(kind);
        if (ingestKind == null) {
            ingestKind = IngestKind.byPath(kind).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--kind': '" + kind + "' (expected one of " + KINDS.keySet() + ")"));
        }
        Duration skew = Settings.of(Map.of("clock-skew", clockSkew), Map.of()).duration("clock-skew");
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isReadable(file)) {
            err.println("Cannot read " + file);
            return 2;
        }
        TopicNames topics = TopicNames.defaults();
        if (topic != null) {
            topics = topics.with(ingestKind.topic(), topic);
        }
        try (EventWriter writer = new EventWriter(kafka.clients(), kafka.bootstrapServers, kafka.registryUrl, "pulse-import", topics, Duration.ofSeconds(30), null);
             Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvImport.Report report = new CsvImport(new EventValidator(Clock.systemUTC(), skew), writer::write, out, err,
                    TimeUnit.SECONDS.toNanos(2)).run(ingestKind, reader);
            return report.ok() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("Cannot read " + file + ": " + e.getMessage());
            return 2;
        }
    }
}
