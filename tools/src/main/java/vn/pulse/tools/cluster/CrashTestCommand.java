package vn.pulse.tools.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./pulse crash-test}: the crash/restart harness (see docs/reliability.md). */
@Command(name = "crash-test", mixinStandardHelpOptions = true,
        description = {"Runs the pipeline as separate processes, kills and restarts them at random (seeded) moments",
            "under a workload with duplicates, late events and corrections, and verifies every aggregate and the",
            "API against a recomputation from the input. Exit code 0 when nothing was lost or counted twice."})
public final class CrashTestCommand implements Callable<Integer> {

    @Option(names = "--profile", defaultValue = "short", paramLabel = "short|soak|cluster",
            description = {"short: ~75 s of workload, 3 Streams kills, API, broker and registry once (CI); soak: 10 min, 15 kills;",
                "cluster: 3 brokers (replication 3, min.insync.replicas 2), the leader of a partition under an open transaction",
                "killed, network delay and cuts between a Streams instance and the brokers."})
    String profile;

    @Option(names = "--seed", defaultValue = "20210901", description = "Seed of the workload and of the fault schedule (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Workload duration in seconds (overrides the profile's).")
    Integer durationSeconds;

    @Option(names = "--dir", paramLabel = "DIR", description = "Run directory (data and logs of every process); default a new temporary one.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        CrashHarness.Profile p = CrashHarness.Profile.named(profile);
        if (durationSeconds != null) {
            p = p.withDuration(Duration.ofSeconds(durationSeconds));
        }
        Path runDir = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("pulse-crash-");
        System.out.println("Crash test: profile " + p.name() + ", seed " + seed + ", logs in " + runDir.resolve("logs"));
        CrashReport report = new CrashHarness(p, seed, runDir).run();
        System.out.print(report.toText());
        return report.passed() ? 0 : 1;
    }
}
