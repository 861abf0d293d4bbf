package vn.pulse.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import vn.pulse.tools.bench.BenchCommand;
import vn.pulse.tools.cluster.CrashTestCommand;

/**
 * The development tools that run the whole pipeline ({@code ./pulse bench}, {@code ./pulse crash-test}):
 * the {@code pulse} script hands these commands to this jar, every other one to the CLI's.
 */
@Command(name = "pulse",
        mixinStandardHelpOptions = true,
        versionProvider = PulseTools.Version.class,
        description = {
            "Pulse development tools: the benchmark and the crash/restart harness (not part of any image).",
            "The operator commands and the local run are './pulse --help'."},
        subcommands = {BenchCommand.class, CrashTestCommand.class, CommandLine.HelpCommand.class})
public final class PulseTools implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PulseTools()).execute(args));
    }

    /** The version from the jar's manifest (the Maven project version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PulseTools.class.getPackage().getImplementationVersion();
            return new String[] {"pulse tools " + (version == null ? "(development build)" : version)};
        }
    }
}
