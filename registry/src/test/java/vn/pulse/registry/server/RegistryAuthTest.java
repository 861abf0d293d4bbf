package vn.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.registry.server.Http.Response;

/**
 * Who may do what on a registry with basic authentication and mode changes off: anonymous and wrong
 * credentials get 401, each role exactly its requests, everyone else 403; mode changes are refused even
 * to an admin.
 */
class RegistryAuthTest {

    private static final AtomicInteger SUBJECTS = new AtomicInteger();

    @TempDir
    static Path dir;
    private static Path usersFile;
    private static SchemaRegistryServer server;
    private static Http anonymous;
    private static Http reader;
    private static Http writer;
    private static Http admin;

    @BeforeAll
    static void start() {
        usersFile = RegistryUsersFile.write(dir.resolve("registry-users.properties"), Map.of(
                "grafana", "reader-pw:read", "pulse-service", "writer-pw:write", "pulse-admin", "admin-pw:admin"));
        server = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0)
                .withCredentialsFile(usersFile).withModeMutability(false));
        anonymous = new Http(server.url());
        reader = anonymous.as("grafana", "reader-pw");
        writer = anonymous.as("pulse-service", "writer-pw");
        admin = anonymous.as("pulse-admin", "admin-pw");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String subject() {
        return "auth-" + SUBJECTS.incrementAndGet() + "-value";
    }

    private static Map<String, Object> schema(String name) {
        return Map.of("schema", "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"test.auth\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    }

    private static void assertUnauthorized(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo(40101);
        assertThat(response.wwwAuthenticate()).startsWith("Basic realm=\"");
        assertThat(response.contentType()).startsWith(Http.V1);
    }

    private static void assertForbidden(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo(40301);
        assertThat(response.json().get("message").asText()).contains("needs role");
    }

    private static void assertOk(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }

    @Test
    void withoutValidCredentialsEveryRegistryRequestIs401() {
        String subject = subject();
        assertUnauthorized(anonymous.get("/subjects"));
        assertUnauthorized(anonymous.get("/schemas/ids/1"));
        assertUnauthorized(anonymous.post("/subjects/" + subject + "/versions", schema("Anon")));
        assertUnauthorized(anonymous.delete("/subjects/" + subject));
        assertUnauthorized(anonymous.put("/config", Map.of("compatibility", "NONE")));
        assertUnauthorized(anonymous.put("/mode", Map.of("mode", "READONLY")));
        assertUnauthorized(anonymous.get("/no/such/path"));
        assertUnauthorized(anonymous.as("pulse-admin", "wrong").delete("/subjects/" + subject));
        assertUnauthorized(anonymous.as("nobody", "admin-pw").get("/subjects"));
        assertUnauthorized(anonymous.as("pulse-admin", "").get("/subjects"));
        assertUnauthorized(anonymous.withAuthorization("Basic !!not-base64!!").get("/subjects"));
        assertUnauthorized(anonymous.withAuthorization("Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes()))
                .get("/subjects"));
        assertUnauthorized(anonymous.withAuthorization("Bearer admin-pw").get("/subjects"));
        // The scheme name is case-insensitive (RFC 7617).
        assertOk(anonymous.withAuthorization("basic " + java.util.Base64.getEncoder().encodeToString("grafana:reader-pw".getBytes()))
                .get("/subjects"));
    }

    @Test
    void opsEndpointsStayOpen() {
        assertOk(anonymous.get("/health/live"));
        assertOk(anonymous.get("/health/ready"));
        assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
    }

    @Test
    void aReaderReadsAndLooksUpButCannotRegisterOrChangeAnything() {
        String subject = subject();
        int id = writer.post("/subjects/" + subject + "/versions", schema("ReaderSees")).json().get("id").asInt();

        assertOk(reader.get("/subjects"));
        assertOk(reader.get("/subjects/" + subject + "/versions/latest"));
        assertOk(reader.get("/schemas/ids/" + id));
        assertOk(reader.get("/config"));
        assertOk(reader.get("/mode"));
        assertOk(reader.post("/subjects/" + subject, schema("ReaderSees")));
        assertThat(reader.post("/subjects/" + subject(), schema("ReaderSees")).errorCode()).isEqualTo(40401);

        assertForbidden(reader.post("/subjects/" + subject + "/versions", schema("ReaderWrites")));
        assertForbidden(reader.post("/compatibility/subjects/" + subject + "/versions/latest", schema("ReaderWrites")));
        assertForbidden(reader.delete("/subjects/" + subject));
        assertForbidden(reader.put("/config", Map.of("compatibility", "NONE")));
        assertForbidden(reader.put("/mode", Map.of("mode", "READONLY")));
        assertThat(reader.get("/subjects/" + subject + "/versions").json()).hasSize(1);
    }

    @Test
    void aWriterRegistersAndChecksButCannotDeleteOrReconfigure() {
        String subject = subject();
        assertOk(writer.post("/subjects/" + subject + "/versions", schema("Writer")));
        assertOk(writer.post("/compatibility/subjects/" + subject + "/versions/latest", schema("Writer")));
        assertOk(writer.post("/subjects/" + subject, schema("Writer")));
        assertOk(writer.get("/subjects/" + subject + "/versions"));

        assertForbidden(writer.delete("/subjects/" + subject));
        assertForbidden(writer.delete("/subjects/" + subject + "/versions/1"));
        assertForbidden(writer.put("/config", Map.of("compatibility", "NONE")));
        assertForbidden(writer.put("/config/" + subject, Map.of("compatibility", "NONE")));
        assertForbidden(writer.delete("/config"));
        assertForbidden(writer.put("/mode", Map.of("mode", "READONLY")));
        assertForbidden(writer.put("/mode/" + subject, Map.of("mode", "READONLY")));
        assertThat(admin.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(admin.get("/subjects/" + subject + "/versions").json()).hasSize(1);
    }

    @Test
    void anAdminDeletesAndReconfiguresButModeChangesAreRefusedWhenOff() {
        String subject = subject();
        assertOk(writer.post("/subjects/" + subject + "/versions", schema("Admin")));
        assertOk(admin.put("/config/" + subject, Map.of("compatibility", "FULL")));
        assertOk(admin.delete("/config/" + subject));
        assertOk(admin.delete("/subjects/" + subject));
        assertOk(admin.delete("/subjects/" + subject + "?permanent=true"));

        for (Response refused : new Response[] {admin.put("/mode", Map.of("mode", "READONLY")),
                admin.put("/mode/" + subject, Map.of("mode", "READONLY")), admin.delete("/mode/" + subject)}) {
            assertThat(refused.status()).as(refused.text()).isEqualTo(422);
            assertThat(refused.errorCode()).isEqualTo(42205);
            assertThat(refused.json().get("message").asText()).contains("registry.mode.mutability");
        }
        assertThat(admin.get("/mode").json().get("mode").asText()).isEqualTo("READWRITE");
    }

    @Test
    void refusalsAreCountedOnTheRegistrysMetrics() {
        anonymous.get("/subjects");
        reader.delete("/subjects/" + subject());
        String metrics = anonymous.get("/metrics").text();
        assertThat(metrics).containsPattern("pulse_registry_auth_refusals_total\\{[^}]*reason=\"unauthenticated\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("pulse_registry_auth_refusals_total\\{[^}]*reason=\"forbidden\"[^}]*} [1-9]");
    }
}
