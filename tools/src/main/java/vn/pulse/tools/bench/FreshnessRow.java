package vn.pulse.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.http.Json;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.reference.Gate;
import vn.pulse.core.reference.Gates;
import vn.pulse.producer.ingest.ApiKeys;
import vn.pulse.producer.ingest.IngestKey;
import vn.pulse.producer.ingest.IngestKind;
import vn.pulse.producer.ingest.IngestServer;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.streams.border.BorderTopology;
import vn.pulse.streams.vaccination.VaccinationTopology;

/**
 * Row 4: end-to-end freshness under a steady load through the ingest gateway, both domains live. The
 * vaccination and border topologies (the applications of rows 3a and 3b, continuing from their
 * commits), the API and the gateway run; a paced background load posts batches of doses and of gate
 * events, {@link #RATE} events/s in all (each batch due at a fixed time whatever the answers to
 * earlier ones, latency taken from when it was due, so a slow gateway cannot slow the load down and
 * hide it); meanwhile {@link #PROBERS} probe threads per domain each post one dose (or one vehicle's
 * arrival) at a time and poll the API every {@link #POLL} until it is visible. Before each sample a
 * prober waits a random delay over {@link #PHASE_PERIOD}, so samples start at random phases of the
 * commit and emission cycles instead of right after the commit that ended the previous sample.
 */
final class FreshnessRow {

    /** The steady rate the freshness target is stated for, both domains together. */
    static final int RATE = 5_000;
    /** Of which gate events (the rest are doses). */
    static final int GATE_RATE = 1_000;
    /** Events per background request. */
    static final int BATCH = 50;
    /** Concurrent background senders per domain: headroom for a gateway answering in up to 150 ms. */
    static final int SENDERS = 12;
    /** Probe threads per domain, each on its own districts or gates. */
    static final int PROBERS = 4;
    /** How often a probe asks the API (the resolution of a sample). */
    static final Duration POLL = Duration.ofMillis(10);
    /**
     * The random delay before each sample is uniform over this period: a multiple of the commit
     * interval (100 ms) and of the border's emission interval (250 ms), so the phase is uniform
     * against both.
     */
    static final Duration PHASE_PERIOD = Duration.ofMillis(500);
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(10);
    /** The load stops here even if the probes have fewer samples than asked (the row then says how many it has). */
    private static final Duration MAX_DURATION = Duration.ofMinutes(4);
    private static final Duration WARM_UP = Duration.ofSeconds(2);

    private final Bench.Env env;
    private final ObjectMapper json = Json.newMapper();

    private FreshnessRow(Bench.Env env) {
        this.env = env;
    }

    /**
     * Measures row 4: the load lasts at least three times the HTTP load duration and until each domain
     * has {@link BenchSize#freshnessSamples()} samples.
     */
    static void run(Bench.Env env, String vaccinationApp, String borderApp) throws Exception {
        new FreshnessRow(env).measure(vaccinationApp, borderApp, env.size().load().multipliedBy(3), env.size().freshnessSamples());
    }

    private KafkaStreams continued(Topology topology, String applicationId) {
        Properties properties = Bench.streamsProperties(env, applicationId);
        // Its own state directory: the state is restored from the changelogs of row 3 (before anything is
        // measured). Reopening row 3's directory made Streams wipe every task under exactly-once (no
        // checkpoint beside non-empty stores) and restore anyway, with a page of ERROR lines.
        properties.put(StreamsConfig.STATE_DIR_CONFIG, env.dataDir().resolve("streams-freshness-" + applicationId).toString());
        return new KafkaStreams(topology, properties);
    }

    private void measure(String vaccinationApp, String borderApp, Duration minDuration, int minSamples) throws Exception {
        env.say("Row 4: freshness at " + RATE + " events/s (" + GATE_RATE + " of them gate events) through the gateway, at least "
                + minDuration.toSeconds() + " s and " + minSamples + " samples per domain ...");
        PulseSerdes serdes = PulseSerdes.forRegistry(env.registryUrl());
        StreamsBuilder vaccination = new StreamsBuilder();
        VaccinationTopology.addTo(vaccination, TopicNames.defaults(), serdes, VaccinationTopology.Options.defaults());
        StreamsBuilder border = new StreamsBuilder();
        BorderTopology.addTo(border, TopicNames.defaults(), BorderConfig.defaults(), serdes);
        String siteKey = ApiKeys.generate();
        String customsKey = ApiKeys.generate();
        try (KafkaStreams doses = continued(vaccination.build(), vaccinationApp);
             KafkaStreams gates = continued(border.build(), borderApp);
             ApiServer api = ApiServer.start(new ApiConfig(env.bootstrapServers(), env.registryUrl(), Bench.HOST, 0));
             IngestServer ingest = IngestServer.start(Bench.ingestConfigWithKeys(env, "bench=" + ApiKeys.entry(IngestKey.Role.SITE, List.of("*"), siteKey)
                     + ";customs=" + ApiKeys.entry(IngestKey.Role.CUSTOMS, List.of("*"), customsKey)))) {
            doses.start();
            gates.start();
            URI ingestUrl = URI.create("http://" + Bench.HOST + ":" + ingest.port());
            URI apiUrl = URI.create("http://" + Bench.HOST + ":" + api.port());
            FreshnessProbe probe = new FreshnessProbe(ingestUrl, siteKey, apiUrl, Clock.systemUTC());
            // The first samples wait for the whole pipeline to be live (Streams RUNNING, the API caught up;
            // restoring the state of row 3 from the changelogs takes a while on a loaded machine).
            Duration ready = Duration.ofMinutes(5);
            if (probe.sample(Districts.ALL.get(0).code(), Duration.ofMillis(50), ready) == null) {
                throw new IllegalStateException("the first probe dose was not visible in the API within " + ready + " (Streams "
                        + doses.state() + ")");
            }
            if (probe.sampleGate(Gates.ALL.get(0).code(), customsKey, Duration.ofMillis(50), ready) == null) {
                throw new IllegalStateException("the first probe gate event was not visible in the API within " + ready + " (Streams "
                        + gates.state() + ")");
            }
            IntFunction<HttpRequest> doseBatches = doseBatches(ingestUrl, siteKey);
            IntFunction<HttpRequest> gateBatches = gateBatches(ingestUrl, customsKey);
            double doseRequests = (double) (RATE - GATE_RATE) / BATCH;
            double gateRequests = (double) GATE_RATE / BATCH;
            HttpLoad load = new HttpLoad();
            load.run(doseBatches, SENDERS, WARM_UP, doseRequests, 202);
            load.run(gateBatches, SENDERS, WARM_UP, gateRequests, 202);

            AtomicBoolean stop = new AtomicBoolean();
            Background doseLoad = new Background(load, doseBatches, doseRequests, stop, "doses");
            Background gateLoad = new Background(load, gateBatches, gateRequests, stop, "gates");
            long started = System.nanoTime();
            doseLoad.start();
            gateLoad.start();
            Probers doseProbers = new Probers(PROBERS, Districts.ALL.stream().map(District::code).toList(),
                    code -> probe.sample(code, POLL, SAMPLE_TIMEOUT), "doses");
            Probers gateProbers = new Probers(PROBERS, Gates.ALL.stream().map(Gate::code).toList(),
                    code -> probe.sampleGate(code, customsKey, POLL, SAMPLE_TIMEOUT), "gates");
            doseProbers.start();
            gateProbers.start();
            long deadline = started + MAX_DURATION.toNanos();
            while (System.nanoTime() < deadline && (System.nanoTime() - started < minDuration.toNanos()
                    || doseProbers.count() < minSamples || gateProbers.count() < minSamples)) {
                Thread.sleep(100);
            }
            stop.set(true);
            doseProbers.stopAndJoin();
            gateProbers.stopAndJoin();
            doseLoad.join();
            gateLoad.join();
            double seconds = (System.nanoTime() - started) / 1e9;
            doseLoad.rethrow();
            gateLoad.rethrow();
            doseProbers.rethrow();
            gateProbers.rethrow();
            gates.close(CloseOptions.timeout(Duration.ofSeconds(30)));
            doses.close(CloseOptions.timeout(Duration.ofSeconds(30)));
            report(doseProbers, gateProbers, doseLoad.result(), gateLoad.result(), seconds, minSamples);
        }
    }

    /** One paced background load, stopped by the shared flag. */
    private static final class Background {
        private final Thread thread;
        private final AtomicReference<HttpLoad.Result> result = new AtomicReference<>();
        private final AtomicReference<Exception> error = new AtomicReference<>();

        Background(HttpLoad load, IntFunction<HttpRequest> batches, double requestsPerSecond, AtomicBoolean stop, String name) {
            thread = new Thread(() -> {
                try {
                    result.set(load.run(batches, SENDERS, MAX_DURATION, requestsPerSecond, 202, stop::get));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    error.set(e);
                }
            }, "pulse-bench-freshness-load-" + name);
        }

        void start() {
            thread.start();
        }

        void join() throws InterruptedException {
            thread.join();
        }

        void rethrow() {
            if (error.get() != null) {
                throw new IllegalStateException("the background load failed", error.get());
            }
        }

        HttpLoad.Result result() {
            return result.get();
        }
    }

    @FunctionalInterface
    private interface ProbeCall {
        FreshnessProbe.Sample sample(String code) throws InterruptedException;
    }

    /** {@code count} probe threads, thread {@code w} on codes {@code w, w + count, ...} in turn, each sample after a random phase. */
    private static final class Probers {
        private final List<Thread> threads = new ArrayList<>();
        private final List<FreshnessProbe.Sample> samples = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong timedOut = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Exception> error = new AtomicReference<>();

        Probers(int count, List<String> codes, ProbeCall call, String name) {
            for (int w = 0; w < count; w++) {
                List<String> mine = new ArrayList<>();
                for (int i = w; i < codes.size(); i += count) {
                    mine.add(codes.get(i));
                }
                Random random = new Random(w * 31L + name.hashCode());
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; !stop.get(); i++) {
                            Thread.sleep(BenchStats.randomPhase(random, PHASE_PERIOD).toMillis());
                            FreshnessProbe.Sample sample = call.sample(mine.get(i % mine.size()));
                            if (sample == null) {
                                timedOut.incrementAndGet();
                            } else {
                                samples.add(sample);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        error.compareAndSet(null, e);
                    }
                }, "pulse-bench-probe-" + name + "-" + w));
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        /** Samples so far, timed-out ones included. */
        long count() {
            return samples.size() + timedOut.get();
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        void rethrow() {
            if (error.get() != null) {
                throw new IllegalStateException("a freshness probe failed", error.get());
            }
        }

        /** Censored, not dropped: a sample not visible within the timeout counts as the timeout. */
        BenchStats.Percentiles percentiles() {
            List<Duration> visible = new ArrayList<>(samples.stream().map(FreshnessProbe.Sample::visible).toList());
            visible.addAll(Collections.nCopies((int) timedOut.get(), SAMPLE_TIMEOUT));
            return BenchStats.Percentiles.of(visible);
        }

        FreshnessProbe.Result result() {
            return new FreshnessProbe.Result(List.copyOf(samples), (int) timedOut.get());
        }
    }

    private IntFunction<HttpRequest> doseBatches(URI ingestUrl, String key) {
        URI url = ingestUrl.resolve(IngestServer.PATH_PREFIX + IngestKind.VACCINATION_DOSES.path());
        List<String> districts = Districts.ALL.stream().map(District::code).toList();
        AtomicLong sequence = new AtomicLong();
        return t -> post(url, key, Bench.doseBatch(json, "fresh-", sequence.getAndAdd(BATCH), BATCH,
                // Administered just now: always before the probe's marks (FreshnessProbe.MARK_AHEAD ahead).
                Instant.now().minusSeconds(1).toString(), districts));
    }

    /**
     * Batches of gate events at every gate in turn, occurred just now (before the probe's marks): half
     * of each batch new vehicles arriving, half the crossings of vehicles that arrived a batch earlier.
     */
    private IntFunction<HttpRequest> gateBatches(URI ingestUrl, String key) {
        URI url = ingestUrl.resolve(IngestServer.PATH_PREFIX + IngestKind.GATE_EVENTS.path());
        AtomicLong sequence = new AtomicLong();
        return t -> post(url, key, gateBatch(sequence.getAndIncrement(), Instant.now().minusSeconds(1)));
    }

    private String gateBatch(long batch, Instant at) {
        StringBuilder body = new StringBuilder(BATCH * 300).append('[');
        int half = BATCH / 2;
        for (int i = 0; i < BATCH; i++) {
            boolean arrival = i < half;
            // The first batch's crossings have no arrival (counted as such by the topology).
            long vehicle = arrival ? batch * half + i : (batch - 1) * half + i - half;
            Gate gate = Gates.ALL.get((int) Math.floorMod(vehicle, (long) Gates.ALL.size()));
            ObjectNode e = json.createObjectNode();
            e.put("eventId", "fresh-gate-" + vehicle + (arrival ? "-a" : "-x"));
            e.put("gateCode", gate.code());
            e.put("occurredAt", at.toString());
            e.put("kind", arrival ? "ARRIVED" : "CROSSED");
            e.put("direction", Math.floorMod(vehicle, 5L) < 3 ? "EXPORT" : "IMPORT");
            e.put("vehicleRef", "fresh-veh-" + vehicle);
            e.put("vehicleType", FreshnessProbe.vehicleType(gate.code()));
            e.put("cargoCategory", "MANUFACTURED_GOODS");
            e.put("greenLane", false);
            e.put("tons", "20.000");
            e.put("declaredValueUsd", "25000.00");
            body.append(i == 0 ? "" : ",").append(e);
        }
        return body.append(']').toString();
    }

    private static HttpRequest post(URI url, String key, String body) {
        return HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private void report(Probers doseProbes, Probers gateProbes, HttpLoad.Result doseLoad, HttpLoad.Result gateLoad, double seconds,
                        int minSamples) {
        double achieved = (doseLoad.ok() + gateLoad.ok()) * (double) BATCH / seconds;
        boolean sustained = achieved >= 0.95 * RATE && doseLoad.failed() == 0 && gateLoad.failed() == 0;
        String load = String.format(Locale.ROOT, "at %,.0f ev/s of %,d, both domains live", achieved, RATE);
        BenchReport report = env.report();
        addDomain(report, "4a", "doses, gateway → API district figures, " + load, doseProbes.percentiles(), doseProbes, minSamples);
        addDomain(report, "4b", "gate events, gateway → API gate status, " + load, gateProbes.percentiles(), gateProbes, minSamples);
        report.add(BenchRow.figure("4", "background load through the gateway (paced, batches of " + BATCH + "; " + GATE_RATE
                + " gate events/s, the rest doses)", "events/s accepted", achieved, "ev/s").target("5,000 ev/s sustained", sustained));
        report.note(String.format(Locale.ROOT, "4: %.0f s of load; doses %s; gate events %s (a timed-out sample counts as %d s);"
                        + " %d probe threads per domain, each sample after a random delay uniform over %d ms, polling the API every %d ms;"
                        + " background dose batches %,d accepted, %,d failed, latency from when due p50 %.1f ms, p99 %.1f ms;"
                        + " gate batches %,d accepted, %,d failed, p50 %.1f ms, p99 %.1f ms",
                seconds, doseProbes.result().summary(), gateProbes.result().summary(), SAMPLE_TIMEOUT.toSeconds(), PROBERS,
                PHASE_PERIOD.toMillis(), POLL.toMillis(), doseLoad.ok(), doseLoad.failed(), doseLoad.percentileMillis(50),
                doseLoad.percentileMillis(99), gateLoad.ok(), gateLoad.failed(), gateLoad.percentileMillis(50), gateLoad.percentileMillis(99)));
    }

    private static void addDomain(BenchReport report, String id, String what, BenchStats.Percentiles p, Probers probes, int minSamples) {
        report.add(BenchRow.figure(id, what, "samples", p.count(), "n")
                .target("≥ " + minSamples + " samples", p.count() >= minSamples));
        report.add(BenchRow.figure(id, what, "p50", p.p50Millis(), "ms"));
        report.add(BenchRow.figure(id, what, "p99" + (p.p99Resolved() ? "" : " (= the maximum: fewer than 100 samples)"), p.p99Millis(), "ms")
                .target("p99 ≤ 300 ms", p.p99Millis() <= 300 && probes.timedOut.get() == 0));
    }
}
