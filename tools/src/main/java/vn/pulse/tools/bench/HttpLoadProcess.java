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
 * the measured servers' process: {@link #run} starts {@code java -cp <this class path>
 * vn.pulse.tools.bench.HttpLoadProcess threads warmUpMillis loadMillis url...} and reads the result
 * lines {@link #main} prints. The child warms every route up (unmeasured), then loads each route as
 * fast as its clients go, then every route at one rate, half the slowest route's maximum, latency
 * taken from when each request was due (no coordinated omission).
 */
public final class HttpLoadProcess {

    private static final String MAX = "MAX ";
    private static final String PACED = "PACED ";

    /** What the child measured of one route in one phase (latencies in milliseconds). */
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

        static Result of(HttpLoad.Result r) {
            return new Result(r.ok(), r.failed(), r.seconds(), r.percentileMillis(50), r.percentileMillis(90), r.percentileMillis(99),
                    r.percentileMillis(100));
        }
    }

    /** Per route, in the order given: its maximum, and its figures at {@code rate}, the same for every route. */
    record Row(List<Result> max, double rate, List<Result> paced) {

        /** Reads the child's output: a {@code MAX i ...} and a {@code PACED i ...} line per route. */
        static Row parse(List<String> lines, int routes) {
            Result[] max = new Result[routes];
            Result[] paced = new Result[routes];
            for (String line : lines) {
                if (line.startsWith(MAX) || line.startsWith(PACED)) {
                    String rest = line.substring(line.indexOf(' ') + 1);
                    int space = rest.indexOf(' ');
                    int route = Integer.parseInt(rest.substring(0, space));
                    (line.startsWith(MAX) ? max : paced)[route] = Result.parse(rest.substring(space + 1));
                }
            }
            for (int i = 0; i < routes; i++) {
                if (max[i] == null || paced[i] == null) {
                    throw new IllegalArgumentException("no result for route " + i + " in the load generator's output");
                }
            }
            return new Row(List.of(max), rateFor(List.of(max)), List.of(paced));
        }

        /** Half the slowest route's maximum: a rate every route can serve. */
        static double rateFor(List<Result> max) {
            return max.stream().mapToDouble(Result::perSecond).min().orElseThrow() / 2;
        }
    }

    private HttpLoadProcess() {
    }

    /** Loads {@code urls} from a child JVM (see the class comment) and returns what it measured. */
    static Row run(List<String> urls, int threads, Duration warmUp, Duration load, Path logDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms64m");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HttpLoadProcess.class.getName());
        command.add(Integer.toString(threads));
        command.add(Long.toString(warmUp.toMillis()));
        command.add(Long.toString(load.toMillis()));
        command.addAll(urls);
        Files.createDirectories(logDir);
        Path out = Files.createTempFile(logDir, "http-load-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long limit = warmUp.plus(load.multipliedBy(2)).multipliedBy(urls.size()).plusSeconds(90).toMillis();
        if (!process.waitFor(limit, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the load generator did not finish within " + limit + " ms (output in " + out + ")");
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        try {
            return Row.parse(lines, urls.size());
        } catch (RuntimeException e) {
            throw new IllegalStateException("the load generator exited " + process.exitValue() + " without every result: "
                    + String.join(" / ", lines), e);
        }
    }

    /** {@code threads warmUpMillis loadMillis url...}: prints {@code MAX i <result>} and {@code PACED i <result>} per route. */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: HttpLoadProcess threads warmUpMillis loadMillis url...");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[0]);
        Duration warmUp = Duration.ofMillis(Long.parseLong(args[1]));
        Duration load = Duration.ofMillis(Long.parseLong(args[2]));
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            requests.add(HttpLoad.get(args[i]));
        }
        HttpLoad http = new HttpLoad();
        for (HttpRequest request : requests) {
            http.run(t -> request, threads, warmUp, 0, 200);
        }
        List<Result> max = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            HttpRequest request = requests.get(i);
            max.add(Result.of(http.run(t -> request, threads, load, 0, 200)));
            System.out.println(MAX + i + " " + max.get(i).line());
        }
        double rate = Row.rateFor(max);
        for (int i = 0; i < requests.size(); i++) {
            HttpRequest request = requests.get(i);
            System.out.println(PACED + i + " " + Result.of(http.run(t -> request, threads, load, rate, 200)).line());
        }
        System.exit(0);
    }
}
