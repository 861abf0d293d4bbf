package vn.pulse.cli.bench;

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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import vn.pulse.cli.LocalRun;
import vn.pulse.cli.LocalRunOptions;
import vn.pulse.platform.LocalKafka;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.scenario.border.BorderScenario;
import vn.pulse.producer.scenario.vaccination.LangSon2021;
import vn.pulse.producer.scenario.vaccination.VaccinationScenario;

/**
 * Row 7's process: the local run ({@link LocalRun}, every service in this JVM, as {@code ./pulse run}
 * starts them) from an empty data directory, then the Lạng Sơn 2021 replays side by side (as
 * {@code ./pulse run --feed=langson-2021} does), until the API answers the scenario's final totals:
 * the figures {@code LangSon2021ScenarioIT} and {@code BorderScenarioIT} assert.
 *
 * <p>Run by {@link ScenarioRow} as a child process, so that its peak RSS is the run's alone. Prints
 * {@code STARTED <seconds>} once the services run, {@code DONE <replay seconds> <total seconds>
 * <records>} once the totals are right, then waits for its standard input to close before it stops
 * (the parent reads its memory figures in between). Arguments: data directory, border scale (1 = the
 * full year, as {@code ./pulse run}), {@code both} or {@code border} (the smoke form: no vaccination replay).
 */
public final class ScenarioRun {

    static final String BORDER_TRADE_USD = "4380000000.00";
    static final String BORDER_EXPORT_USD = "1650000000.00";
    static final String BORDER_IMPORT_USD = "2730000000.00";
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private ScenarioRun() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        double borderScale = Double.parseDouble(args[1]);
        boolean vaccination = "both".equals(args[2]);
        long start = System.nanoTime();
        int[] ports = LocalKafka.freePorts(Bench.HOST, 2);
        try (LocalRun run = LocalRun.start(new LocalRunOptions(dataDir, true, Bench.HOST, ports[0], ports[1], 0, 0, 0, "none", 1, 0))) {
            System.out.printf(Locale.ROOT, "STARTED %.3f%n", seconds(start));
            long replayStart = System.nanoTime();
            FeedContext context = new FeedContext(run.kafkaBootstrapServers(), run.registryUrl(), Clock.systemUTC(), 2021);
            List<Feed> feeds = new ArrayList<>();
            if (vaccination) {
                feeds.add(VaccinationScenario.feed(context));
            }
            feeds.add(BorderScenario.feed(context, BorderScenario.Topics.defaults(), BorderScenario.Options.defaults().withScale(borderScale)));
            try {
                feeds.forEach(Feed::start);
                String api = run.apiUrl() + "/api/v1";
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                String last = "";
                while (true) {
                    String vaccinationState = vaccination ? vaccinationMissing(api) : "";
                    String borderState = borderMissing(api);
                    if (vaccinationState.isEmpty() && borderState.isEmpty()) {
                        break;
                    }
                    last = vaccinationState + " " + borderState;
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the API did not reach the scenario's totals within " + TIMEOUT + ": " + last);
                    }
                    Thread.sleep(100);
                }
                long records = feeds.stream().mapToLong(Feed::eventsWritten).sum();
                System.out.printf(Locale.ROOT, "DONE %.3f %.3f %d%n", seconds(replayStart), seconds(start), records);
                System.out.flush();
                // The parent reads this process's memory now; it closes our input when done.
                while (System.in.read() >= 0) {
                    // nothing to read; wait for the end of input
                }
            } finally {
                feeds.forEach(ScenarioRun::closeQuietly);
            }
        }
    }

    /** What the vaccination summary still lacks of the report's figures; empty when they are all there. */
    private static String vaccinationMissing(String api) throws InterruptedException {
        JsonNode s = get(api + "/vaccination/summary");
        if (s == null) {
            return "vaccination: no answer yet";
        }
        boolean done = s.path("dosesAdministered").asLong() == LangSon2021.DOSES_ADMINISTERED
                && s.path("dosesAllocated").asLong() == LangSon2021.DOSES_ALLOCATED
                && s.path("boosterDoses").asLong() == LangSon2021.BOOSTER_DOSES
                && decimal(s.path("dosesUsedPct")).compareTo(new BigDecimal(LangSon2021.DOSES_USED_PCT)) == 0
                && decimal(s.path("coverage").path("18+").path("twoDosesPct")).compareTo(new BigDecimal(LangSon2021.ADULTS_TWO_DOSES_PCT)) == 0
                && decimal(s.path("coverage").path("12-17").path("twoDosesPct"))
                        .compareTo(new BigDecimal(LangSon2021.ADOLESCENTS_TWO_DOSES_PCT)) == 0;
        return done ? "" : "vaccination: doses " + s.path("dosesAdministered").asLong() + " of " + LangSon2021.DOSES_ADMINISTERED;
    }

    /** What the border summary of 2021 still lacks of the report's trade figures; empty when they are there. */
    private static String borderMissing(String api) throws InterruptedException {
        JsonNode s = get(api + "/border/summary?year=2021");
        if (s == null) {
            return "border: no answer yet";
        }
        boolean done = decimal(s.path("tradeValueUsd")).compareTo(new BigDecimal(BORDER_TRADE_USD)) == 0
                && decimal(s.path("exportValueUsd")).compareTo(new BigDecimal(BORDER_EXPORT_USD)) == 0
                && decimal(s.path("importValueUsd")).compareTo(new BigDecimal(BORDER_IMPORT_USD)) == 0;
        return done ? "" : "border: trade " + s.path("tradeValueUsd").asText() + " of " + BORDER_TRADE_USD;
    }

    private static BigDecimal decimal(JsonNode node) {
        return node.isNumber() ? node.decimalValue() : BigDecimal.valueOf(-1);
    }

    /** The answer's JSON, or null while the API answers anything but 200 (e.g. 503 while it reads). */
    private static JsonNode get(String url) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(Feed feed) {
        try {
            feed.close();
        } catch (Exception e) {
            System.err.println("closing " + feed.name() + ": " + e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
