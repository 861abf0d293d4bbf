package vn.pulse.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.pulse.core.geography.GeoDataException;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;
import vn.pulse.producer.feed.FeedContext;

/**
 * {@code pulse reference-data publish [--from DIR]}: a data set's units, population, coverage targets,
 * gates and trade plans (docs/geography.md), as the local run writes them.
 */
@Command(name = "reference-data",
        mixinStandardHelpOptions = true,
        description = "Publishes Pulse's reference data.",
        subcommands = {ReferenceDataCommand.Publish.class, CommandLine.HelpCommand.class})
final class ReferenceDataCommand extends CommandGroup {

    @Command(name = "publish",
            mixinStandardHelpOptions = true,
            description = {
                "Writes the reference data every pipeline relies on (counting units, population and coverage targets by age group;",
                "border gates and trade plans) of a data set into its compacted topics; idempotent, so it can run",
                "at every start. The data set is validated first: every problem is printed and nothing is written.",
                "Options default to the environment: PULSE_KAFKA_BOOTSTRAP_SERVERS, PULSE_REGISTRY_URL,",
                "PULSE_GEOGRAPHY_DATASET. The services must select the same data set (docs/geography.md)."})
    static final class Publish implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: 127.0.0.1:9092).")
        String bootstrapServers;

        @Option(names = "--registry-url", description = "Schema registry URL (default: http://127.0.0.1:8081).")
        String registryUrl;

        @Option(names = "--from", paramLabel = "DIR",
                description = "A data set directory, or the id of a shipped one (langson-2021, langson-2025), or several separated by"
                        + " commas (one per province); default: the selected data set (PULSE_GEOGRAPHY_DATASET, else langson-2021).")
        String from;

        @Override
        public Integer call() {
            GeoDataSet dataSet;
            try {
                dataSet = from == null ? Geography.selected() : Geography.load(from);
            } catch (GeoDataException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(e.getMessage());
                err.flush();
                return 1;
            }
            ToolsConfig config = ToolsConfig.load(System.getenv(), bootstrapServers, registryUrl, null);
            Feeds.publishReferenceData(new FeedContext(config.bootstrapServers(), config.registryUrl(), Clock.systemUTC(), 2021,
                    config.clients()), dataSet);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Reference data of data set " + dataSet.id() + " published to " + config.bootstrapServers() + ": "
                    + dataSet.countingUnits().size() + " counting units, " + dataSet.population().size() + " population figures, "
                    + dataSet.coverageTargets().size() + " coverage targets, " + dataSet.gates().size() + " gates, "
                    + dataSet.tradePlans().size() + " trade plans"
                    + (dataSet.schematic() ? " (schematic data set)" : ""));
            out.flush();
            return 0;
        }
    }
}
