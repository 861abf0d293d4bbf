package vn.pulse.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./pulse}: the entry point of the local run and the operator commands. */
@Command(name = "pulse",
        mixinStandardHelpOptions = true,
        versionProvider = PulseCli.Version.class,
        description = {
            "Pulse: live COVID-19 and border-gate monitoring on Kafka (Lạng Sơn province).",
            "",
            "Start everything locally with './pulse run'; see './pulse run --help'."},
        subcommands = {RunCommand.class, ImportCommand.class, SimulateCommand.class, FeedCommand.class, ReportCommand.class, TopicsCommand.class,
            ReferenceDataCommand.class, CommandLine.HelpCommand.class},
        footer = {"",
            "Development tools (the ./pulse script runs them from the tools module):",
            "  bench       Measures Pulse against raw Kafka: './pulse bench --help'.",
            "  crash-test  Kills and restarts the pipeline's processes, verifies every",
            "              aggregate: './pulse crash-test --help'."})
public final class PulseCli implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PulseCli()).execute(args));
    }

    /** The version from the jar's manifest (the Maven project version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PulseCli.class.getPackage().getImplementationVersion();
            return new String[] {"pulse " + (version == null ? "(development build)" : version)};
        }
    }
}
