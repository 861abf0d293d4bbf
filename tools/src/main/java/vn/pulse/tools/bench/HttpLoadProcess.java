package vn.pulse.tools.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The API row's load generator in its own JVM, so that its threads, allocation and JIT do not share
 * the measured server's process: {@link #run} starts {@code java -cp <this class path>
 * vn.pulse.tools.bench.HttpLoadProcess url threads warmUpMillis loadMillis rate} and reads the one
 * result line {@link #main} prints. {@code rate} 0 means as fast as the clients go; otherwise the
 * requests are paced to that total rate, latency taken from when each was due.
 */
public final class HttpLoadProcess {

    private static final String RESULT = "RESULT ";

    /** What the child measured (latencies in milliseconds). */
    record Result(long ok, long failed, double seconds, double p50, double p90, double p99, double max) {
        double perSecond() {
            return ok / seconds;
        }

        String line() {
            return String.format(Locale.ROOT, "%d %d %.6f %.4f %.4f %.4f %.4f", ok, failed, seconds, p50, p90, p99, max);
        }

        static Result parse(String line) {
            String[] f = line.trim().split(" ");
            if (f.length != 7) {
                throw new IllegalArgumentException("a load result has 7 fields, got '" + line + "'");
            }
            return new Result(Long.parseLong(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
        }
    }

    private HttpLoadProcess() {
    }

    /** Runs one load against {@code url} in a child JVM (after its own warm-up, unmeasured) and returns its result. */
    static Result run(String url, int threads, Duration warmUp, Duration load, double rate, Path logDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms64m");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HttpLoadProcess.class.getName());
        command.add(url);
        command.add(Integer.toString(threads));
        command.add(Long.toString(warmUp.toMillis()));
        command.add(Long.toString(load.toMillis()));
        command.add(String.format(Locale.ROOT, "%.3f", rate));
        Files.createDirectories(logDir);
        Path out = Files.createTempFile(logDir, "http-load-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long limit = warmUp.plus(load).plusSeconds(60).toMillis();
        if (!process.waitFor(limit, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the load generator for " + url + " did not finish within " + limit + " ms (output in " + out + ")");
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String result = lines.stream().filter(l -> l.startsWith(RESULT)).findFirst().orElseThrow(() -> new IllegalStateException(
                "the load generator for " + url + " exited " + process.exitValue() + " without a result: " + String.join(" / ", lines)));
        return Result.parse(result.substring(RESULT.length()));
    }

    /** {@code url threads warmUpMillis loadMillis rate}: prints {@code RESULT ok failed seconds p50 p90 p99 max}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: HttpLoadProcess url threads warmUpMillis loadMillis rate");
            System.exit(2);
        }
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        Duration warmUp = Duration.ofMillis(Long.parseLong(args[2]));
        Duration load = Duration.ofMillis(Long.parseLong(args[3]));
        double rate = Double.parseDouble(args[4]);
        HttpLoad http = new HttpLoad();
        HttpRequest request = HttpLoad.get(url);
        if (!warmUp.isZero()) {
            http.run(t -> request, threads, warmUp, 0, 200);
        }
        HttpLoad.Result r = http.run(t -> request, threads, load, rate, 200);
        Result result = new Result(r.ok(), r.failed(), r.seconds(), r.percentileMillis(50), r.percentileMillis(90), r.percentileMillis(99),
                r.percentileMillis(100));
        System.out.println(RESULT + result.line());
        System.exit(0);
    }
}
