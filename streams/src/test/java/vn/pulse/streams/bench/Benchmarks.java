package vn.pulse.streams.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the streams module's JMH benchmarks from a plain {@code main} (docs/benchmarks.md, "JMH"): one fork,
 * the benchmark's own warm-up and measurement unless JMH options on the command line say otherwise.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void run(Class<?> benchmark, String[] args) throws RunnerException {
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            throw new IllegalArgumentException("bad JMH options: " + e.getMessage(), e);
        }
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(benchmark.getName());
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        new Runner(options.build()).run();
    }
}
