package vn.pulse.registry.server;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The whole REST protocol with basic authentication on, as an admin: authentication changes no answer. */
class AuthenticatedRegistryHttpApiTest extends RegistryHttpContract {

    @TempDir
    static Path dir;
    private static SchemaRegistryServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        Path users = RegistryUsersFile.write(dir.resolve("registry-users.properties"), Map.of("ops", "ops-password:admin"));
        server = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0).withCredentialsFile(users));
        http = new Http(server.url()).as("ops", "ops-password");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected Http http() {
        return http;
    }
}
