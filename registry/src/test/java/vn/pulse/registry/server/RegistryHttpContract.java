package vn.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import vn.pulse.registry.server.Http.Response;

/**
 * Every endpoint and error code of the REST protocol, against a real server. Subclasses start the server
 * (in-memory store for the unit test, Kafka store for the IT); tests share it and use their own subjects.
 */
public abstract class RegistryHttpContract {

    private static final AtomicInteger SUBJECTS = new AtomicInteger();

    /** The client of the server under test. */
    protected abstract Http http();

    protected static String subject(String name) {
        return name + "-" + SUBJECTS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    /** A record schema with the given extra fields (JSON fragments), named uniquely so ids do not collide across tests. */
    protected static String record(String name, String... fields) {
        StringBuilder json = new StringBuilder("{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"test.http\",\"fields\":[")
                .append("{\"name\":\"id\",\"type\":\"string\"}");
        for (String field : fields) {
            json.append(',').append(field);
        }
        return json.append("]}").toString();
    }

    private static Map<String, Object> body(String schema) {
        return Map.of("schema", schema);
    }

    private int register(String subject, String schema) {
        Response response = http().post("/subjects/" + subject + "/versions", body(schema));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json().get("id").asInt();
    }

    private static void assertError(Response response, int status, int errorCode) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.text()).isEqualTo(errorCode);
        assertThat(response.json().get("message").asText()).isNotBlank();
        assertThat(response.contentType()).startsWith(Http.V1);
    }

    // ---------------------------------------------------------------- basics

    @Test
    void rootAndTypes() {
        Response root = http().get("/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.contentType()).startsWith(Http.V1);
        assertThat(root.json().isObject()).isTrue();
        assertThat(http().get("/schemas/types").json()).hasSize(1).first().extracting(JsonNode::asText).isEqualTo("AVRO");
        assertThat(http().get("/contexts").json().toString()).isEqualTo("[\".\"]");
        assertError(http().send("PATCH", "/subjects", "{}", Http.V1), 405, 405);
    }

    @Test
    void registersAndReadsBack() {
        String subject = subject("basic");
        String schema = record("Basic" + SUBJECTS.get());
        int id = register(subject, schema);

        JsonNode version = http().get("/subjects/" + subject + "/versions/1").json();
        assertThat(version.get("subject").asText()).isEqualTo(subject);
        assertThat(version.get("version").asInt()).isEqualTo(1);
        assertThat(version.get("id").asInt()).isEqualTo(id);
        assertThat(version.get("schema").asText()).contains("\"name\":\"Basic");
        assertThat(http().get("/subjects/" + subject + "/versions/latest").json()).isEqualTo(version);
        assertThat(http().get("/subjects/" + subject + "/versions/-1").json()).isEqualTo(version);

        Response raw = http().get("/subjects/" + subject + "/versions/1/schema");
        assertThat(raw.json().get("name").asText()).startsWith("Basic");
        assertThat(http().get("/schemas/ids/" + id).json().get("schema").asText()).isEqualTo(version.get("schema").asText());
        assertThat(http().get("/schemas/ids/" + id + "/schema").json()).isEqualTo(raw.json());
        assertThat(http().get("/subjects").json().toString()).contains("\"" + subject + "\"");
        assertThat(http().get("/subjects?subjectPrefix=" + subject).json()).hasSize(1);
        assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        assertThat(http().get("/subjects/" + subject + "/versions/1/referencedby").json()).isEmpty();
    }

    @Test
    void sameSchemaSameIdEverywhereAndReRegisteringIsIdempotent() {
        String name = "Shared" + SUBJECTS.incrementAndGet();
        String a = subject("shared-a");
        String b = subject("shared-b");
        int id = register(a, record(name));
        String spaced = record(name).replace(",", " ,\n  ").replace(":", " : ");
        assertThat(register(b, spaced)).isEqualTo(id);
        assertThat(register(a, record(name))).isEqualTo(id);
        assertThat(http().get("/subjects/" + a + "/versions").json()).hasSize(1);

        assertThat(http().get("/schemas/ids/" + id + "/subjects").json().toString()).contains(a, b);
        JsonNode versions = http().get("/schemas/ids/" + id + "/versions").json();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);

        int other = register(a, record(name, "{\"name\":\"n\",\"type\":\"int\",\"default\":0}"));
        assertThat(other).isGreaterThan(id);
    }

    @Test
    void acceptsUnknownFieldsContentTypesAndNormalize() {
        String subject = subject("tolerant");
        Map<String, Object> request = new HashMap<>();
        request.put("schema", record("Tolerant" + SUBJECTS.get()));
        request.put("schemaType", "AVRO");
        request.put("references", List.of());
        request.put("metadata", null);
        request.put("ruleSet", Map.of("domainRules", List.of()));
        request.put("somethingNew", true);
        assertThat(http().post("/subjects/" + subject + "/versions?normalize=true", request).status()).isEqualTo(200);
        assertThat(http().send("POST", "/subjects/" + subject, request, "application/json").status()).isEqualTo(200);
        assertThat(http().send("POST", "/subjects/" + subject, request, "application/vnd.schemaregistry+json").status()).isEqualTo(200);
        assertError(http().send("POST", "/subjects/" + subject, request, "text/plain"), 415, 415);
    }

    @Test
    void refusesInvalidSchemas() {
        String subject = subject("invalid");
        assertError(http().post("/subjects/" + subject + "/versions", body("{\"type\":\"record\",\"name\":\"X\"}")), 422, 42201);
        assertError(http().post("/subjects/" + subject + "/versions", body("not json")), 422, 42201);
        assertError(http().post("/subjects/" + subject + "/versions", Map.of()), 422, 42201);
        assertError(http().post("/subjects/" + subject + "/versions", Map.of("schema", "{\"type\":\"object\"}", "schemaType", "JSON")), 422, 42201);
        assertError(http().post("/subjects/" + subject + "/versions", Map.of("schema", "syntax = \"proto3\";", "schemaType", "PROTOBUF")), 422, 42201);
        assertError(http().post("/subjects/" + subject + "/versions", Map.of("schema", record("R"),
                "references", List.of(Map.of("name", "x", "subject", "y", "version", 1)))), 422, 42201);
        assertError(http().post("/subjects/" + subject + "/versions",
                body(record("BadDefault", "{\"name\":\"n\",\"type\":\"int\",\"default\":\"text\"}"))), 422, 42201);
        assertError(http().send("POST", "/subjects/" + subject + "/versions", "{not json", Http.V1), 400, 400);
    }

    @Test
    void notFoundAndInvalidVersionErrors() {
        String subject = subject("missing");
        assertError(http().get("/subjects/" + subject + "/versions"), 404, 40401);
        assertError(http().get("/subjects/" + subject + "/versions/1"), 404, 40401);
        assertError(http().get("/schemas/ids/987654321"), 404, 40403);
        assertError(http().get("/schemas/ids/987654321/schema"), 404, 40403);
        assertError(http().get("/schemas/ids/987654321/subjects"), 404, 40403);
        assertError(http().get("/schemas/ids/987654321/versions"), 404, 40403);
        register(subject, record("Missing" + SUBJECTS.get()));
        assertError(http().get("/subjects/" + subject + "/versions/7"), 404, 40402);
        assertError(http().get("/subjects/" + subject + "/versions/7/schema"), 404, 40402);
        assertError(http().get("/subjects/" + subject + "/versions/abc"), 422, 42202);
        assertError(http().get("/subjects/" + subject + "/versions/0"), 422, 42202);
        assertError(http().get("/no/such/route"), 404, 404);
    }

    @Test
    void looksUpSchemas() {
        String subject = subject("lookup");
        String schema = record("Lookup" + SUBJECTS.get());
        int id = register(subject, schema);
        JsonNode found = http().post("/subjects/" + subject, body(schema)).json();
        assertThat(found.get("id").asInt()).isEqualTo(id);
        assertThat(found.get("version").asInt()).isEqualTo(1);
        assertThat(found.get("subject").asText()).isEqualTo(subject);
        assertError(http().post("/subjects/" + subject, body(record("Other" + SUBJECTS.get()))), 404, 40403);
        assertError(http().post("/subjects/" + subject("nobody"), body(schema)), 404, 40401);
    }

    // ---------------------------------------------------------------- deletion

    @Test
    void softAndPermanentVersionDeletes() {
        String subject = subject("delete-version");
        String name = "DelVersion" + SUBJECTS.get();
        register(subject, record(name));
        register(subject, record(name, "{\"name\":\"n\",\"type\":\"int\",\"default\":0}"));

        assertError(http().delete("/subjects/" + subject + "/versions/1?permanent=true"), 404, 40407);
        assertThat(http().delete("/subjects/" + subject + "/versions/1").json().asInt()).isEqualTo(1);
        assertError(http().get("/subjects/" + subject + "/versions/1"), 404, 40402);
        assertThat(http().get("/subjects/" + subject + "/versions/1?deleted=true").status()).isEqualTo(200);
        assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2]");
        assertThat(http().get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertError(http().delete("/subjects/" + subject + "/versions/1"), 404, 40406);
        assertError(http().post("/subjects/" + subject, body(record(name))), 404, 40403);
        assertThat(http().post("/subjects/" + subject + "?deleted=true", body(record(name))).json().get("version").asInt()).isEqualTo(1);

        assertThat(http().delete("/subjects/" + subject + "/versions/1?permanent=true").json().asInt()).isEqualTo(1);
        assertError(http().get("/subjects/" + subject + "/versions/1?deleted=true"), 404, 40402);
        assertError(http().delete("/subjects/" + subject + "/versions/9"), 404, 40402);
        assertError(http().delete("/subjects/" + subject + "/versions/x"), 422, 42202);
    }

    @Test
    void softAndPermanentSubjectDeletes() {
        String subject = subject("delete-subject");
        String name = "DelSubject" + SUBJECTS.get();
        int first = register(subject, record(name));
        register(subject, record(name, "{\"name\":\"n\",\"type\":\"int\",\"default\":0}"));

        assertError(http().delete("/subjects/" + subject + "?permanent=true"), 404, 40405);
        assertThat(http().delete("/subjects/" + subject).json().toString()).isEqualTo("[1,2]");
        assertThat(http().get("/subjects").json().toString()).doesNotContain("\"" + subject + "\"");
        assertThat(http().get("/subjects?deleted=true").json().toString()).contains("\"" + subject + "\"");
        assertError(http().get("/subjects/" + subject + "/versions"), 404, 40401);
        assertError(http().delete("/subjects/" + subject), 404, 40404);
        assertThat(http().get("/schemas/ids/" + first).status()).as("soft-deleted schemas stay readable by id").isEqualTo(200);
        assertThat(http().get("/schemas/ids/" + first + "/subjects").json()).isEmpty();
        assertThat(http().get("/schemas/ids/" + first + "/subjects?deleted=true").json()).hasSize(1);

        assertThat(http().delete("/subjects/" + subject + "?permanent=true").json().toString()).isEqualTo("[1,2]");
        assertThat(http().get("/subjects?deleted=true").json().toString()).doesNotContain("\"" + subject + "\"");
        assertError(http().delete("/subjects/" + subject), 404, 40401);
    }

    @Test
    void versionsContinueAfterSoftDeleteAndIdsAreNeverReused() {
        String subject = subject("continue");
        String name = "Continue" + SUBJECTS.get();
        int first = register(subject, record(name));
        http().delete("/subjects/" + subject);
        register(subject, record(name));
        assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2]");

        String gone = subject("gone");
        int goneId = register(gone, record("Gone" + SUBJECTS.get()));
        http().delete("/subjects/" + gone);
        http().delete("/subjects/" + gone + "?permanent=true");
        assertError(http().get("/schemas/ids/" + goneId), 404, 40403);
        int next = register(subject("after"), record("After" + SUBJECTS.get()));
        assertThat(next).isGreaterThan(goneId).isGreaterThan(first);
    }

    // ---------------------------------------------------------------- compatibility

    @Test
    void compatibilityChecks() {
        String subject = subject("compat");
        String name = "Compat" + SUBJECTS.get();
        register(subject, record(name));
        String compatible = record(name, "{\"name\":\"n\",\"type\":\"int\",\"default\":0}");
        String incompatible = record(name, "{\"name\":\"m\",\"type\":\"int\"}");

        String latest = "/compatibility/subjects/" + subject + "/versions/latest";
        assertThat(http().post(latest, body(compatible)).json().get("is_compatible").asBoolean()).isTrue();
        assertThat(http().post(latest, body(incompatible)).json().get("is_compatible").asBoolean()).isFalse();
        assertThat(http().post(latest, body(incompatible)).json().has("messages")).isFalse();
        JsonNode verbose = http().post(latest + "?verbose=true", body(incompatible)).json();
        assertThat(verbose.get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(http().post("/compatibility/subjects/" + subject + "/versions/1", body(compatible)).json()
                .get("is_compatible").asBoolean()).isTrue();
        assertThat(http().post("/compatibility/subjects/" + subject + "/versions", body(incompatible)).json()
                .get("is_compatible").asBoolean()).isFalse();
        assertThat(http().post("/compatibility/subjects/" + subject("fresh") + "/versions", body(incompatible)).json()
                .get("is_compatible").asBoolean()).isTrue();
        assertError(http().post("/compatibility/subjects/" + subject("fresh") + "/versions/latest", body(compatible)), 404, 40401);
        assertError(http().post("/compatibility/subjects/" + subject + "/versions/5", body(compatible)), 404, 40402);
        assertError(http().post("/compatibility/subjects/" + subject + "/versions/zero", body(compatible)), 422, 42202);
        assertError(http().post(latest, body("{")), 422, 42201);

        Response refused = http().post("/subjects/" + subject + "/versions", body(incompatible));
        assertError(refused, 409, 409);
        assertThat(refused.json().get("message").asText()).contains("incompatible").contains("BACKWARD");
        assertThat(register(subject, compatible)).isPositive();
    }

    @Test
    void subjectCompatibilityConfig() {
        String subject = subject("config");
        assertThat(http().get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertError(http().get("/config/" + subject), 404, 40408);
        assertThat(http().get("/config/" + subject + "?defaultToGlobal=true").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        Response put = http().put("/config/" + subject, Map.of("compatibility", "FULL"));
        assertThat(put.json().get("compatibility").asText()).isEqualTo("FULL");
        assertThat(http().get("/config/" + subject).json().get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(http().put("/config/" + subject, Map.of("compatibility", "none")).json().get("compatibility").asText()).isEqualTo("NONE");
        assertError(http().put("/config/" + subject, Map.of("compatibility", "SIDEWAYS")), 422, 42203);
        assertError(http().put("/config/" + subject, Map.of()), 422, 42203);

        String name = "Config" + SUBJECTS.get();
        register(subject, record(name));
        register(subject, record(name, "{\"name\":\"m\",\"type\":\"int\"}"));
        assertThat(http().delete("/config/" + subject).json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertError(http().get("/config/" + subject), 404, 40408);
        assertError(http().delete("/config/" + subject), 404, 40408);
    }

    @Test
    void globalCompatibilityConfig() {
        try {
            assertThat(http().put("/config", Map.of("compatibility", "FORWARD_TRANSITIVE", "normalize", true)).json()
                    .get("compatibility").asText()).isEqualTo("FORWARD_TRANSITIVE");
            assertThat(http().get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FORWARD_TRANSITIVE");
            assertThat(http().delete("/config").json().get("compatibilityLevel").asText()).isEqualTo("FORWARD_TRANSITIVE");
            assertThat(http().get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        } finally {
            http().delete("/config");
        }
    }

    // ---------------------------------------------------------------- modes

    @Test
    void subjectModes() {
        String subject = subject("mode");
        String name = "Mode" + SUBJECTS.get();
        register(subject, record(name));
        assertThat(http().get("/mode").json().get("mode").asText()).isEqualTo("READWRITE");
        assertError(http().get("/mode/" + subject), 404, 40409);
        assertThat(http().get("/mode/" + subject + "?defaultToGlobal=true").json().get("mode").asText()).isEqualTo("READWRITE");

        assertThat(http().put("/mode/" + subject, Map.of("mode", "READONLY")).json().get("mode").asText()).isEqualTo("READONLY");
        assertThat(http().get("/mode/" + subject).json().get("mode").asText()).isEqualTo("READONLY");
        assertError(http().post("/subjects/" + subject + "/versions", body(record(name, "{\"name\":\"n\",\"type\":\"int\",\"default\":0}"))), 422, 42205);
        assertError(http().delete("/subjects/" + subject), 422, 42205);
        assertError(http().delete("/subjects/" + subject + "/versions/1"), 422, 42205);
        assertThat(http().get("/subjects/" + subject + "/versions/1").status()).as("reads still work").isEqualTo(200);
        assertError(http().put("/mode/" + subject, Map.of("mode", "SIDEWAYS")), 422, 42204);

        assertThat(http().delete("/mode/" + subject).json().get("mode").asText()).isEqualTo("READONLY");
        assertThat(register(subject, record(name, "{\"name\":\"n\",\"type\":\"int\",\"default\":0}"))).isPositive();
    }

    @Test
    void globalReadOnlyModeAndImport() {
        String subject = subject("global-mode");
        try {
            assertThat(http().put("/mode", Map.of("mode", "READONLY")).json().get("mode").asText()).isEqualTo("READONLY");
            assertError(http().post("/subjects/" + subject + "/versions", body(record("Global" + SUBJECTS.get()))), 422, 42205);
        } finally {
            assertThat(http().put("/mode", Map.of("mode", "READWRITE")).status()).isEqualTo(200);
        }
        String imported = subject("import");
        assertThat(http().put("/mode/" + imported, Map.of("mode", "IMPORT")).status()).isEqualTo(200);
        Map<String, Object> request = Map.of("schema", record("Imported" + SUBJECTS.get()), "id", 900_000 + SUBJECTS.get(), "version", 3);
        assertThat(http().post("/subjects/" + imported + "/versions", request).json().get("id").asInt()).isEqualTo(request.get("id"));
        assertThat(http().get("/subjects/" + imported + "/versions/3").json().get("id").asInt()).isEqualTo(request.get("id"));
        assertError(http().put("/mode/" + imported, Map.of("mode", "IMPORT")), 422, 42205);
        assertThat(http().put("/mode/" + imported + "?force=true", Map.of("mode", "READWRITE")).status()).isEqualTo(200);
        assertError(http().post("/subjects/" + subject + "/versions", request), 422, 42205);
    }
}
