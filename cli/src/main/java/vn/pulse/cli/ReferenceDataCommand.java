package vn.pulse.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.pulse.producer.feed.FeedContext;

/** {@code pulse reference-data publish}: districts, population, gates and trade plans, as the local run writes them. */
@Command(name = "reference-data",
        mixinStandardHelpOptions = true,
        description = "Publishes Pulse's reference data.",
        subcommands = {ReferenceDataCommand.Publish.class, CommandLine.HelpCommand.class})
final class ReferenceDataCommand extends CommandGroup {

    @Command(name = "publish",
            mixinStandardHelpOptions = true,
            description = {
                "Writes the reference data every pipeline relies on (districts and population by age group;",
                "border gates and trade plans) into its compacted topics; idempotent, so it can run at every start.",
                "Options default to the environment: PULSE_KAFKA_BOOTSTRAP_SERVERS, PULSE_REGISTRY_URL."})
    static final class Publish implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: 127.0.0.1:9092).")
        String bootstrapServers;

        @Option(names = "--registry-url", description = "Schema registry URL (default: http://127.0.0.1:8081).")
        String registryUrl;

        @Override
        public Integer call() {
            ToolsConfig config = ToolsConfig.load(System.getenv(), bootstrapServers, registryUrl, null);
            Feeds.publishReferenceData(new FeedContext(config.bootstrapServers(), config.registryUrl(), Clock.systemUTC(), 2021,
                    config.clients()));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Reference data published to " + config.bootstrapServers());
            out.flush();
            return 0;
        }
    }
}
