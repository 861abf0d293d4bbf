package vn.pulse.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import vn.pulse.core.config.Settings;
import vn.pulse.core.geography.Geography;
import vn.pulse.platform.LocalKafka;
import vn.pulse.streams.StreamsApp;
import vn.pulse.tools.cluster.JvmProfile;
import vn.pulse.tools.cluster.PulseCluster;
import vn.pulse.tools.cluster.ReadyCheck;
import vn.pulse.tools.cluster.ServiceProcess;

/**
 * One Streams app instance of the scale rows as its own OS process, run as the cluster launcher runs
 * it for row 7 ({@link JvmProfile#SERVICE}, heap {@link PulseCluster#STREAMS_HEAP}): the whole
 * {@code PulseTopology}, exactly-once, the live profile (commit interval 100 ms, as rows 2 and 3),
 * a session timeout of {@value #SESSION_TIMEOUT_SECONDS} s (how soon a killed instance's tasks move),
 * its own state directory and ops port. So its peak RSS is its own, and {@code kill -9} kills it alone.
 */
final class StreamsChild implements AutoCloseable {

    static final int SESSION_TIMEOUT_SECONDS = 10;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceProcess process;
    private final String opsUrl;
    private final Path stateDir;

    /**
     * @param geography the {@code geography.dataset} of the instance (a shipped id or a directory)
     * @param standbys  {@code num.standby.replicas}
     */
    StreamsChild(String name, ScaleBroker broker, String applicationId, Path runDir, String geography, int standbys) {
        int port = LocalKafka.freePorts(Bench.HOST, 1)[0];
        this.opsUrl = "http://" + Bench.HOST + ":" + port;
        this.stateDir = runDir.resolve("state-" + name);
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Settings.envName("kafka.bootstrap-servers"), broker.bootstrapServers());
        env.put(Settings.envName("registry.url"), broker.registryUrl());
        env.put(Settings.envName("streams.application-id"), applicationId);
        env.put(Settings.envName("streams.state-dir"), stateDir.toAbsolutePath().toString());
        env.put(Settings.envName("streams.profile"), "live");
        env.put(Settings.envName("streams.commit-interval"), "100ms");
        env.put(Settings.envName("streams.session-timeout"), SESSION_TIMEOUT_SECONDS + "s");
        env.put(Settings.envName("streams.http.host"), Bench.HOST);
        env.put(Settings.envName("streams.http.port"), Integer.toString(port));
        env.put(Geography.ENV, geography);
        env.put(Settings.envName("kafka.client.num.standby.replicas"), Integer.toString(standbys));
        this.process = new ServiceProcess(new ServiceProcess.Spec(name, StreamsApp.class.getName(), java.util.List.of(), env,
                JvmProfile.SERVICE.flags(PulseCluster.STREAMS_HEAP), ReadyCheck.http(opsUrl + "/health/ready")), runDir.resolve("logs"));
    }

    /** Starts the process (not waiting). */
    StreamsChild start() {
        process.start();
        return this;
    }

    /** Waits until the instance answers ready (Streams RUNNING), polling every 20 ms; returns {@link System#nanoTime()} then. */
    long awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited before it was ready; log tail:\n" + process.logTail(30));
            }
            if (process.spec().ready().isReady()) {
                long now = System.nanoTime();
                process.sampleRss();
                return now;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(process.name() + " not ready within " + timeout + "; log tail:\n" + process.logTail(30));
    }

    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(process.name() + " exited; log tail:\n" + process.logTail(30));
        }
    }

    /** {@code kill -9}. */
    void kill() {
        process.kill();
    }

    /** The peak resident set size of the process so far ({@code VmHWM}), in MiB. */
    double peakRssMib() {
        return process.sampleRss() / (1024.0 * 1024.0);
    }

    /** The size of the state directory on disk, in MiB. */
    double stateMib() {
        if (!Files.isDirectory(stateDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a RocksDB file removed by a compaction meanwhile
                }
            }).sum() / (1024.0 * 1024.0);
        } catch (IOException | UncheckedIOException e) {
            return Double.NaN;
        }
    }

    /** The instance's Prometheus text ({@code /metrics}). */
    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(opsUrl + "/metrics")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(process.name() + ": /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** Changelog records restored into {@code store} since the process started ({@code pulse_streams_restored_records_total}). */
    long restoredRecords(String store) throws IOException, InterruptedException {
        return restoredRecords(metrics(), store);
    }

    /** {@link #restoredRecords(String)} from a {@code /metrics} text. */
    static long restoredRecords(String metrics, String store) {
        return (long) sum(metrics, "pulse_streams_restored_records_total{", "store=\"" + store + "\"");
    }

    /** The restore consumer's fetch lag on one changelog: over how many partitions, in total. */
    record ChangelogLag(int partitions, long records) {
    }

    /**
     * The restore consumer's lag on {@code changelog} (the partitions this instance restores or keeps
     * as standby replicas; a standby is caught up when its lag is 0).
     */
    ChangelogLag changelogLag(String changelog) throws IOException, InterruptedException {
        return changelogLag(metrics(), changelog);
    }

    /** {@link #changelogLag(String)} from a {@code /metrics} text. */
    static ChangelogLag changelogLag(String metrics, String changelog) {
        int seen = 0;
        double lag = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("kafka_consumer_fetch_manager_records_lag{") && line.contains("topic=\"" + changelog + "\"")
                    && line.contains("restore-consumer")) {
                double value = value(line);
                if (!Double.isNaN(value)) {
                    seen++;
                    lag += value;
                }
            }
        }
        return new ChangelogLag(seen, (long) lag);
    }

    private static double sum(String metrics, String prefix, String contains) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix) && line.contains(contains)) {
                double value = value(line);
                total += Double.isNaN(value) ? 0 : value;
            }
        }
        return total;
    }

    private static double value(String line) {
        try {
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    String name() {
        return process.name();
    }

    /** The last lines of the process's log. */
    String logTail(int lines) {
        return process.logTail(lines);
    }

    /** Stops the process if it runs (SIGTERM, then kill after 30 s). */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
