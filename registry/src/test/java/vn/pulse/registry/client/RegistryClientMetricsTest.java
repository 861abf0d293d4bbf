package vn.pulse.registry.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;

/** The client's requests, their outcome and its cache hits reach the registry a service scrapes. */
class RegistryClientMetricsTest {

    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"MetricsTest\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SchemaRegistryServer server;

    @BeforeEach
    void start() {
        Metrics.globalRegistry.add(meters);
        server = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
    }

    @AfterEach
    void stop() {
        server.close();
        Metrics.globalRegistry.remove(meters);
        meters.close();
    }

    @Test
    void timesRequestsByOperationAndCountsCacheHitsAndMisses() {
        double hitsBefore = cache("schema_by_id", "hit");
        double missesBefore = cache("schema_by_id", "miss");
        long registersBefore = requests("register", "success");
        try (CachedSchemaRegistryClient writer = new CachedSchemaRegistryClient(server.url());
             CachedSchemaRegistryClient reader = new CachedSchemaRegistryClient(server.url())) {
            int id = writer.register("metrics-a", SCHEMA);
            writer.register("metrics-a", SCHEMA);
            reader.getById(id);
            reader.getById(id);
            reader.getById(id);
        }

        assertThat(requests("register", "success") - registersBefore).isEqualTo(1);
        assertThat(cache("registered_id", "hit")).isGreaterThanOrEqualTo(1);
        assertThat(cache("schema_by_id", "miss") - missesBefore).isEqualTo(1);
        assertThat(cache("schema_by_id", "hit") - hitsBefore).isEqualTo(2);
    }

    @Test
    void aFailedRequestIsTimedAsAnError() {
        long before = requests("get_by_id", "error");
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(server.url())) {
            try {
                client.getById(987_654);
            } catch (RuntimeException expected) {
                // 404: no such id
            }
        }
        assertThat(requests("get_by_id", "error") - before).isEqualTo(1);
    }

    private double cache(String cache, String result) {
        var counter = meters.find(RegistryClientMetrics.CACHE_LOOKUPS).tag("cache", cache).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    private long requests(String operation, String outcome) {
        var timer = meters.find(RegistryClientMetrics.REQUESTS).tag("operation", operation).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
