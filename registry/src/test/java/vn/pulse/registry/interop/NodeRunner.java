package vn.pulse.registry.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs node and npm for the interoperability test: installs the pinned packages when needed, then runs a script. */
final class NodeRunner {

    /** A finished process: exit code and what it printed. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private final Path directory;

    NodeRunner(Path directory) {
        this.directory = directory;
    }

    /** Whether {@code command --version} runs (node and npm are on the PATH). */
    static boolean available(String command) {
        try {
            return run(Path.of("."), Duration.ofSeconds(30), List.of(command, "--version")).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code npm ci} unless node_modules already matches package-lock.json. */
    void installIfOutdated() throws IOException {
        Path installed = directory.resolve("node_modules/.package-lock.json");
        Path lock = directory.resolve("package-lock.json");
        if (Files.exists(installed) && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        Result result = run(directory, Duration.ofMinutes(5), List.of("npm", "ci", "--no-audit", "--no-fund"));
        if (result.exitCode() != 0) {
            throw new IOException("npm ci failed (" + result.exitCode() + "):\n" + result.stderr());
        }
    }

    Result node(Duration timeout, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(args));
        return run(directory, timeout, command);
    }

    private static Result run(Path directory, Duration timeout, List<String> command) throws IOException {
        Path out = Files.createTempFile("node-out", ".txt");
        Path err = Files.createTempFile("node-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(command + " did not finish within " + timeout);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command, e);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
