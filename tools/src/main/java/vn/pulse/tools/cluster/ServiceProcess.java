package vn.pulse.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Pulse service as an operating-system process: a child JVM running {@code mainClass} on this JVM's
 * class path, with its configuration in {@code PULSE_*} environment variables (and arguments), its
 * stdout and stderr appended to {@code <logDir>/<name>.log}. {@link #kill()} is {@code kill -9}
 * (no shutdown hook runs), {@link #stop(Duration)} is SIGTERM (the service's hook closes it cleanly);
 * {@link #start()} after either starts it again with the same configuration, so a restarted broker keeps
 * its address and data directory and a restarted Streams instance its state directory.
 *
 * <p>Not thread-safe for concurrent lifecycle calls; the getters may be read from any thread.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    /** How long the JVM's exit waits for children it stops with SIGTERM before it kills them. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(15);
    /**
     * The children running now: when this JVM exits (Ctrl-C, SIGTERM, the end of {@code main}), a
     * shutdown hook stops those still alive, so no broker or service outlives the bench or the harness
     * that started it (a {@code kill -9} of this JVM runs no hook: its children are left).
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServiceProcess::stopChildren, "service-process-exit"));
    }

    /** Default JVM flags of a child: small heap, serial GC and the C1 compiler only (quick start, little CPU). */
    public static final List<String> SMALL_JVM = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:-UsePerfData");

    /**
     * What to run.
     *
     * @param name      short unique name: log file name and report label ({@code streams-1})
     * @param mainClass class with {@code main}, on this JVM's class path
     * @param args      program arguments
     * @param env       environment added to a copy of this JVM's, without its {@code PULSE_*} variables
     * @param jvmFlags  flags before the main class ({@link #SMALL_JVM} by default)
     * @param ready     when the service counts as started
     */
    public record Spec(String name, String mainClass, List<String> args, Map<String, String> env, List<String> jvmFlags,
                       ReadyCheck ready) {
        public Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mainClass, "mainClass");
            args = List.copyOf(args);
            env = Map.copyOf(env);
            jvmFlags = List.copyOf(jvmFlags);
            Objects.requireNonNull(ready, "ready");
        }

        public static Spec of(String name, Class<?> mainClass, Map<String, String> env, ReadyCheck ready) {
            return new Spec(name, mainClass.getName(), List.of(), env, SMALL_JVM, ready);
        }

        public Spec withArgs(List<String> newArgs) {
            return new Spec(name, mainClass, newArgs, env, jvmFlags, ready);
        }

        public Spec withJvmFlags(List<String> flags) {
            return new Spec(name, mainClass, args, env, flags, ready);
        }
    }

    private final Spec spec;
    private final Path logFile;
    private volatile Process process;
    private volatile long peakRssKib;
    private volatile int starts;
    private volatile int kills;

    public ServiceProcess(Spec spec, Path logDir) {
        this.spec = spec;
        this.logFile = logDir.resolve(spec.name() + ".log");
    }

    /** Starts the child JVM (not waiting for it to be ready); an error if it is already running. */
    public synchronized ServiceProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(spec.name() + " is already running (pid " + pid() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(spec.jvmFlags());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(spec.mainClass());
        command.addAll(spec.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PULSE_"));
        // As the ./pulse launcher and the images: two malloc arenas, so native memory (RocksDB, Kafka's
        // compression buffers) does not spread over one arena per thread.
        env.putIfAbsent("MALLOC_ARENA_MAX", "2");
        env.putAll(spec.env());
        builder.redirectErrorStream(true);
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "=== " + Instant.now() + " start #" + (starts + 1) + " of " + spec.name() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            process = builder.start();
            Process started = process;
            RUNNING.add(started);
            started.onExit().thenRun(() -> RUNNING.remove(started));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + " (" + spec.mainClass() + ")", e);
        }
        starts++;
        LOG.info("Started {} (pid {}), log {}", spec.name(), process.pid(), logFile);
        return this;
    }

    /** Waits until the ready check passes; fails early (with the log's tail) if the process exits. */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited (code " + (p == null ? "none" : p.exitValue())
                        + ") before it was ready; log tail:\n" + logTail(40));
            }
            if (spec.ready().isReady()) {
                sampleRss();
                return this;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(spec.name() + " not ready within " + timeout + " (" + spec.ready() + "); log tail:\n"
                + logTail(40));
    }

    /** {@code kill -9}: no shutdown hook, no flush, open transactions stay open. Waits until the process is gone. */
    public synchronized void kill() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        sampleRss();
        p.destroyForcibly(); // SIGKILL on Linux and macOS (ProcessImpl.destroy(force = true))
        waitGone(p, Duration.ofSeconds(30));
        kills++;
        LOG.info("Killed {} (pid {}, exit {})", spec.name(), p.pid(), p.exitValue());
    }

    /** SIGTERM and wait up to {@code timeout} for a clean exit; SIGKILL after that. Returns the exit code. */
    public synchronized int stop(Duration timeout) {
        Process p = process;
        if (p == null) {
            return -1;
        }
        if (p.isAlive()) {
            sampleRss();
            p.destroy(); // SIGTERM: the service's shutdown hook closes it
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{} did not stop within {}; killing it", spec.name(), timeout);
                    p.destroyForcibly();
                    waitGone(p, Duration.ofSeconds(30));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        return p.isAlive() ? -1 : p.exitValue();
    }

    /** Stops (clean, up to 30 s) if running; for try-with-resources. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The current (or last) process id; -1 before the first start. */
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /**
     * Writes a thread dump of the running process ({@code jcmd <pid> Thread.print}, the JDK's own tool)
     * to {@code <logDir>/<name>-threads-<pid>-<time>.txt}: where its threads wait when it does not become
     * ready. Returns the file, or a note saying why there is none.
     */
    public String threadDump() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return "(no thread dump: " + spec.name() + " is not running)";
        }
        Path file = logFile.resolveSibling(spec.name() + "-threads-" + p.pid() + "-" + Instant.now().toEpochMilli() + ".txt");
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            if (!dump.waitFor(60, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return "(thread dump of " + spec.name() + " not done within 60 s; partial: " + file + ")";
            }
            return file.toString();
        } catch (IOException e) {
            return "(no thread dump of " + spec.name() + ": " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(thread dump of " + spec.name() + " interrupted)";
        }
    }

    /** The exit code of the last process, or null while it runs or before the first start. */
    public Integer exitCode() {
        Process p = process;
        return p == null || p.isAlive() ? null : p.exitValue();
    }

    /**
     * Reads the peak resident set size of the running process ({@code VmHWM} of {@code /proc/<pid>/status},
     * Linux only) and keeps the largest seen over all its runs. Sampled at ready, before each kill and stop.
     */
    public long sampleRss() {
        Process p = process;
        if (p != null && p.isAlive()) {
            long kib = vmHwmKib(p.pid());
            if (kib > peakRssKib) {
                peakRssKib = kib;
            }
        }
        return peakRssKib * 1024;
    }

    /** The largest peak RSS sampled, in bytes (0 if never sampled or not on Linux). */
    public long peakRssBytes() {
        return peakRssKib * 1024;
    }

    public Spec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public Path logFile() {
        return logFile;
    }

    /** How many times this service was started. */
    public int starts() {
        return starts;
    }

    /** How many times it was killed with SIGKILL. */
    public int kills() {
        return kills;
    }

    /** The last {@code lines} lines of the log (for error messages). */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log)";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return spec.name() + "[pid " + pid() + (isAlive() ? ", running" : ", stopped") + "]";
    }

    static long vmHwmKib(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return 0; // not Linux, or the process just ended
        }
        return 0;
    }

    private static void waitGone(Process p, Duration timeout) {
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("process " + p.pid() + " still alive " + timeout + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for process " + p.pid(), e);
        }
    }

    /** SIGTERM to every child still running (their own hooks close them), then {@code kill -9} to those that outlast the grace. */
    static void stopChildren() {
        List<Process> children = List.copyOf(RUNNING);
        children.forEach(Process::destroy);
        long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
        for (Process child : children) {
            try {
                if (!child.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Extra environment entries in insertion order (a small helper for specs). */
    static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }
}
