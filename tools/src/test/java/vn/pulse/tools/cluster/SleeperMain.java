package vn.pulse.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** A child process for {@link ServiceProcessTest}: writes a marker file when its shutdown hook runs, then sleeps. */
public final class SleeperMain {

    private SleeperMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path marker = Path.of(System.getenv("PULSE_TEST_MARKER"));
        byte[] ballast = new byte[24 * 1024 * 1024];
        java.util.Arrays.fill(ballast, (byte) 1); // touch it: resident memory the test can see in VmHWM
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(marker, "clean shutdown " + ballast.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stopped.countDown();
        }));
        // after the hook: a SIGTERM from now on runs it
        System.out.println("sleeper up, pid " + ProcessHandle.current().pid() + ", arg " + String.join(",", args));
        stopped.await();
    }
}
