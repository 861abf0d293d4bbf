package vn.pulse.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.producer.ingest.EventValidator;
import vn.pulse.producer.ingest.EventWriter;
import vn.pulse.producer.simulate.SimulatedTraffic;
import vn.pulse.producer.simulate.Simulator;

/** {@code ./pulse simulate}: steady, deterministic load through the gateway's validator and writer. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Writes simulated events at a steady rate; prints the rate achieved.",
            "",
            "Deterministic: the same --seed, --start, --rate and --speed give the",
            "same events. Event times follow Lang Son's day: vaccination sites work",
            "07:00-17:00, gate yards peak 08:00-11:00 and 14:00-17:00 and are quiet",
            "at night; vehicles cross 20 min to 3 h after arriving. --rate is the",
            "peak rate. Simulated time runs --speed times faster than the clock",
            "and ends about now. Events are validated and written exactly as the",
            "ingest gateway does (acks=all)."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "100/s", description = "Event slots per second, e.g. 500/s (default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = "--duration", defaultValue = "60s", description = "How long to run, e.g. 30s, 10m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--domain", defaultValue = "all", description = "vaccination, border or all (default: ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--speed", defaultValue = "60",
            description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}: a minute's run covers an hour).")
    double speed;

    @Option(names = "--start", description = "Simulated time of the first event, ISO-8601 (default: so that the run ends now).")
    Instant start;

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        double slotsPerSecond;
        try {
            slotsPerSecond = Double.parseDouble(rate.trim().replaceFirst("(?i)/s$", ""));
        } catch (NumberFormatException e) {
            slotsPerSecond = -1;
        }
        if (!(slotsPerSecond > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--rate': '" + rate
                    + "' (expected events per second, e.g. 500/s)");
        }
        Duration runFor;
        try {
            runFor = Settings.of(Map.of("duration", duration), Map.of()).duration("duration");
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--duration': '" + duration
                    + "' (expected e.g. 30s, 10m)");
        }
        SimulatedTraffic.Domain which;
        try {
            which = SimulatedTraffic.Domain.parse(domain);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--domain': '" + domain
                    + "' (expected vaccination, border or all)");
        }
        if (!(speed > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--speed': must be positive");
        }
        Clock clock = Clock.systemUTC();
        Instant first = start != null ? start : clock.instant().minusSeconds((long) Math.ceil(runFor.toSeconds() * speed));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Simulating %s traffic: %s slots/s for %s, seed %d, simulated time from %s at %sx%n",
                which.name().toLowerCase(java.util.Locale.ROOT), slotsPerSecond, runFor, seed, first, speed);
        out.flush();
        try (EventWriter writer = new EventWriter(kafka.clients(), kafka.bootstrapServers, kafka.registryUrl, "pulse-simulate", TopicNames.defaults(),
                Duration.ofSeconds(30), null)) {
            Simulator.Result result = new Simulator(new SimulatedTraffic(seed, first, slotsPerSecond, speed, which),
                    new EventValidator(clock, Duration.ofMinutes(5)), writer::write, out).run(slotsPerSecond, runFor);
            return result.notWritten() == 0 && result.invalid() == 0 ? 0 : 1;
        }
    }
}
