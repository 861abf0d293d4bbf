package vn.pulse.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ServiceProcessTest {

    @TempDir
    Path dir;

    private ServiceProcess sleeper(Path marker) {
        ReadyCheck logSaysUp = () -> {
            try {
                // ready when this start's "up" line is there: as many "up" lines as starts
                String log = Files.exists(dir.resolve("logs/sleeper.log")) ? Files.readString(dir.resolve("logs/sleeper.log")) : "";
                return log.split("sleeper up", -1).length == log.split("=== ", -1).length;
            } catch (java.io.IOException e) {
                return false;
            }
        };
        return new ServiceProcess(ServiceProcess.Spec.of("sleeper", SleeperMain.class,
                Map.of("PULSE_TEST_MARKER", marker.toString()), logSaysUp).withArgs(List.of("a1")), dir.resolve("logs"));
    }

    @Test
    void killIsSigkillWithoutShutdownHookAndStopIsSigtermWithIt() throws Exception {
        Path marker = dir.resolve("marker");
        ServiceProcess p = sleeper(marker);
        p.start().awaitReady(Duration.ofSeconds(60));
        long firstPid = p.pid();
        assertThat(p.isAlive()).isTrue();
        assertThat(ProcessHandle.of(firstPid)).isPresent();

        p.kill();
        assertThat(p.isAlive()).isFalse();
        assertThat(p.exitCode()).as("128 + SIGKILL (9)").isEqualTo(137);
        assertThat(marker).as("no shutdown hook runs on kill -9").doesNotExist();
        assertThat(p.peakRssBytes()).as("VmHWM read before the kill").isGreaterThan(24L * 1024 * 1024);
        assertThat(p.kills()).isEqualTo(1);

        p.start().awaitReady(Duration.ofSeconds(60));
        assertThat(p.pid()).isNotEqualTo(firstPid);
        assertThat(p.starts()).isEqualTo(2);
        assertThat(p.stop(Duration.ofSeconds(30))).as("128 + SIGTERM (15)").isEqualTo(143);
        assertThat(Files.readString(marker)).startsWith("clean shutdown");
        String log = Files.readString(p.logFile());
        assertThat(log).contains("start #1 of sleeper", "start #2 of sleeper", "arg a1");
    }

    @Test
    void noChildOutlivesItsParentStoppedBySigterm() throws Exception {
        Path marker = dir.resolve("child-marker");
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), ParentOfSleeperMain.class.getName(),
                dir.resolve("logs").toString(), marker.toString())
                .redirectErrorStream(true).start();
        Optional<ProcessHandle> child = Optional.empty();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("child "));
            assertThat(line).as("the parent says its child's pid").isNotNull();
            child = ProcessHandle.of(Long.parseLong(line.substring("child ".length()).trim()));
            assertThat(child).isPresent();

            parent.destroy(); // SIGTERM, as Ctrl-C or a service manager stops ./pulse bench or crash-test
            assertThat(parent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.get().onExit()).as("the child stops with its parent").succeedsWithin(Duration.ofSeconds(30));
            assertThat(Files.readString(marker)).as("stopped by SIGTERM: its own shutdown hook ran").startsWith("clean shutdown");
        } finally {
            parent.destroyForcibly();
            child.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aProcessThatDiesBeforeItIsReadyFailsTheWaitWithItsLog() {
        ServiceProcess p = new ServiceProcess(ServiceProcess.Spec.of("broken", SleeperMain.class, Map.of(),
                () -> false), dir.resolve("logs"));
        p.start();
        assertThatThrownBy(() -> p.awaitReady(Duration.ofSeconds(60)))
                .hasMessageContaining("broken exited")
                .hasMessageContaining("NullPointerException");
        assertThatThrownBy(() -> p.start().start()).hasMessageContaining("already running");
        p.kill();
    }

    @Test
    void aThreadDumpShowsWhereTheRunningProcessWaits() throws Exception {
        ServiceProcess p = sleeper(dir.resolve("marker"));
        assertThat(p.threadDump()).as("before the start").contains("not running");
        p.start().awaitReady(Duration.ofSeconds(60));
        Path dump = Path.of(p.threadDump());
        assertThat(dump.getParent()).isEqualTo(p.logFile().getParent());
        assertThat(dump.getFileName().toString()).startsWith("sleeper-threads-" + p.pid() + "-");
        // the sleeper's main thread waits on its latch
        assertThat(Files.readString(dump)).contains("Full thread dump", "\"main\"", "CountDownLatch.await", "SleeperMain.main");
        p.kill();
    }
}
