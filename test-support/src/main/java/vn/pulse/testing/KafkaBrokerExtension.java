package vn.pulse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import vn.pulse.platform.LocalKafka;
import vn.pulse.platform.LocalKafkaConfig;

/**
 * Starts one real in-process KRaft broker for the whole test JVM (the first test class that asks
 * for it pays the ~3 s start; the rest reuse it) and stops it when the JVM's tests are done.
 * Inject it as a {@link KafkaBroker} parameter of a test constructor, lifecycle method or test.
 *
 * <pre>{@code
 * @ExtendWith(KafkaBrokerExtension.class)
 * class DosePipelineIT {
 *     @Test void countsDoses(KafkaBroker broker) { ... broker.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedBroker.class, k -> SharedBroker.start(), SharedBroker.class)
                .broker();
    }

    /** The JVM-wide broker; JUnit closes it (and deletes its data) after the last test. */
    private static final class SharedBroker implements AutoCloseable {
        private final Path dataDir;
        private final LocalKafka kafka;
        private final KafkaBroker broker;

        private SharedBroker(Path dataDir, LocalKafka kafka) {
            this.dataDir = dataDir;
            this.kafka = kafka;
            this.broker = new KafkaBroker(kafka);
        }

        static SharedBroker start() {
            try {
                Path dataDir = Files.createTempDirectory("pulse-test-kafka-");
                int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
                LocalKafka kafka = LocalKafka.start(new LocalKafkaConfig(dataDir, "127.0.0.1", ports[0], ports[1], 3));
                return new SharedBroker(dataDir, kafka);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        KafkaBroker broker() {
            return broker;
        }

        @Override
        public void close() {
            try {
                kafka.close();
            } finally {
                deleteRecursively(dataDir);
            }
        }

        private static void deleteRecursively(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }
}
