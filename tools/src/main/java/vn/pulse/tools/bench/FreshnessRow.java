package vn.pulse.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.http.Json;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.producer.ingest.ApiKeys;
import vn.pulse.producer.ingest.IngestKind;
import vn.pulse.producer.ingest.IngestServer;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.vaccination.VaccinationTopology;

/**
 * Row 4: end-to-end freshness under a steady load through the ingest gateway. The vaccination
 * topology (the application of row 3a, continuing from its commits), the API and the gateway run
 * live; a paced background load posts batches of doses at {@link #RATE} events/s (each batch due at
 * a fixed time whatever the answers to earlier ones, latency taken from when it was due, so a slow
 * gateway cannot slow the load down and hide it); meanwhile {@link FreshnessProbe} posts one dose
 * at a time and polls the API every {@link #POLL} until that dose is visible.
 */
final class FreshnessRow {

    /** The steady rate the freshness target is stated for. */
    static final int RATE = 5_000;
    /** Events per background request: 100 requests/s at the target rate. */
    static final int BATCH = 50;
    /** Concurrent background senders: headroom for a gateway answering in up to 150 ms at 100 requests/s. */
    static final int SENDERS = 16;
    /** How often the probe asks the API (the resolution of a sample). */
    static final Duration POLL = Duration.ofMillis(5);
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MIN_SAMPLES = 3;
    private static final Duration WARM_UP = Duration.ofSeconds(2);

    private final Bench.Env env;
    private final ObjectMapper json = Json.newMapper();

    private FreshnessRow(Bench.Env env) {
        this.env = env;
    }

    /** Measures row 4; the load lasts three times the HTTP load duration (more probe samples for the p99). */
    static void run(Bench.Env env) throws Exception {
        new FreshnessRow(env).measure(env.size().load().multipliedBy(3));
    }

    private void measure(Duration duration) throws Exception {
        env.say("Row 4: freshness at " + RATE + " events/s through the gateway, " + duration.toSeconds() + " s ...");
        StreamsBuilder builder = new StreamsBuilder();
        VaccinationTopology.addTo(builder, TopicNames.defaults(), PulseSerdes.forRegistry(env.registryUrl()),
                VaccinationTopology.Options.defaults());
        String key = ApiKeys.generate();
        Properties properties = Bench.streamsProperties(env, "pulse-bench-vaccination");
        // Its own state directory: the state is restored from the changelogs of (3a) (a few seconds, before
        // anything is measured). Reopening (3a)'s directory made Streams wipe every task under exactly-once
        // (no checkpoint beside non-empty stores) and restore anyway, with a page of ERROR lines.
        properties.put(StreamsConfig.STATE_DIR_CONFIG, env.dataDir().resolve("streams-freshness").toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), properties);
             ApiServer api = ApiServer.start(new ApiConfig(env.bootstrapServers(), env.registryUrl(), Bench.HOST, 0));
             IngestServer ingest = IngestServer.start(Bench.ingestConfig(env, key))) {
            streams.start();
            URI ingestUrl = URI.create("http://" + Bench.HOST + ":" + ingest.port());
            URI apiUrl = URI.create("http://" + Bench.HOST + ":" + api.port());
            FreshnessProbe probe = new FreshnessProbe(ingestUrl, key, apiUrl, Clock.systemUTC());
            // The first sample waits for the whole pipeline to be live (Streams RUNNING, the API caught up).
            // (restoring the state of (3a)'s 500,000 doses from the changelogs takes a while on a loaded machine).
            Duration ready = Duration.ofMinutes(5);
            if (probe.sample(Districts.ALL.get(0).code(), Duration.ofMillis(50), ready) == null) {
                throw new IllegalStateException("the first probe dose was not visible in the API within " + ready + " (Streams "
                        + streams.state() + ")");
            }
            IntFunction<HttpRequest> batches = backgroundBatches(ingestUrl, key);
            HttpLoad load = new HttpLoad();
            load.run(batches, SENDERS, WARM_UP, (double) RATE / BATCH, 202);

            AtomicReference<HttpLoad.Result> background = new AtomicReference<>();
            AtomicReference<Exception> backgroundError = new AtomicReference<>();
            Thread loader = new Thread(() -> {
                try {
                    background.set(load.run(batches, SENDERS, duration, (double) RATE / BATCH, 202));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    backgroundError.set(e);
                }
            }, "pulse-bench-freshness-load");
            loader.start();
            List<FreshnessProbe.Sample> samples = new ArrayList<>();
            int timedOut = 0;
            // One probe after the other while the load runs (at least MIN_SAMPLES, even when the pipeline is slow).
            for (int i = 1; loader.isAlive() || samples.size() + timedOut < MIN_SAMPLES; i++) {
                District district = Districts.ALL.get(i % Districts.ALL.size());
                FreshnessProbe.Sample sample = probe.sample(district.code(), POLL, SAMPLE_TIMEOUT);
                if (sample == null) {
                    timedOut++;
                } else {
                    samples.add(sample);
                }
            }
            loader.join();
            if (backgroundError.get() != null) {
                throw new IllegalStateException("the background load failed", backgroundError.get());
            }
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30)));
            report(new FreshnessProbe.Result(samples, timedOut), background.get());
        }
    }

    /** Nearest rank, as {@link FreshnessProbe.Result#visibleQuantile}. */
    private static double quantileMillis(List<Duration> sorted, double q) {
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1)).toNanos() / 1e6;
    }

    private IntFunction<HttpRequest> backgroundBatches(URI ingestUrl, String key) {
        URI url = ingestUrl.resolve(IngestServer.PATH_PREFIX + IngestKind.VACCINATION_DOSES.path());
        List<String> districts = Districts.ALL.stream().map(District::code).toList();
        AtomicLong sequence = new AtomicLong();
        return t -> HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                // Administered just now: always before the probe's marks (FreshnessProbe.MARK_AHEAD ahead).
                .POST(HttpRequest.BodyPublishers.ofString(Bench.doseBatch(json, "fresh-", sequence.getAndAdd(BATCH), BATCH,
                        Instant.now().minusSeconds(1).toString(), districts)))
                .build();
    }

    private void report(FreshnessProbe.Result probes, HttpLoad.Result background) {
        double achieved = background.ok() * (double) BATCH / background.seconds();
        // Censored, not dropped: a dose not visible within the timeout counts as the timeout.
        List<Duration> visible = new ArrayList<>(probes.samples().stream().map(FreshnessProbe.Sample::visible).toList());
        visible.addAll(Collections.nCopies(probes.timedOut(), SAMPLE_TIMEOUT));
        Collections.sort(visible);
        double p50 = quantileMillis(visible, 0.5);
        double p99 = quantileMillis(visible, 0.99);
        String load = String.format(Locale.ROOT, "at %,.0f ev/s of %,d", achieved, RATE);
        BenchReport report = env.report();
        report.add(BenchRow.figure("4", "end-to-end freshness, gateway → API, " + load, "p50", p50, "ms"));
        report.add(BenchRow.figure("4", "end-to-end freshness, gateway → API, " + load, "p99", p99, "ms")
                .target("p99 ≤ 300 ms", p99 <= 300 && probes.timedOut() == 0));
        report.add(BenchRow.figure("4", "background load through the gateway (paced, batches of " + BATCH + ")", "events/s accepted",
                achieved, "ev/s").target("5,000 ev/s sustained", achieved >= 0.95 * RATE && background.failed() == 0));
        report.note(String.format(Locale.ROOT, "4: %s (p50 and p99 of the row count a timed-out sample as %d s); background %,d batches accepted, %,d failed in %.1f s,"
                        + " batch latency from when due p50 %.1f ms, p99 %.1f ms; probe polls the API every %d ms",
                probes.summary(), SAMPLE_TIMEOUT.toSeconds(), background.ok(), background.failed(), background.seconds(),
                background.percentileMillis(50), background.percentileMillis(99), POLL.toMillis()));
    }
}
