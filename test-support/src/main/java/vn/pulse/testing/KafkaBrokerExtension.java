package vn.pulse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import vn.pulse.platform.LocalKafka;
import vn.pulse.platform.LocalKafkaConfig;

/**
 * Starts one real broker for the whole test JVM (the first test class that asks for it pays the
 * start; the rest reuse it) and stops it when the JVM's tests are done. Inject it as a
 * {@link KafkaBroker} parameter of a test constructor, lifecycle method or test.
 *
 * <p>Which broker: {@code -Dpulse.kafka=in-process} (the default) is a real KRaft broker in this JVM,
 * no Docker needed; {@code -Dpulse.kafka=testcontainers} is Apache Kafka's image through Testcontainers,
 * and where no Docker engine answers, the test classes using this extension are skipped, saying so.
 *
 * <pre>{@code
 * @ExtendWith(KafkaBrokerExtension.class)
 * class DosePipelineIT {
 *     @Test void countsDoses(KafkaBroker broker) { ... broker.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class KafkaBrokerExtension implements ParameterResolver, ExecutionCondition {

    /** System property choosing the broker. */
    public static final String MODE_PROPERTY = "pulse.kafka";
    public static final String IN_PROCESS = "in-process";
    public static final String TESTCONTAINERS = "testcontainers";
    /** The broker image of {@code -Dpulse.kafka=testcontainers} (and of docker-compose.yml). */
    public static final String CONTAINER_IMAGE = "apache/kafka:4.3.1";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    static String mode() {
        String mode = System.getProperty(MODE_PROPERTY, IN_PROCESS).trim().toLowerCase(Locale.ROOT);
        if (!mode.equals(IN_PROCESS) && !mode.equals(TESTCONTAINERS)) {
            throw new IllegalArgumentException("-D" + MODE_PROPERTY + "=" + mode + ": must be " + IN_PROCESS + " or " + TESTCONTAINERS);
        }
        return mode;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!mode().equals(TESTCONTAINERS)) {
            return ConditionEvaluationResult.enabled("in-process broker");
        }
        boolean docker = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("docker-available", k -> ContainerKafka.dockerAvailable(), Boolean.class);
        return docker
                ? ConditionEvaluationResult.enabled("Kafka in a container (" + CONTAINER_IMAGE + ")")
                : ConditionEvaluationResult.disabled("-D" + MODE_PROPERTY + "=" + TESTCONTAINERS
                        + " but no Docker engine answers here: skipped (the default in-process broker needs no Docker)");
    }

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
        private final Runnable stop;
        private final KafkaBroker broker;

        private SharedBroker(Path dataDir, Runnable stop, KafkaBroker broker) {
            this.dataDir = dataDir;
            this.stop = stop;
            this.broker = broker;
        }

        static SharedBroker start() {
            if (mode().equals(TESTCONTAINERS)) {
                ContainerKafka container = ContainerKafka.start();
                return new SharedBroker(null, container::close, new KafkaBroker(container.bootstrapServers(), null));
            }
            try {
                Path dataDir = Files.createTempDirectory("pulse-test-kafka-");
                int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
                LocalKafka kafka = LocalKafka.start(new LocalKafkaConfig(dataDir, "127.0.0.1", ports[0], ports[1], 3));
                return new SharedBroker(dataDir, kafka::close, new KafkaBroker(kafka.bootstrapServers(), kafka));
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
                stop.run();
            } finally {
                if (dataDir != null) {
                    deleteRecursively(dataDir);
                }
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
