package vn.pulse.tools.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.scenario.border.BorderReferenceData;
import vn.pulse.producer.scenario.border.BorderScenario;
import vn.pulse.producer.scenario.vaccination.LangSon2021;
import vn.pulse.producer.scenario.vaccination.VaccinationReferenceData;
import vn.pulse.producer.scenario.vaccination.VaccinationScenario;
import vn.pulse.tools.cluster.JvmProfile;
import vn.pulse.tools.cluster.PulseCluster;
import vn.pulse.tools.cluster.ServiceProcess;

/**
 * Rows 7 and 8: the whole Lạng Sơn 2021 scenario from empty to the API's final totals, and the peak
 * resident memory of each service during it. The services run as separate OS processes
 * ({@link PulseCluster}: broker, registry, one Streams app, API, each its own JVM with the
 * launcher's flags) on an empty run directory; the replays run side by side in this JVM (as
 * {@code ./pulse run --feed=langson-2021} runs them beside its services); the API is polled until it
 * answers the figures {@code LangSon2021ScenarioIT} asserts. Peak RSS
 * is each process's {@code VmHWM} ({@code /proc/<pid>/status}) read while it still runs.
 */
final class ScenarioRow {

    static final String BORDER_TRADE_USD = "4380000000.00";
    static final String BORDER_EXPORT_USD = "1650000000.00";
    static final String BORDER_IMPORT_USD = "2730000000.00";
    /** As {@code ./pulse run}'s Streams app (LocalRun): exactly-once transactions every 100 ms. */
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    /** The services run as deployed ones do (full JIT), not in the crash harness's quick-start JVMs. */
    static final JvmProfile JVM = JvmProfile.SERVICE;
    private static final Duration TIMEOUT = Duration.ofMinutes(25);
    private static final double MIB = 1024 * 1024;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private ScenarioRow() {
    }

    static void run(Bench.Env env, ScenarioForm form) throws Exception {
        env.say("Rows 7, 8: Lạng Sơn 2021 scenario (" + form.describe() + "), services as separate processes ...");
        PulseCluster.Options options = PulseCluster.Options.defaults(env.dataDir().resolve("scenario"))
                .withStreamsInstances(1).withCommitInterval(COMMIT_INTERVAL).withIngest(false).withJvm(JVM);
        long start = System.nanoTime();
        try (PulseCluster cluster = PulseCluster.create(options).start()) {
            double startSeconds = seconds(start);
            env.say(String.format(Locale.ROOT, "Rows 7, 8: services ready after %.1f s; replaying ...", startSeconds));
            VaccinationReferenceData.publish(cluster.bootstrapServers(), cluster.registryUrl());
            BorderReferenceData.publish(cluster.bootstrapServers(), cluster.registryUrl());
            long replayStart = System.nanoTime();
            FeedContext context = new FeedContext(cluster.bootstrapServers(), cluster.registryUrl(), Clock.systemUTC(), 2021);
            List<Feed> feeds = new ArrayList<>();
            if (form.vaccination()) {
                feeds.add(VaccinationScenario.feed(context));
            }
            feeds.add(BorderScenario.feed(context, TopicNames.defaults(),
                    BorderScenario.Options.defaults().withScale(form.borderScale())));
            try {
                feeds.forEach(Feed::start);
                String missing = awaitTotals(cluster, form);
                double replaySeconds = seconds(replayStart);
                long records = feeds.stream().mapToLong(Feed::eventsWritten).sum();
                // VmHWM is the peak since each process started: read it while they still run.
                Map<String, Long> peaks = new LinkedHashMap<>();
                for (ServiceProcess service : cluster.services()) {
                    peaks.put(service.name(), service.sampleRss());
                }
                report(env, form, startSeconds, replaySeconds, records, peaks, cluster, missing);
                if (!missing.isEmpty()) {
                    // The figures up to here are in the table; the row still fails (CI must notice a run that never gets there).
                    throw new IllegalStateException("the API did not reach the scenario's totals within " + TIMEOUT + ":" + missing);
                }
            } finally {
                for (Feed feed : feeds) {
                    feed.close();
                }
            }
        }
    }

    /** Waits for the totals; returns what is still missing when {@link #TIMEOUT} is up (empty: all there). */
    private static String awaitTotals(PulseCluster cluster, ScenarioForm form) throws InterruptedException {
        String api = cluster.apiUrl() + "/api/v1";
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String missing = (form.vaccination() ? vaccinationMissing(api) : "") + borderMissing(api);
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                return missing;
            }
            for (ServiceProcess service : cluster.services()) {
                if (!service.isAlive()) {
                    throw new IllegalStateException(service.name() + " exited (" + service.exitCode() + ") during the scenario; log "
                            + service.logFile() + ":\n" + service.logTail(20));
                }
            }
            Thread.sleep(100);
        }
    }

    /** What the vaccination summary still lacks of the report's figures; empty when they are all there. */
    private static String vaccinationMissing(String api) throws InterruptedException {
        JsonNode s = get(api + "/vaccination/summary");
        if (s == null) {
            return " vaccination: no answer yet;";
        }
        boolean done = s.path("dosesAdministered").asLong() == LangSon2021.DOSES_ADMINISTERED
                && s.path("dosesAllocated").asLong() == LangSon2021.DOSES_ALLOCATED
                && s.path("boosterDoses").asLong() == LangSon2021.BOOSTER_DOSES
                && same(s.path("dosesUsedPct"), LangSon2021.DOSES_USED_PCT)
                && same(s.path("coverage").path("18+").path("twoDosesPct"), LangSon2021.ADULTS_TWO_DOSES_PCT)
                && same(s.path("coverage").path("12-17").path("twoDosesPct"), LangSon2021.ADOLESCENTS_TWO_DOSES_PCT);
        return done ? "" : " vaccination: doses " + s.path("dosesAdministered").asLong() + " of " + LangSon2021.DOSES_ADMINISTERED + ";";
    }

    /** What the border summary of 2021 still lacks of the report's trade figures; empty when they are there. */
    private static String borderMissing(String api) throws InterruptedException {
        JsonNode s = get(api + "/border/summary?year=2021");
        if (s == null) {
            return " border: no trade yet;";
        }
        boolean done = same(s.path("tradeValueUsd"), BORDER_TRADE_USD) && same(s.path("exportValueUsd"), BORDER_EXPORT_USD)
                && same(s.path("importValueUsd"), BORDER_IMPORT_USD);
        return done ? "" : " border: trade " + s.path("tradeValueUsd").asText() + " of " + BORDER_TRADE_USD + ";";
    }

    private static boolean same(JsonNode number, String expected) {
        return number.isNumber() && number.decimalValue().compareTo(new BigDecimal(expected)) == 0;
    }

    /** The answer's JSON, or null while the API answers anything but 200 (503 while it reads, 404 before any trade). */
    private static JsonNode get(String url) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void report(Bench.Env env, ScenarioForm form, double startSeconds, double replaySeconds, long records,
                               Map<String, Long> peaks, PulseCluster cluster, String missing) {
        BenchReport report = env.report();
        report.add(BenchRow.figure("7", "Lạng Sơn 2021 scenario (" + form.describe() + "), replay start to final API totals",
                missing.isEmpty() ? "seconds" : "seconds, totals NOT reached (stopped)", replaySeconds, "s")
                .target("≤ 60 s", missing.isEmpty() && replaySeconds <= 60));
        if (!missing.isEmpty()) {
            report.note("7: stopped after " + TIMEOUT.toMinutes() + " min; the API still lacked:" + missing);
        }
        double streams = peaks.getOrDefault(cluster.streams(0).name(), 0L) / MIB;
        double api = peaks.getOrDefault(cluster.api().name(), 0L) / MIB;
        double all = peaks.values().stream().mapToLong(Long::longValue).sum() / MIB;
        report.add(BenchRow.figure("8", "peak RSS during (7): Streams app process", "VmHWM", streams, "MiB")
                .target("≤ 512 MiB", streams <= 512));
        report.add(BenchRow.figure("8", "peak RSS during (7): API process", "VmHWM", api, "MiB").target("≤ 384 MiB", api <= 384));
        report.add(BenchRow.figure("8", "peak RSS during (7): every service (" + String.join(", ", peaks.keySet()) + "), sum of peaks",
                "VmHWM", all, "MiB").target("≤ 1.5 GiB", all <= 1536));
        report.note(String.format(Locale.ROOT, "7: %,d records replayed (from this JVM, as ./pulse run's feed); services started"
                        + " in %.1f s (empty run directory); replay start to final totals %.1f s (%,.0f records/s end to end);"
                        + " Streams profile: the app's default (auto: bulk while the input lag is above 100,000 records;"
                        + " live, commits every %d ms, once caught up)", records, startSeconds, replaySeconds, records / replaySeconds,
                COMMIT_INTERVAL.toMillis()));
        StringBuilder each = new StringBuilder();
        for (ServiceProcess service : cluster.services()) {
            each.append(String.format(Locale.ROOT, " %s %,.0f MiB;", service.name(), peaks.get(service.name()) / MIB));
        }
        report.note("8: VmHWM per process (JVM flags " + String.join(" ", JVM.flags("<heap>"))
                + "; -Xmx: broker 512m, Streams " + PulseCluster.STREAMS_HEAP + ", registry and API 256m; MALLOC_ARENA_MAX=2):" + each);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
