package vn.pulse.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;

/**
 * {@code ./pulse feed}: the feeds of {@code ./pulse run --feed=NAME}, written into a Kafka cluster
 * that runs elsewhere (the compose profiles {@code demo} and {@code replay}).
 */
@Command(name = "feed",
        mixinStandardHelpOptions = true,
        description = {
            "Writes one of './pulse run's feeds into a running cluster.",
            "",
            "A replay ends when Kafka acknowledged every event (exit 0); live",
            "traffic runs until the process is stopped. Reference data must be",
            "published first ('pulse reference-data publish')."})
final class FeedCommand implements Callable<Integer> {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    @Option(names = "--feed", defaultValue = Feeds.LIVE,
            description = {"What to write (default: ${DEFAULT-VALUE}):",
                "langson-2021+live  the Lạng Sơn 2021 scenario, then live traffic",
                "langson-2021       the scenario, then stop",
                "live               simulated live traffic",
                "demo               simulated doses only, at --rate per second"})
    String feed;

    @Option(names = "--rate", defaultValue = "20", description = "Events per second of simulated live traffic (default: ${DEFAULT-VALUE}).")
    int rate;

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Feeds.NAMES.contains(feed) || Feeds.NONE.equals(feed)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--feed': '" + feed
                    + "' (expected one of " + Feeds.NAMES.stream().filter(n -> !n.equals(Feeds.NONE)).toList() + ")");
        }
        if (rate < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--rate': must be at least 1");
        }
        FeedContext context = new FeedContext(kafka.bootstrapServers, kafka.registryUrl, Clock.systemUTC(), 2021, kafka.clients());
        PrintWriter out = spec.commandLine().getOut();
        Feed running = Feeds.create(feed, context, rate);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "pulse-feed-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("Feeding %s into %s%n", running.name(), kafka.bootstrapServers);
        out.flush();
        running.start();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        try {
            while (!running.finished()) {
                if (stopped.await(1, TimeUnit.SECONDS)) {
                    return 0; // stopped: the hook closed the feed
                }
                if (System.nanoTime() - nextProgress >= 0) {
                    out.printf("%s: %,d events written%n", running.name(), running.eventsWritten());
                    out.flush();
                    nextProgress += PROGRESS_EVERY.toNanos();
                }
            }
        } catch (InterruptedException e) {
            // Stopped from inside the JVM: close as a shutdown would.
            Runtime.getRuntime().removeShutdownHook(hook);
            running.close();
            out.printf("%s: stopped, %,d events written%n", running.name(), running.eventsWritten());
            out.flush();
            Thread.currentThread().interrupt();
            return 0;
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        running.close();
        out.printf("%s: finished, %,d events written%n", running.name(), running.eventsWritten());
        out.flush();
        return 0;
    }
}
