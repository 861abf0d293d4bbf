package vn.pulse.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JvmProfileTest {

    @Test
    void serviceFlagsSetTheHeapAndTheMemoryBoundsOfADeployedService() {
        List<String> flags = JvmProfile.SERVICE.flags("384m");

        assertThat(flags).contains("-Xmx384m", "-XX:+UseSerialGC", "-Djdk.nio.maxCachedBufferSize=262144", "-XX:+ExitOnOutOfMemoryError")
                .doesNotContain("-Xmx256m");
        assertThat(flags.contains(JvmProfile.TRIM_NATIVE_HEAP)).isEqualTo(JvmProfile.canTrimNativeHeap());
    }

    @Test
    void aJvmStartsWithTheServiceFlags() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmProfile.SERVICE.flags("64m"));
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
    }
}
