package vn.pulse.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.registry.core.AvroSchemas;
import vn.pulse.registry.core.SchemaInput;
import vn.pulse.registry.core.SchemaRegistry;
import vn.pulse.registry.core.SubjectVersion;
import vn.pulse.registry.core.VersionSpec;
import vn.pulse.registry.core.VersionedSchema;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.CompatibilityResult;
import vn.pulse.registry.model.ErrorCode;
import vn.pulse.registry.model.RegistryMode;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * Confluent Schema Registry's REST protocol: the routes, their request and response bodies, and errors as
 * {@code {"error_code": N, "message": "..."}}. Every answer is {@value #CONTENT_TYPE}.
 */
final class RegistryHttpApi {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Set<String> ACCEPTED_REQUEST_TYPES = Set.of(CONTENT_TYPE, "application/vnd.schemaregistry+json",
            "application/json", "application/octet-stream");
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistry registry;
    private final RegistryAccess access;
    private final boolean modeMutability;

    private RegistryHttpApi(SchemaRegistry registry, RegistryAccess access, boolean modeMutability) {
        this.registry = registry;
        this.access = access;
        this.modeMutability = modeMutability;
    }

    /**
     * Adds the routes and error handlers to a Javalin configuration.
     *
     * @param access         who may send what (open when it has no credentials)
     * @param modeMutability whether {@code PUT /mode} and {@code DELETE /mode/{subject}} may change modes; if not they
     *                       answer 422 / 42205
     */
    static void install(JavalinConfig config, SchemaRegistry registry, RegistryAccess access, boolean modeMutability) {
        new RegistryHttpApi(registry, access, modeMutability).routes(config.routes);
    }

    private void routes(RoutesConfig routes) {
        routes.before(access::check);
        routes.before(this::checkContentType);
        routes.get("/", ctx -> ok(ctx, Map.of()));
        routes.get("/schemas/types", ctx -> ok(ctx, List.of(AvroSchemas.AVRO)));
        routes.get("/contexts", ctx -> ok(ctx, List.of(".")));

        routes.get("/subjects", ctx -> ok(ctx, registry.subjects(ctx.queryParam("subjectPrefix"), flag(ctx, "deleted"))));
        routes.post("/subjects/{subject}/versions", this::register);
        routes.post("/subjects/{subject}", this::lookup);
        routes.delete("/subjects/{subject}", ctx -> ok(ctx, registry.deleteSubject(subject(ctx), flag(ctx, "permanent"))));
        routes.get("/subjects/{subject}/versions", ctx -> ok(ctx, registry.versions(subject(ctx), flag(ctx, "deleted"))));
        routes.get("/subjects/{subject}/versions/{version}", ctx -> ok(ctx, versionBody(version(ctx))));
        routes.get("/subjects/{subject}/versions/{version}/schema", ctx -> raw(ctx, version(ctx).schema()));
        routes.get("/subjects/{subject}/versions/{version}/referencedby", ctx -> {
            version(ctx);
            ok(ctx, List.of());
        });
        routes.delete("/subjects/{subject}/versions/{version}",
                ctx -> ok(ctx, registry.deleteVersion(subject(ctx), versionSpec(ctx), flag(ctx, "permanent"))));

        routes.get("/schemas/ids/{id}", this::schemaById);
        routes.get("/schemas/ids/{id}/schema", ctx -> raw(ctx, registry.schemaById(id(ctx)).text()));
        routes.get("/schemas/ids/{id}/subjects", this::subjectsOfId);
        routes.get("/schemas/ids/{id}/versions", this::versionsOfId);

        routes.post("/compatibility/subjects/{subject}/versions/{version}", ctx -> compatibility(ctx, versionSpec(ctx)));
        routes.post("/compatibility/subjects/{subject}/versions", ctx -> compatibility(ctx, null));

        routes.get("/config", ctx -> ok(ctx, Map.of("compatibilityLevel", registry.globalCompatibility().name())));
        routes.put("/config", ctx -> ok(ctx, Map.of("compatibility", registry.setCompatibility(null, levelFrom(ctx)).name())));
        routes.delete("/config", ctx -> ok(ctx, Map.of("compatibilityLevel", registry.deleteCompatibility(null).name())));
        routes.get("/config/{subject}", ctx -> ok(ctx, Map.of("compatibilityLevel",
                registry.subjectCompatibility(subject(ctx), flag(ctx, "defaultToGlobal")).name())));
        routes.put("/config/{subject}", ctx -> ok(ctx, Map.of("compatibility", registry.setCompatibility(subject(ctx), levelFrom(ctx)).name())));
        routes.delete("/config/{subject}", ctx -> ok(ctx, Map.of("compatibilityLevel", registry.deleteCompatibility(subject(ctx)).name())));

        routes.get("/mode", ctx -> ok(ctx, Map.of("mode", registry.globalMode().name())));
        routes.put("/mode", ctx -> ok(ctx, Map.of("mode", registry.setMode(null, modeChange(ctx), flag(ctx, "force")).name())));
        routes.get("/mode/{subject}", ctx -> ok(ctx, Map.of("mode", registry.subjectMode(subject(ctx), flag(ctx, "defaultToGlobal")).name())));
        routes.put("/mode/{subject}", ctx -> ok(ctx, Map.of("mode", registry.setMode(subject(ctx), modeChange(ctx), flag(ctx, "force")).name())));
        routes.delete("/mode/{subject}", ctx -> {
            checkModeMutability();
            ok(ctx, Map.of("mode", registry.deleteMode(subject(ctx)).name()));
        });

        routes.exception(SchemaRegistryException.class, (e, ctx) -> {
            if (e.httpStatus() >= 500) {
                LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage());
            }
            if (e.errorCode() == ErrorCode.UNAUTHORIZED) {
                ctx.header("WWW-Authenticate", RegistryAccess.WWW_AUTHENTICATE);
            }
            error(ctx, e.errorCode(), e.detail());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), "HTTP " + e.getStatus() + " " + e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected error answering {} {}", ctx.method(), ctx.path(), e);
            error(ctx, ErrorCode.INTERNAL_ERROR, "Internal error: " + e);
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, ErrorCode.NOT_FOUND, "HTTP 404 Not Found");
            }
        });
        routes.error(405, ctx -> error(ctx, ErrorCode.METHOD_NOT_ALLOWED, "HTTP 405 Method Not Allowed"));
    }

    // ---------------------------------------------------------------- handlers

    private void register(Context ctx) {
        VersionedSchema registered = registry.register(subject(ctx), schemaInput(ctx));
        ok(ctx, Map.of("id", registered.id()));
    }

    private void lookup(Context ctx) {
        ok(ctx, versionBody(registry.lookup(subject(ctx), schemaInput(ctx), flag(ctx, "deleted"))));
    }

    private void schemaById(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schema", registry.schemaById(id(ctx)).text());
        ok(ctx, body);
    }

    private void subjectsOfId(Context ctx) {
        Set<String> subjects = new LinkedHashSet<>();
        registry.versionsOfId(id(ctx), flag(ctx, "deleted")).forEach(v -> subjects.add(v.subject()));
        ok(ctx, subjects);
    }

    private void versionsOfId(Context ctx) {
        List<Map<String, Object>> body = new ArrayList<>();
        for (SubjectVersion v : registry.versionsOfId(id(ctx), flag(ctx, "deleted"))) {
            body.add(Map.of("subject", v.subject(), "version", v.version()));
        }
        ok(ctx, body);
    }

    private void compatibility(Context ctx, VersionSpec spec) {
        CompatibilityResult result = registry.checkCompatibility(subject(ctx), spec, schemaInput(ctx));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("is_compatible", result.compatible());
        if (flag(ctx, "verbose")) {
            body.put("messages", result.messages());
        }
        ok(ctx, body);
    }

    private VersionedSchema version(Context ctx) {
        return registry.version(subject(ctx), versionSpec(ctx), flag(ctx, "deleted"));
    }

    private static Map<String, Object> versionBody(VersionedSchema v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", v.subject());
        body.put("version", v.version());
        body.put("id", v.id());
        body.put("schema", v.schema());
        return body;
    }

    // ---------------------------------------------------------------- requests

    private void checkContentType(Context ctx) {
        String type = ctx.contentType();
        if (type == null || ctx.method().name().equals("GET")) {
            return;
        }
        String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.isEmpty() && !ACCEPTED_REQUEST_TYPES.contains(media)) {
            throw new SchemaRegistryException(415, "HTTP 415 Unsupported Media Type: send " + CONTENT_TYPE);
        }
    }

    private static String subject(Context ctx) {
        return ctx.pathParam("subject");
    }

    private static VersionSpec versionSpec(Context ctx) {
        return VersionSpec.parse(ctx.pathParam("version"));
    }

    private static int id(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(ErrorCode.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
        }
    }

    private static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    private static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new SchemaRegistryException(ErrorCode.BAD_REQUEST, "The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(ErrorCode.BAD_REQUEST, "Malformed JSON in the request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SchemaRegistryException(ErrorCode.BAD_REQUEST, "Cannot read the request body: " + e.getMessage());
        }
    }

    /** The schema a request brings. Fields this registry does not use (metadata, ruleSet, ...) are ignored. */
    private static SchemaInput schemaInput(Context ctx) {
        JsonNode body = body(ctx);
        JsonNode schema = body.get("schema");
        JsonNode references = body.get("references");
        return new SchemaInput(
                schema == null || schema.isNull() ? null : schema.isTextual() ? schema.asText() : schema.toString(),
                text(body, "schemaType"),
                references != null && references.isArray() && !references.isEmpty(),
                integer(body, "id"),
                integer(body, "version"));
    }

    private static CompatibilityLevel levelFrom(Context ctx) {
        JsonNode body = body(ctx);
        String level = text(body, "compatibility");
        return CompatibilityLevel.parse(level != null ? level : text(body, "compatibilityLevel"));
    }

    /** The mode a request sets, if this registry allows mode changes. */
    private RegistryMode modeChange(Context ctx) {
        checkModeMutability();
        return modeFrom(ctx);
    }

    private void checkModeMutability() {
        if (!modeMutability) {
            throw new SchemaRegistryException(ErrorCode.OPERATION_NOT_PERMITTED,
                    "Mode changes are not allowed on this registry (registry.mode.mutability=false)");
        }
    }

    private static RegistryMode modeFrom(Context ctx) {
        return RegistryMode.parse(text(body(ctx), "mode"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() || (node.isInt() && node.asInt() <= 0) ? null : node.asInt();
    }

    // ---------------------------------------------------------------- responses

    private static void ok(Context ctx, Object body) {
        send(ctx, 200, body);
    }

    private static void raw(Context ctx, String schemaText) {
        ctx.status(200).contentType(CONTENT_TYPE).result(schemaText);
    }

    private static void error(Context ctx, int errorCode, String message) {
        ObjectNode body = JSON.createObjectNode().put("error_code", errorCode).put("message", message);
        send(ctx, ErrorCode.httpStatus(errorCode), body);
    }

    private static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(CONTENT_TYPE).result(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a response body", e);
        }
    }
}
