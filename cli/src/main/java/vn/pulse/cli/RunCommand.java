package vn.pulse.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.pulse.core.geography.GeoDataException;
import vn.pulse.core.geography.Geography;

/** {@code ./pulse run}: the whole pipeline on this machine, until Ctrl-C. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline on this machine until Ctrl-C.",
            "",
            "Starts a real Kafka broker (KRaft, in-process), the schema registry, the Streams app,",
            "the consumer API and a feeder, and prints where to look. Data is kept in --data-dir:",
            "a second run resumes where the first stopped; --fresh starts empty."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "data", description = "Where Kafka and Streams keep their data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--fresh", description = "Delete the data directory first and start empty.")
    boolean fresh;

    @Option(names = "--feed", defaultValue = Feeds.REPLAY_THEN_LIVE,
            description = {"What feeds events (default: ${DEFAULT-VALUE}):",
                "langson-2021+live  replay the Lạng Sơn 2021 scenario, then simulated live traffic",
                "langson-2021       replay the scenario, then stop feeding",
                "live               simulated live traffic only",
                "demo               simulated doses only, at --rate per second",
                "none               nothing; the pipeline waits for events"})
    String feed;

    @Option(names = "--rate", defaultValue = "20", description = "Events per second of simulated live traffic (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface every service binds to (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--controller-port", defaultValue = "9093",
            description = "Kafka controller port; keep it the same for a data directory (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--api-port", defaultValue = "8080", description = "Consumer API port (default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--streams-port", defaultValue = "8083",
            description = "Streams app health and metrics port (default: ${DEFAULT-VALUE}).")
    int streamsPort;

    @Option(names = "--ingest-port", defaultValue = "8082", description = "Ingest gateway port (default: ${DEFAULT-VALUE}).")
    int ingestPort;

    @Option(names = "--geography", paramLabel = "DATA_SET",
            description = {"The geography every service runs with (default: PULSE_GEOGRAPHY_DATASET, else langson-2021):",
                "langson-2021       the 11 districts of 2021",
                "langson-2025       Lạng Sơn since 1 July 2025: communes and wards (the districts kept for history)",
                "DIR                a data set directory (docs/geography.md)",
                "A,B                several, one per province, merged under their country"})
    String geography;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!Feeds.NAMES.contains(feed)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--feed': '" + feed + "' (expected one of " + Feeds.NAMES + ")");
        }
        if (rate < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--rate': " + rate + " (expected at least 1 event per second)");
        }
        if (geography != null) {
            try {
                Geography.load(geography);
            } catch (GeoDataException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--geography': " + e.getMessage());
            }
            // Read once by every service started in this process.
            System.setProperty(Geography.PROPERTY, geography);
        }
        PrintStream out = System.out;
        out.println("Geography: " + Geography.selected().name() + (Geography.selected().schematic() ? " (schematic)" : ""));
        out.println("Starting Pulse (data in " + dataDir.toAbsolutePath() + (fresh ? ", fresh" : "") + ") ...");
        LocalRun run = LocalRun.start(new LocalRunOptions(dataDir, fresh, host, kafkaPort, controllerPort,
                registryPort, apiPort, streamsPort, feed, rate, ingestPort));
        CountDownLatch stopped = new CountDownLatch(1);
        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pulse-status");
            t.setDaemon(true);
            return t;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping Pulse ...");
            status.shutdownNow();
            run.close();
            out.println("Pulse stopped.");
            stopped.countDown();
        }, "pulse-shutdown"));

        out.println();
        out.println("Pulse is running. Press Ctrl-C to stop.");
        out.println("  Command center page  " + run.apiUrl() + "/");
        out.println("  Vaccination summary  " + run.apiUrl() + "/api/v1/vaccination/summary");
        out.println("  Border summary       " + run.apiUrl() + "/api/v1/border/summary?year=2021");
        out.println("  Live updates (SSE)   " + run.apiUrl() + "/api/v1/stream");
        out.println("  API health           " + run.apiUrl() + "/health/ready");
        out.println("  API metrics          " + run.apiUrl() + "/metrics");
        out.println("  Streams health       " + run.streamsUrl() + "/health/ready");
        out.println("  Streams metrics      " + run.streamsUrl() + "/metrics");
        out.println("  Ingest gateway       " + run.ingestUrl() + "/ingest/v1/  (POST; keys in " + run.ingestKeysFile().toAbsolutePath() + ")");
        out.println("  Ingest health        " + run.ingestUrl() + "/health/ready");
        out.println("  Schema registry      " + run.registryUrl() + "/subjects  (basic auth; users in "
                + run.registryCredentialsFile().toAbsolutePath() + ")");
        out.println("  Registry metrics     " + run.registryUrl() + "/metrics");
        out.println("  Kafka                " + run.kafkaBootstrapServers());
        out.println();
        status.scheduleAtFixedRate(() -> out.println("[pulse] events fed: " + run.eventsFed()
                + (run.feedFinished() ? " (replay finished)" : "")), 30, 30, TimeUnit.SECONDS);
        stopped.await();
        return 0;
    }
}
