package vn.pulse.registry.server;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/** The REST protocol against a real server (port 0) storing in a real broker's topic. */
@ExtendWith(KafkaBrokerExtension.class)
@Tag("integration")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RegistryHttpApiKafkaIT extends RegistryHttpContract {

    private static SchemaRegistryServer server;
    private static Http http;

    @BeforeAll
    static void start(KafkaBroker broker) {
        server = SchemaRegistryServer.start(SchemaRegistryServerConfig.forKafka(broker.bootstrapServers())
                .withPort(0).withTopic(broker.uniqueName("_schemas")));
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
