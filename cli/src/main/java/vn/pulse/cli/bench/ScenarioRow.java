package vn.pulse.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Rows 7 and 8: the whole Lạng Sơn 2021 scenario from empty to the API's final totals, and the
 * peak resident memory of the run during it. The run is {@link ScenarioRun} in a child JVM started
 * with {@code ./pulse}'s default heap options, so its peak RSS ({@code VmHWM} of
 * {@code /proc/<pid>/status}) is its own and not the bench's.
 *
 * <p>All services share that one JVM (as in {@code ./pulse run}): the per-service targets of row 8
 * (Streams app, API) need each service in its own process, which this row does not do yet.
 */
final class ScenarioRow {

    /** {@code ./pulse}'s default heap options: the local run's JVM as users start it. */
    static final List<String> JVM_OPTIONS = List.of("-Xms128m", "-Xmx1g");
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private ScenarioRow() {
    }

    static void run(Bench.Env env, ScenarioForm form) throws Exception {
        env.say("Rows 7, 8: Lạng Sơn 2021 scenario (" + form.describe() + ") in a child JVM ...");
        Path dir = Files.createDirectories(env.dataDir().resolve("scenario"));
        Path log = dir.resolve("run.log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScenarioRun.class.getName(),
                dir.resolve("data").toString(), Double.toString(form.borderScale()), form.vaccination() ? "both" : "border"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter logFile = new PrintWriter(Files.newBufferedWriter(log))) {
            CompletableFuture<String> started = new CompletableFuture<>();
            CompletableFuture<String> done = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        logFile.println(line);
                        if (line.startsWith("STARTED ")) {
                            started.complete(line);
                        } else if (line.startsWith("DONE ")) {
                            done.complete(line);
                        }
                    }
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
                logFile.flush();
                done.completeExceptionally(new IllegalStateException("the scenario run ended without its totals (exit "
                        + child.onExit().join().exitValue() + "; see its output in " + log + ")"));
            }, "pulse-bench-scenario-output");
            reader.setDaemon(true);
            reader.start();
            String doneLine;
            try {
                doneLine = done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("the scenario did not reach its totals within " + TIMEOUT + " (output in " + log + ")");
            }
            // Read while the run is still alive: VmHWM is the peak resident set since it started.
            long peakKib = statusKib(child.pid(), "VmHWM");
            long nowKib = statusKib(child.pid(), "VmRSS");
            String[] d = doneLine.split(" ");
            double replaySeconds = Double.parseDouble(d[1]);
            double totalSeconds = Double.parseDouble(d[2]);
            long records = Long.parseLong(d[3]);
            double startSeconds = Double.parseDouble(started.getNow("STARTED NaN").split(" ")[1]);
            child.getOutputStream().close();
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroy();
            }
            report(env, form, replaySeconds, startSeconds, totalSeconds, records, peakKib, nowKib);
        } finally {
            if (child.isAlive()) {
                child.destroy();
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
    }

    private static void report(Bench.Env env, ScenarioForm form, double replaySeconds, double startSeconds, double totalSeconds, long records,
                               long peakKib, long nowKib) {
        BenchReport report = env.report();
        report.add(BenchRow.figure("7", "Lạng Sơn 2021 scenario (" + form.describe() + "), replay start to final API totals",
                "seconds", replaySeconds, "s").target("≤ 60 s", replaySeconds <= 60));
        double peakMib = peakKib / 1024.0;
        report.add(BenchRow.figure("8", "peak RSS during (7), the whole local run in one JVM (" + String.join(" ", JVM_OPTIONS) + ")",
                "VmHWM", peakMib, "MiB").target("run ≤ 2 GiB", peakMib <= 2048));
        report.add(new BenchRow("8", "peak RSS of the Streams app and of the API, each alone",
                "not measured yet (they share the run's JVM)", Double.NaN, "", Double.NaN, "", "streams ≤ 768 MiB, API ≤ 384 MiB", null));
        report.note(String.format(Locale.ROOT, "7: %,d records replayed; services started in %.1f s, then the replay to the final totals"
                        + " %.1f s (%,.0f records/s end to end); %.1f s in all from an empty data directory", records, startSeconds,
                replaySeconds, records / replaySeconds, totalSeconds));
        report.note(String.format(Locale.ROOT, "8: VmHWM %,.0f MiB, VmRSS at the totals %,.0f MiB (child JVM %s, /proc/<pid>/status)",
                peakMib, nowKib / 1024.0, String.join(" ", JVM_OPTIONS)));
    }

    /** A {@code kB} field of {@code /proc/<pid>/status}. */
    static long statusKib(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
    }
}
