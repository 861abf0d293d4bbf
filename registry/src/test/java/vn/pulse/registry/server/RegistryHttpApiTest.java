package vn.pulse.registry.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The REST protocol against a real server (port 0) with the in-memory store. */
class RegistryHttpApiTest extends RegistryHttpContract {

    private static SchemaRegistryServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
        http = new Http(server.url());
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
