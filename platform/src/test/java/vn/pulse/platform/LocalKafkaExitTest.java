package vn.pulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When the in-process Kafka ends the JVM (a fault it cannot recover from), the process says so on
 * stderr before it ends, with the status and Kafka's message, even on a halt.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalKafkaExitTest {

    /** A JVM that loads {@link LocalKafka} and then does what Kafka does on a fatal fault. */
    public static final class HaltingJvm {
        public static void main(String[] args) {
            try {
                Class.forName(LocalKafka.class.getName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            if (args[0].equals("halt")) {
                Exit.halt(3, "metadata loader fault");
            } else {
                Exit.exit(4, "cannot continue");
            }
        }
    }

    @Test
    void aHaltAskedForByKafkaIsReportedWithItsStatusAndMessage() throws Exception {
        Result halted = run("halt");
        assertThat(halted.status()).isEqualTo(3);
        assertThat(halted.stderr()).contains("The in-process Kafka asked the JVM to halt with status 3: metadata loader fault")
                .contains("where Kafka asked to halt");
    }

    @Test
    void anExitAskedForByKafkaIsReportedToo() throws Exception {
        Result exited = run("exit");
        assertThat(exited.status()).isEqualTo(4);
        assertThat(exited.stderr()).contains("The in-process Kafka asked the JVM to exit with status 4: cannot continue");
    }

    private record Result(int status, String stderr) {
    }

    private static Result run(String how) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), HaltingJvm.class.getName(), how))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), stderr);
    }
}
