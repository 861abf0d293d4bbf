package vn.pulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several in-process brokers fit in one modest heap: the bench's scale rows run three of their own
 * beside the bench's broker in one JVM. Kafka's log cleaner takes a fixed dedupe buffer at start
 * (128 MiB by default); three of those in a 256 MiB heap end the JVM with an OutOfMemoryError.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalKafkaHeapTest {

    /** Starts {@code args[1]} brokers under {@code args[0]}, all at once, then stops them. */
    public static final class ThreeBrokersJvm {
        public static void main(String[] args) throws IOException {
            List<LocalKafka> brokers = new ArrayList<>();
            for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                int[] ports = LocalKafka.freePorts("127.0.0.1", 2);
                Path dir = Files.createDirectories(Path.of(args[0], "broker-" + i));
                brokers.add(LocalKafka.start(new LocalKafkaConfig(dir, "127.0.0.1", ports[0], ports[1], 6)));
            }
            System.out.println("started " + brokers.size());
            brokers.forEach(LocalKafka::close);
            System.exit(0);
        }
    }

    @TempDir
    Path dir;

    @Test
    void threeBrokersStartInA256MiBHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ThreeBrokersJvm.class.getName(), dir.toString(), "3"))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        assertThat(output).as("the JVM's output").doesNotContain("OutOfMemoryError").contains("started 3");
        assertThat(status).as(output).isZero();
    }
}
