package vn.pulse.tools.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Concurrent load, HTTP with {@link HttpClient} or any other {@link Call}: {@code threads} workers, each with requests one
 * after the other, for a fixed duration; either as fast as possible or paced to a total rate.
 * Latency is taken from the moment a paced request was due (not when it was sent), so a slow
 * server cannot hide its queue by slowing the client down (no coordinated omission).
 */
final class HttpLoad {

    /** What one run gave. */
    record Result(long ok, long failed, double seconds, long[] sortedLatencyNanos) {

        double perSecond() {
            return ok / seconds;
        }

        /** The {@code p}-th percentile latency in milliseconds ({@code p} in 0..100). */
        double percentileMillis(double p) {
            if (sortedLatencyNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(sortedLatencyNanos.length - 1, Math.ceil(p / 100 * sortedLatencyNanos.length) - 1);
            return sortedLatencyNanos[Math.max(0, i)] / 1e6;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One request of worker {@code worker}: true when it succeeded; an exception counts as a failure. */
    @FunctionalInterface
    interface Call {
        boolean call(int worker) throws Exception;
    }

    /**
     * Runs {@code threads} workers for {@code duration}.
     *
     * @param request       the request worker {@code t} sends next (called per request)
     * @param ratePerSecond total rate to pace to; 0 = as fast as possible
     * @param success       HTTP status counted as a success
     */
    Result run(IntFunction<HttpRequest> request, int threads, Duration duration, double ratePerSecond, int success)
            throws InterruptedException {
        return run(worker -> client.send(request.apply(worker), HttpResponse.BodyHandlers.ofByteArray()).statusCode() == success,
                threads, duration, ratePerSecond);
    }

    /** As {@link #run(IntFunction, int, Duration, double, int)}, ending early once {@code stop} says so. */
    Result run(IntFunction<HttpRequest> request, int threads, Duration duration, double ratePerSecond, int success, BooleanSupplier stop)
            throws InterruptedException {
        return run(worker -> client.send(request.apply(worker), HttpResponse.BodyHandlers.ofByteArray()).statusCode() == success,
                threads, duration, ratePerSecond, stop);
    }

    /** As {@link #run(IntFunction, int, Duration, double, int)} for any kind of request (row 9's SQL queries). */
    static Result run(Call call, int threads, Duration duration, double ratePerSecond) throws InterruptedException {
        return run(call, threads, duration, ratePerSecond, () -> false);
    }

    /** As {@link #run(Call, int, Duration, double)}, ending early once {@code stop} says so. */
    static Result run(Call call, int threads, Duration duration, double ratePerSecond, BooleanSupplier stop) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = ratePerSecond > 0 ? (long) (threads * 1e9 / ratePerSecond) : 0;
        for (int t = 0; t < threads; t++) {
            int worker = t;
            latencies[worker] = new long[1024];
            Thread thread = new Thread(() -> {
                // Workers start spread over one interval, so paced requests do not arrive in bursts.
                long due = start + (interval > 0 ? interval * worker / threads : 0);
                while (true) {
                    long now = System.nanoTime();
                    if (interval > 0 && due > now) {
                        sleepNanos(due - now);
                    }
                    long sent = interval > 0 ? due : System.nanoTime();
                    if (sent >= end || stop.getAsBoolean()) {
                        break;
                    }
                    try {
                        if (call.call(worker)) {
                            ok.incrementAndGet();
                            if (counts[worker] == latencies[worker].length) {
                                latencies[worker] = Arrays.copyOf(latencies[worker], latencies[worker].length * 2);
                            }
                            latencies[worker][counts[worker]++] = System.nanoTime() - sent;
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    due += interval;
                }
            }, "pulse-bench-http-" + t);
            thread.setDaemon(true);
            workers.add(thread);
            thread.start();
        }
        for (Thread thread : workers) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Result(ok.get(), failed.get(), seconds, all);
    }

    HttpClient client() {
        return client;
    }

    static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
