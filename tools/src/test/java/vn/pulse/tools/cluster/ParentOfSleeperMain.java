package vn.pulse.tools.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A parent process for {@link ServiceProcessTest}: starts a {@link SleeperMain} child as the bench and
 * the crash harness start services, says the child's pid, then waits to be stopped.
 * Arguments: the log directory, the child's marker file.
 */
public final class ParentOfSleeperMain {

    private ParentOfSleeperMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path logs = Path.of(args[0]);
        Path log = logs.resolve("orphan-candidate.log");
        // Ready once the child has said so: its shutdown hook is in place from then on.
        ReadyCheck up = () -> {
            try {
                return Files.exists(log) && Files.readString(log).contains("sleeper up");
            } catch (IOException e) {
                return false;
            }
        };
        ServiceProcess child = new ServiceProcess(ServiceProcess.Spec.of("orphan-candidate", SleeperMain.class,
                Map.of("PULSE_TEST_MARKER", args[1]), up), logs);
        child.start().awaitReady(Duration.ofSeconds(60));
        System.out.println("child " + child.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
