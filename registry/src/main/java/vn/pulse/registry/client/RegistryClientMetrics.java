package vn.pulse.registry.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The registry client's meters, in Micrometer's global registry (the serdes that own clients have no
 * service to report to; every Pulse service registry joins the global one, see core's ServiceMetrics):
 * <ul>
 *   <li>{@code pulse_registry_client_requests_seconds{operation,outcome}}: HTTP requests to the
 *       registry (retries included in one request's time), outcome {@code success} or {@code error};</li>
 *   <li>{@code pulse_registry_client_cache_lookups_total{cache,result}}: answers from a client cache,
 *       result {@code hit} or {@code miss} (a miss becomes a request);</li>
 *   <li>{@code pulse_registry_client_auth_failures_total{status}}: answers 401 (credentials refused) and
 *       403 (role refused) from the registry; each is retried with backoff like an unreachable registry.</li>
 * </ul>
 */
final class RegistryClientMetrics {

    static final String REQUESTS = "pulse.registry.client.requests";
    static final String CACHE_LOOKUPS = "pulse.registry.client.cache.lookups";
    static final String AUTH_FAILURES = "pulse.registry.client.auth.failures";

    /** The client's caches: id → schema, (subject, schema) → id on register, lookups, latest versions. */
    static final List<String> CACHES = List.of("schema_by_id", "registered_id", "lookup", "latest");

    private final MeterRegistry registry;
    /** Per cache: {hit, miss}, resolved once (a cache lookup is on every record's serde path). */
    private final Map<String, Counter[]> cacheCounters;
    private final Counter unauthorized;
    private final Counter forbidden;

    RegistryClientMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Known label values start at zero, so a dashboard shows 0 rather than "No data".
        Map<String, Counter[]> counters = new HashMap<>();
        for (String cache : CACHES) {
            counters.put(cache, new Counter[] {cacheCounter(cache, "hit"), cacheCounter(cache, "miss")});
        }
        this.cacheCounters = Map.copyOf(counters);
        this.unauthorized = authFailureCounter(401);
        this.forbidden = authFailureCounter(403);
    }

    static RegistryClientMetrics global() {
        return new RegistryClientMetrics(Metrics.globalRegistry);
    }

    void cache(String cache, boolean hit) {
        cacheCounters.get(cache)[hit ? 0 : 1].increment();
    }

    private Counter cacheCounter(String cache, String result) {
        return Counter.builder(CACHE_LOOKUPS).description("Schema registry client cache lookups")
                .tag("cache", cache).tag("result", result).register(registry);
    }

    /** Counts an answer 401 or 403 from the registry. */
    void authFailure(int status) {
        (status == 403 ? forbidden : unauthorized).increment();
    }

    private Counter authFailureCounter(int status) {
        return Counter.builder(AUTH_FAILURES).description("Answers 401 and 403 from the schema registry (each retried)")
                .tag("status", Integer.toString(status)).register(registry);
    }

    /** Runs one request to the registry, timed under {@code operation} (a fixed name, never a subject). */
    <T> T request(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T answer = call.get();
            outcome = "success";
            return answer;
        } finally {
            Timer.builder(REQUESTS).description("Requests of the schema registry client")
                    .tag("operation", operation).tag("outcome", outcome).register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
