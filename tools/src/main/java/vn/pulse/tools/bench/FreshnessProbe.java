package vn.pulse.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import vn.pulse.core.http.Json;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.reference.Gate;
import vn.pulse.core.reference.Gates;

/**
 * Measures end-to-end freshness the way a user sees it: posts one dose through the ingest gateway
 * ({@code POST /ingest/v1/vaccination-doses}) and polls the API's district figures
 * ({@code GET /api/v1/vaccination/districts/{code}}) until that dose is visible, one sample at a time,
 * while whatever background traffic the caller runs keeps flowing.
 *
 * <p>How a sample recognises its own dose among the background's: the probe's dose is administered
 * {@link #MARK_AHEAD} in the future (the gateway accepts up to its clock skew, 5 minutes), and a
 * district's {@code asOf} is the latest administration time it includes. Background sources stamp
 * their doses at or before "now", so {@code asOf} reaching the probe's time means the probe's dose
 * has gone through the whole pipeline (gateway, Kafka, the Streams topology's three sub-topologies
 * and their exactly-once commits, the aggregate topic, the API's read model). Each sample's mark is
 * later than the previous one's, so samples do not see each other. Do not run it against real data:
 * the probe's doses count.
 *
 * <p>A sample's latency is from just before the request is sent to the first poll answer that shows
 * the dose; the poll interval ({@code pollEvery}) bounds the measurement's resolution.
 */
public final class FreshnessProbe {

    /** How far ahead of now the probe's doses are administered: beyond any background dose, within the gateway's skew. */
    public static final Duration MARK_AHEAD = Duration.ofSeconds(90);

    private final URI ingestUrl;
    private final String siteKey;
    private final URI apiUrl;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = Json.newMapper();

    /**
     * @param ingestUrl the gateway's base URL ({@code http://127.0.0.1:8082})
     * @param siteKey   an ingest API key that may write doses for every district (the local run's {@code site} key)
     * @param apiUrl    the consumer API's base URL ({@code http://127.0.0.1:8080})
     */
    public FreshnessProbe(URI ingestUrl, String siteKey, URI apiUrl, Clock clock) {
        this.ingestUrl = Objects.requireNonNull(ingestUrl, "ingestUrl");
        this.siteKey = Objects.requireNonNull(siteKey, "siteKey");
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One sample: how long the gateway took to acknowledge (202), and until the API showed the event ({@code districtCode}: or the gate's code). */
    public record Sample(String districtCode, Duration acknowledged, Duration visible) {
    }

    /**
     * The samples of one run, sorted by {@code visible}, and how many never became visible within the timeout.
     */
    public record Result(List<Sample> samples, int timedOut) {

        public Result {
            samples = samples.stream().sorted(Comparator.comparing(Sample::visible)).toList();
        }

        /** The {@code q} quantile (0 < q ≤ 1, nearest rank) of the time until visible; zero without samples. */
        public Duration visibleQuantile(double q) {
            return quantile(samples.stream().map(Sample::visible).toList(), q);
        }

        /** The {@code q} quantile of the gateway's acknowledgement time. */
        public Duration acknowledgedQuantile(double q) {
            return quantile(samples.stream().map(Sample::acknowledged).sorted().toList(), q);
        }

        private static Duration quantile(List<Duration> sorted, double q) {
            if (q <= 0 || q > 1) {
                throw new IllegalArgumentException("q must be in (0, 1], was " + q);
            }
            if (sorted.isEmpty()) {
                return Duration.ZERO;
            }
            return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
        }

        /** {@code samples=N timedOut=T visible p50=… p99=… max=… acknowledged p50=… p99=…} in milliseconds. */
        public String summary() {
            return String.format("samples=%d timedOut=%d visible p50=%d ms p90=%d ms p99=%d ms max=%d ms; "
                            + "gateway 202 p50=%d ms p99=%d ms",
                    samples.size(), timedOut, visibleQuantile(0.5).toMillis(), visibleQuantile(0.9).toMillis(),
                    visibleQuantile(0.99).toMillis(), visibleQuantile(1).toMillis(),
                    acknowledgedQuantile(0.5).toMillis(), acknowledgedQuantile(0.99).toMillis());
        }
    }

    /**
     * Takes {@code count} samples one after the other, districts in turn, {@code pause} between a
     * sample's end and the next one's start.
     *
     * @param pollEvery how often the API is asked while waiting (the resolution of the measurement)
     * @param timeout   after which a sample counts as timed out
     */
    public Result measure(int count, Duration pause, Duration pollEvery, Duration timeout) throws InterruptedException {
        return measure(count, pause, pollEvery, timeout, sample -> { });
    }

    /** As {@link #measure(int, Duration, Duration, Duration)}, telling {@code each} every sample (empty: timed out) as it is taken. */
    public Result measure(int count, Duration pause, Duration pollEvery, Duration timeout, Consumer<Optional<Sample>> each)
            throws InterruptedException {
        List<Sample> samples = new ArrayList<>(count);
        int timedOut = 0;
        for (int i = 0; i < count; i++) {
            District district = Districts.ALL.get(i % Districts.ALL.size());
            Sample sample = sample(district.code(), pollEvery, timeout);
            each.accept(Optional.ofNullable(sample));
            if (sample == null) {
                timedOut++;
            } else {
                samples.add(sample);
            }
            Thread.sleep(pause.toMillis());
        }
        return new Result(samples, timedOut);
    }

    /** One sample for {@code districtCode}; {@code null} if the dose was not visible within {@code timeout}. */
    public Sample sample(String districtCode, Duration pollEvery, Duration timeout) throws InterruptedException {
        Instant mark = clock.instant().plus(MARK_AHEAD).truncatedTo(ChronoUnit.MILLIS);
        String body = """
                {"eventId":"%s","administeredAt":"%s","siteId":"site-%s-probe","districtCode":"%s",\
                "ageGroup":"18+","doseKind":"FIRST","vaccineProduct":"Pfizer-BioNTech"}"""
                .formatted("probe-" + UUID.randomUUID(), mark, districtCode, districtCode);
        return sample(districtCode, "/ingest/v1/vaccination-doses", siteKey, body, "/api/v1/vaccination/districts/" + districtCode,
                answer -> answer.get("asOf"), mark, pollEvery, timeout);
    }

    /**
     * The same for the border: one vehicle arriving at {@code gateCode}, posted with {@code customsKey}
     * (a key of role {@code customs} for that gate), until {@code GET /api/v1/border/gates/{code}} shows
     * the gate's yard at the arrival's time ({@code gate.asOf}, the latest event time at the gate).
     * The probe's vehicles stay in the yard (its backlog grows by one per sample).
     */
    public Sample sampleGate(String gateCode, String customsKey, Duration pollEvery, Duration timeout) throws InterruptedException {
        Instant mark = clock.instant().plus(MARK_AHEAD).truncatedTo(ChronoUnit.MILLIS);
        String id = "probe-" + UUID.randomUUID();
        String body = """
                {"eventId":"%s","gateCode":"%s","occurredAt":"%s","kind":"ARRIVED","direction":"EXPORT","vehicleRef":"%s",\
                "vehicleType":"%s","cargoCategory":"MANUFACTURED_GOODS","greenLane":false,"tons":"10.000","declaredValueUsd":"1000.00"}"""
                .formatted(id, gateCode, mark, id, vehicleType(gateCode));
        return sample(gateCode, "/ingest/v1/gate-events", customsKey, body, "/api/v1/border/gates/" + gateCode,
                answer -> answer.path("gate").get("asOf"), mark, pollEvery, timeout);
    }

    /** The kind of vehicle a gate takes: wagons at a railway gate (by its kind in the data set), trucks elsewhere. */
    static String vehicleType(String gateCode) {
        return Gates.byCode(gateCode).map(Gate::kind).orElse(null) == Gate.Kind.INTERNATIONAL_RAIL ? "RAIL_WAGON" : "TRUCK";
    }

    private Sample sample(String code, String postPath, String key, String body, String getPath,
                          Function<JsonNode, JsonNode> asOf, Instant mark, Duration pollEvery, Duration timeout)
            throws InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(ingestUrl.resolve(postPath))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpRequest get = HttpRequest.newBuilder(apiUrl.resolve(getPath)).timeout(timeout).GET().build();
        long start = System.nanoTime();
        HttpResponse<String> posted = send(post);
        if (posted.statusCode() != 202) {
            throw new IllegalStateException("the gateway answered " + posted.statusCode() + " to the probe's " + postPath + ": " + posted.body());
        }
        Duration acknowledged = Duration.ofNanos(System.nanoTime() - start);
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = send(get);
            if (answer.statusCode() == 200 && reached(answer.body(), asOf, mark)) {
                return new Sample(code, acknowledged, Duration.ofNanos(System.nanoTime() - start));
            }
            Thread.sleep(pollEvery.toMillis());
        }
        return null;
    }

    private boolean reached(String body, Function<JsonNode, JsonNode> asOfField, Instant mark) {
        try {
            JsonNode asOf = asOfField.apply(json.readTree(body));
            return asOf != null && asOf.isTextual() && !Instant.parse(asOf.asText()).isBefore(mark);
        } catch (IOException e) {
            throw new IllegalStateException("the API's answer is not JSON: " + body, e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        }
    }

    /** The {@code site} key (every district) from the local run's plain key file ({@code data/ingest-keys.txt}). */
    public static String localSiteKey(Path plainKeysFile) throws IOException {
        return Files.readAllLines(plainKeysFile).stream()
                .filter(line -> line.startsWith("site "))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(plainKeysFile + " has no 'site' key"));
    }

    /**
     * Against a running {@code ./pulse run}: {@code java -cp tools/target/pulse-tools.jar vn.pulse.tools.bench.FreshnessProbe
     * [samples=200] [data-dir=data] [ingest=http://127.0.0.1:8082] [api=http://127.0.0.1:8080]}: a line per
     * sample, then {@link Result#summary()}. Samples are 50 ms apart; one not visible within 10 s counts as timed out.
     */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dataDir = Path.of(args.length > 1 ? args[1] : "data");
        URI ingest = URI.create(args.length > 2 ? args[2] : "http://127.0.0.1:8082");
        URI api = URI.create(args.length > 3 ? args[3] : "http://127.0.0.1:8080");
        FreshnessProbe probe = new FreshnessProbe(ingest, localSiteKey(dataDir.resolve("ingest-keys.txt")), api, Clock.systemUTC());
        // One line per sample (time, visible ms, gateway ms): a slow start or a stall shows as a run of lines.
        Result result = probe.measure(count, Duration.ofMillis(50), Duration.ofMillis(5), Duration.ofSeconds(10),
                sample -> System.out.println(Instant.now() + " " + sample.map(s -> s.visible().toMillis() + " " + s.acknowledged().toMillis())
                        .orElse("timeout")));
        System.out.println(result.summary());
    }
}
