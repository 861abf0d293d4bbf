package vn.pulse.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.CompatibilityResult;

/**
 * A client of a Confluent-compatible registry over HTTP. Ids and schemas never change once assigned, so
 * id → schema and (subject, schema) → id answers are cached for good; latest-version answers for
 * {@link RegistryClientConfig#latestCacheTtl()}. Connection errors and 5xx answers are retried with backoff
 * across the configured URLs for {@link RegistryClientConfig#maxRetryTime()}, then reported as
 * {@link SchemaRegistryUnavailableException}; so are 401 and 403 answers (refused credentials or role:
 * counted, then {@link SchemaRegistryAuthenticationException}). Thread-safe.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {

    private record Latest(RegisteredSchema schema, long fetchedAtNanos) {
    }

    private final RegistryClientConfig config;
    private final RestTransport transport;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, RegisteredSchema>> lookups = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> registered = new ConcurrentHashMap<>();
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();
    private final RegistryClientMetrics metrics = RegistryClientMetrics.global();

    public CachedSchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        this.transport = new RestTransport(config, metrics);
    }

    /** A client with default settings for a comma-separated list of base URLs. */
    public CachedSchemaRegistryClient(String urls) {
        this(RegistryClientConfig.of(urls));
    }

    public RegistryClientConfig config() {
        return config;
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = registered.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        metrics.cache("registered_id", cached != null);
        if (cached != null) {
            return cached;
        }
        int id = send("register", "POST", "/subjects/" + encode(subject) + "/versions", Map.of("schema", schema.toString())).get("id").asInt();
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        metrics.cache("schema_by_id", cached != null);
        if (cached != null) {
            return cached;
        }
        Schema schema = parse(send("get_by_id", "GET", "/schemas/ids/" + id, null).get("schema").asText());
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced == null ? schema : raced;
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        Latest cached = latest.get(subject);
        long ttl = config.latestCacheTtl().toNanos();
        boolean hit = cached != null && (ttl < 0 || System.nanoTime() - cached.fetchedAtNanos() < ttl);
        metrics.cache("latest", hit);
        if (hit) {
            return cached.schema();
        }
        RegisteredSchema fresh = getVersion(subject, "latest");
        latest.put(subject, new Latest(fresh, System.nanoTime()));
        return fresh;
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return getVersion(subject, Integer.toString(version));
    }

    private RegisteredSchema getVersion(String subject, String version) {
        return toRegistered(send("get_version", "GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        Map<Schema, RegisteredSchema> bySchema = lookups.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        RegisteredSchema cached = bySchema.get(schema);
        metrics.cache("lookup", cached != null);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema found = toRegistered(send("lookup", "POST", "/subjects/" + encode(subject), Map.of("schema", schema.toString())));
        bySchema.put(schema, found);
        return found;
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("subjects", "GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    @Override
    public List<Integer> versions(String subject) {
        return integers(send("versions", "GET", "/subjects/" + encode(subject) + "/versions", null));
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode answer = send("test_compatibility", "POST", "/compatibility/subjects/" + encode(subject) + "/versions?verbose=true",
                Map.of("schema", schema.toString()));
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(node -> messages.add(node.asText()));
        return new CompatibilityResult(answer.get("is_compatible").asBoolean(), messages);
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        List<Integer> deleted = integers(send("delete_subject", "DELETE", "/subjects/" + encode(subject) + "?permanent=" + permanent, null));
        lookups.remove(subject);
        registered.remove(subject);
        latest.remove(subject);
        return deleted;
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        String path = subject == null ? "/config" : "/config/" + encode(subject) + "?defaultToGlobal=true";
        return CompatibilityLevel.parse(send("get_compatibility", "GET", path, null).get("compatibilityLevel").asText());
    }

    @Override
    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        return CompatibilityLevel.parse(send("set_compatibility", "PUT", path, Map.of("compatibility", level.name())).get("compatibility").asText());
    }

    /** One request, timed under a fixed operation name ({@link RegistryClientMetrics}). */
    private JsonNode send(String operation, String method, String pathAndQuery, Object body) {
        return metrics.request(operation, () -> transport.send(method, pathAndQuery, body));
    }

    private RegisteredSchema toRegistered(JsonNode node) {
        int id = node.get("id").asInt();
        Schema schema = schemasById.computeIfAbsent(id, i -> parse(node.get("schema").asText()));
        return new RegisteredSchema(node.get("subject").asText(), node.get("version").asInt(), id, schema);
    }

    private static List<Integer> integers(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asInt()));
        return values;
    }

    private static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
