package vn.pulse.producer.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.http.Json;
import vn.pulse.core.ops.OpsRoutes;
import vn.pulse.core.ops.Readiness;
import vn.pulse.core.ops.ServiceMetrics;

/**
 * The ingest gateway: {@code POST /ingest/v1/<kind>} with one JSON event or a JSON array of them,
 * authenticated by a scoped API key, validated field by field, written to Kafka and answered 202
 * only once Kafka acknowledged every event. See docs/ingest.md.
 *
 * <p>A request is checked in this order, and the first failing check answers: content type (415),
 * API key, known and not expired (401), the key's role against the kind (403), body size (413),
 * UTF-8 and JSON syntax (400), batch size (413), every event's fields (400, all errors listed), every
 * event against the key's scope (403), the key's rate (429); then the write (202, or 503 with
 * {@code Retry-After}). Each check throws an {@link IngestProblem}; one exception handler answers it.
 * Validation is all-or-nothing: one bad event rejects the batch and nothing is written.
 */
public final class IngestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    /** Seconds a client should wait after a 503 (Kafka unreachable) before sending again. */
    public static final int RETRY_AFTER_UNAVAILABLE_SECONDS = 5;
    public static final String PATH_PREFIX = "/ingest/v1/";

    private final IngestConfig config;
    private final ReloadingApiKeys keys;
    private final Clock clock;
    private final EventValidator validator;
    private final RateLimiter rateLimiter;
    private final EventWriter writer;
    private final ServiceMetrics metrics = ServiceMetrics.create("ingest");

    /** The {@code reason} label of {@code pulse.ingest.rejections}: a fixed set (bounded cardinality). */
    static final List<String> REJECTION_REASONS = List.of("validation", "auth", "scope", "rate-limit", "too-large", "unavailable");
    /** Floating-point numbers as BigDecimal: exact amounts, and 1e309 stays a (too large) number instead of infinity. */
    private static final ObjectMapper JSON = Json.newMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String KIND_ATTRIBUTE = "pulse.ingest.kind";
    private final Admin admin;
    private final ScheduledExecutorService probe;
    private volatile Readiness readiness = Readiness.notReady("Kafka not reached yet");
    private final Javalin http;

    private IngestServer(IngestConfig config, TopicNames topics, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.keys = new ReloadingApiKeys(config.keysFile(), config.inlineKeys(), metrics.registry());
        if (keys.current().size() == 0) {
            LOG.warn("No ingest API keys configured (ingest.keys.file, PULSE_INGEST_KEYS): every request will be refused with 401");
        }
        this.validator = new EventValidator(clock, config.clockSkew());
        // Every counter exists from the start at zero, so dashboards and alert rules have series
        // (and rates) before the first request of a kind arrives.
        for (IngestKind kind : IngestKind.values()) {
            counter("pulse.ingest.events", kind, "outcome", "accepted");
            counter("pulse.ingest.events", kind, "outcome", "rejected");
            REJECTION_REASONS.forEach(reason -> counter("pulse.ingest.rejections", kind, "reason", reason));
        }
        this.rateLimiter = new RateLimiter(config.ratePerSecond(), config.rateBurst(), System::nanoTime);
        this.writer = new EventWriter(config.clients(), config.bootstrapServers(), config.registryUrl(), "pulse-ingest", topics,
                config.kafkaTimeout(), metrics.registry());
        Map<String, Object> adminConfig = config.clients().kafkaConfig(config.bootstrapServers());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        this.admin = Admin.create(adminConfig);
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pulse-ingest-kafka-probe");
            t.setDaemon(true);
            return t;
        });
        this.http = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(Json.javalinMapper());
            // Javalin's own limit stays above ours, so our check (with a problem+json answer) comes first.
            cfg.http.maxRequestSize = config.maxBodyBytes() + 1L;
            for (IngestKind kind : IngestKind.values()) {
                cfg.routes.post(PATH_PREFIX + kind.path(), ctx -> handle(ctx, kind));
            }
            cfg.routes.exception(IngestProblem.class, this::answer);
            OpsRoutes.install(cfg, "ingest", metrics, () -> readiness);
            config.tls().apply(cfg, config.httpHost(), config.httpPort());
        });
    }

    /** Starts the gateway writing to the declared topics. */
    public static IngestServer start(IngestConfig config) {
        return start(config, TopicNames.defaults(), Clock.systemUTC());
    }

    /** Starts the gateway writing to {@code topics} (tests pass unique ones). */
    public static IngestServer start(IngestConfig config, TopicNames topics, Clock clock) {
        IngestServer server = new IngestServer(config, topics, clock);
        try {
            server.probe.scheduleWithFixedDelay(server::probeKafka, 0, 5, TimeUnit.SECONDS);
            long reloadMs = ReloadingApiKeys.INTERVAL.toMillis();
            server.probe.scheduleWithFixedDelay(server::reloadKeys, reloadMs, reloadMs, TimeUnit.MILLISECONDS);
            server.http.start(config.httpHost(), config.httpPort());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("Ingest gateway on {}://{}:{}{} ({} API keys)", config.tls().scheme(), config.httpHost(), server.port(), PATH_PREFIX, server.keys.current().size());
        return server;
    }

    public int port() {
        return http.port();
    }

    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    private void reloadKeys() {
        try {
            keys.reload();
        } catch (RuntimeException e) {
            // Never let one failed check end the schedule: the keys before stay in force.
            LOG.error("Checking the ingest key file failed; the keys loaded before stay in force", e);
        }
    }

    private void probeKafka() {
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes().get(4, TimeUnit.SECONDS).size();
            readiness = Readiness.ready("Kafka reachable (" + nodes + " broker" + (nodes == 1 ? "" : "s") + ")");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            readiness = Readiness.notReady("Kafka unreachable: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Answers one request: each check throws an {@link IngestProblem} when it fails, and
     * {@link #answer(IngestProblem, Context)} turns it into the problem+json answer and the metrics.
     */
    private void handle(Context ctx, IngestKind kind) {
        ctx.attribute(KIND_ATTRIBUTE, kind);
        requireJsonContentType(ctx.header("Content-Type"));
        IngestKey holder = authenticate(ctx);
        requireRole(holder, kind);
        byte[] body = readBody(ctx);
        requireUtf8(body);
        Batch batch = Batch.of(parse(body), config.maxBatchItems());
        List<ValidatedEvent> events = validate(kind, batch);
        requireScope(holder, kind, batch, events);
        requireRate(holder, events);
        write(ctx, kind, events);
    }

    /** 415: JSON only. The raw header: the servlet's parsed content type throws on a bad charset name. */
    static void requireJsonContentType(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/json")) {
            throw new IngestProblem.UnsupportedMediaType(contentType);
        }
    }

    /** 401 unless the holder of a key in force, not expired. */
    private IngestKey authenticate(Context ctx) {
        IngestKey holder = keys.current().find(presentedKey(ctx)).orElseThrow(() -> new IngestProblem.Unauthorized(
                "send a valid API key as 'Authorization: Bearer <key>' (or 'X-API-Key: <key>')"));
        if (holder.expiredAt(clock.instant())) {
            throw new IngestProblem.Unauthorized("key '" + holder.name() + "' expired at " + holder.expiresAt()
                    + "; ask the operator for a new key");
        }
        return holder;
    }

    /** 403: the key's role may write this kind at all. */
    private static void requireRole(IngestKey holder, IngestKind kind) {
        if (!holder.mayWrite(kind)) {
            throw new IngestProblem.Forbidden("key '" + holder.name() + "' (" + holder.role().label() + ") may not write " + kind.path(),
                    List.of(), 1);
        }
    }

    /** 413 above the size limit (read no further than it); 400 when the body cannot be read. */
    private byte[] readBody(Context ctx) {
        if (ctx.contentLength() > config.maxBodyBytes()) {
            throw IngestProblem.TooLarge.body(config.maxBodyBytes());
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(config.maxBodyBytes() + 1);
        } catch (IOException e) {
            // The client broke off or sent a malformed (e.g. chunked) body: its fault, not a server error.
            throw IngestProblem.BadRequest.unreadableBody(e.getMessage());
        }
        if (bytes.length > config.maxBodyBytes()) {
            throw IngestProblem.TooLarge.body(config.maxBodyBytes());
        }
        return bytes;
    }

    /**
     * 400 unless the body is well-formed UTF-8: JSON text exchanged between systems is UTF-8 (RFC 8259
     * §8.1). Checked strictly first: Jackson's decoder accepts some ill-formed sequences (the overlong
     * C0 AF reads as '/').
     */
    static void requireUtf8(byte[] body) {
        int malformedAt = firstMalformedUtf8(body);
        if (malformedAt >= 0) {
            throw IngestProblem.BadRequest.malformedJson("the body is not valid UTF-8 text",
                    new FieldError("$", "ill-formed UTF-8 at byte offset " + malformedAt));
        }
    }

    /**
     * The body as a JSON tree, or 400 when it is not JSON (including a number longer than Jackson's
     * {@code StreamReadConstraints} allow). Decimals are read as {@code BigDecimal}, never as a double.
     */
    static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw IngestProblem.BadRequest.malformedJson("the body is not valid JSON" + where,
                    new FieldError("$", "malformed JSON" + where + ": " + e.getOriginalMessage()));
        } catch (NumberFormatException e) {
            // A number whose exponent or scale no BigDecimal holds (1e9999999999): Jackson lets this escape.
            throw IngestProblem.BadRequest.malformedJson("the body holds a number out of range",
                    new FieldError("$", "number out of range: " + e.getMessage()));
        } catch (IOException e) {
            // Not JSON in any encoding Jackson recognises (e.g. CharConversionException: UCS-4 in an odd byte order).
            throw IngestProblem.BadRequest.malformedJson("the body is not valid JSON text; send UTF-8",
                    new FieldError("$", "cannot decode the body: " + e.getMessage()));
        }
    }

    /** The events of a request: one object ({@code $}) or an array ({@code $[i]}). */
    record Batch(List<JsonNode> items, boolean array) {

        /** 400 when there is no event; 413 when there are more than {@code max}. */
        static Batch of(JsonNode root, int max) {
            boolean array = root != null && root.isArray();
            List<JsonNode> items = new ArrayList<>();
            if (array) {
                root.forEach(items::add);
            } else if (root != null) {
                items.add(root);
            }
            if (items.isEmpty()) {
                throw IngestProblem.BadRequest.invalidEvents("no event: send one JSON object or a non-empty array",
                        List.of(new FieldError("$", "must be an event object or a non-empty array of them")), 1);
            }
            if (items.size() > max) {
                throw IngestProblem.TooLarge.batch(items.size(), max);
            }
            return new Batch(List.copyOf(items), array);
        }

        int size() {
            return items.size();
        }

        /** How errors name event {@code i}. */
        String path(int i) {
            return array ? "$[" + i + "]" : "$";
        }
    }

    /** 400 unless every event is valid, every error listed: nothing is written if one event is bad. */
    private List<ValidatedEvent> validate(IngestKind kind, Batch batch) {
        List<ValidatedEvent> events = new ArrayList<>(batch.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            EventValidator.Result r = validator.validate(kind, batch.items().get(i), batch.path(i), false);
            if (r.valid()) {
                events.add(r.event());
            } else {
                errors.addAll(r.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw IngestProblem.BadRequest.invalidEvents(errors.size() + " invalid field" + (errors.size() == 1 ? "" : "s")
                    + "; nothing was written", errors, batch.size());
        }
        return events;
    }

    /** 403 unless every event lies within the key's gates or districts. */
    private static void requireScope(IngestKey holder, IngestKind kind, Batch batch, List<ValidatedEvent> events) {
        List<FieldError> outside = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String violation = holder.scopeViolation(events.get(i));
            if (violation != null) {
                String field = kind == IngestKind.GATE_EVENTS || kind == IngestKind.CHECKPOINT_SCREENINGS ? "gateCode" : "districtCode";
                outside.add(new FieldError(batch.path(i) + "." + field, violation));
            }
        }
        if (!outside.isEmpty()) {
            throw new IngestProblem.Forbidden(outside.size() + " event" + (outside.size() == 1 ? "" : "s")
                    + " outside the scope of key '" + holder.name() + "'; nothing was written", outside, batch.size());
        }
    }

    /** 429 when the key's rate, counted in events, is spent. */
    private void requireRate(IngestKey holder, List<ValidatedEvent> events) {
        long waitSeconds = rateLimiter.tryAcquire(holder.name(), events.size());
        if (waitSeconds > 0) {
            throw new IngestProblem.RateLimited("key '" + holder.name() + "' may write " + config.ratePerSecond()
                    + " events per second (bursts of " + config.rateBurst() + "); retry in " + waitSeconds + " s", waitSeconds, events.size());
        }
    }

    /** 202 only once Kafka acknowledged every event; otherwise 503 saying which were written. */
    private void write(Context ctx, IngestKind kind, List<ValidatedEvent> events) {
        List<EventWriter.Outcome> outcomes = writer.write(events);
        long written = outcomes.stream().filter(EventWriter.Outcome::written).count();
        counter("pulse.ingest.events", kind, "outcome", "accepted").increment(written);
        List<Map<String, Object>> results = outcomes.stream().map(IngestServer::result).toList();
        if (written < events.size()) {
            String firstError = outcomes.stream().filter(o -> !o.written()).findFirst().map(EventWriter.Outcome::error).orElse("");
            LOG.warn("Ingest of {} {} events: {} written, {} not ({})", events.size(), kind.path(), written, events.size() - written, firstError);
            throw new IngestProblem.Unavailable((events.size() - written) + " of " + events.size()
                    + " events were not acknowledged by Kafka; send them again (re-sending a written event never counts twice)",
                    written, results, (int) (events.size() - written));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "accepted");
        answer.put("count", written);
        answer.put("events", results);
        ctx.status(HttpStatus.ACCEPTED).json(answer);
    }

    /** The one place a refusal becomes an answer: its counters, its headers and its problem+json body. */
    private void answer(IngestProblem problem, Context ctx) {
        IngestKind kind = ctx.attribute(KIND_ATTRIBUTE);
        counter("pulse.ingest.events", kind, "outcome", "rejected").increment(problem.events());
        counter("pulse.ingest.rejections", kind, "reason", problem.reason()).increment();
        problem.headers().forEach(ctx::header);
        IngestProblems.send(ctx, problem.status(), problem.body());
    }

    private static Map<String, Object> result(EventWriter.Outcome o) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", o.event().id());
        r.put("written", o.written());
        if (o.written()) {
            r.put("partition", o.partition());
            r.put("offset", o.offset());
        } else {
            r.put("error", o.error());
        }
        return r;
    }

    private io.micrometer.core.instrument.Counter counter(String name, IngestKind kind, String tag, String value) {
        return metrics.registry().counter(name, "kind", kind.path(), tag, value);
    }

    private static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return ctx.header("X-API-Key");
    }

    @Override
    public void close() {
        http.stop();
        probe.shutdownNow();
        writer.close();
        admin.close(Duration.ofSeconds(2));
        metrics.close();
    }

    /** The offset of the first byte that is not part of well-formed UTF-8 (overlong, surrogate, truncated...), or -1. */
    static int firstMalformedUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return decoder.flush(out).isError() ? in.position() : -1;
            }
            out.clear();
        }
    }

    /** Runs the gateway as its own process: {@code java ... vn.pulse.producer.ingest.IngestServer [config.properties]}. */
    public static void main(String[] args) throws InterruptedException {
        IngestServer server = start(IngestConfig.load(args.length > 0 ? Path.of(args[0]) : null, Map.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pulse-ingest-shutdown"));
        stopped.await();
    }
}
