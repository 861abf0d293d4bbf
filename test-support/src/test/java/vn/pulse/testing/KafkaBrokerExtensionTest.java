package vn.pulse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which broker the extension hands out; the container path needs no Docker to be decided. */
class KafkaBrokerExtensionTest {

    private String given;

    @BeforeEach
    void clear() {
        given = System.clearProperty(KafkaBrokerExtension.MODE_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (given == null) {
            System.clearProperty(KafkaBrokerExtension.MODE_PROPERTY);
        } else {
            System.setProperty(KafkaBrokerExtension.MODE_PROPERTY, given);
        }
    }

    @Test
    void inProcessByDefault() {
        assertThat(KafkaBrokerExtension.mode()).isEqualTo(KafkaBrokerExtension.IN_PROCESS);
    }

    @Test
    void refusesAnUnknownModeNamingTheProperty() {
        System.setProperty(KafkaBrokerExtension.MODE_PROPERTY, "docker");
        assertThatThrownBy(KafkaBrokerExtension::mode)
                .hasMessageContaining("-Dpulse.kafka=docker")
                .hasMessageContaining("in-process or testcontainers");
    }

    @Test
    void containerModeRunsOnlyWhereDockerAnswers() {
        System.setProperty(KafkaBrokerExtension.MODE_PROPERTY, "Testcontainers");
        assertThat(KafkaBrokerExtension.mode()).isEqualTo(KafkaBrokerExtension.TESTCONTAINERS);
        // Docker's presence decides: here (no engine) the tests are skipped, on a Docker host they run.
        assertThat(ContainerKafka.dockerAvailable()).isEqualTo(DockerProbe.engineAnswers());
    }

    /** An independent look at the engine: the docker client's own "docker info". */
    static final class DockerProbe {
        static boolean engineAnswers() {
            try {
                Process p = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return p.waitFor(java.time.Duration.ofSeconds(15).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                        && p.exitValue() == 0;
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
