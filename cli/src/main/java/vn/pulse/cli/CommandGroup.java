package vn.pulse.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A command that only groups subcommands ({@code pulse topics}, {@code pulse reference-data}): alone, it prints its usage. */
abstract class CommandGroup implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
