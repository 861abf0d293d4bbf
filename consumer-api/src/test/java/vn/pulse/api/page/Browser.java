package vn.pulse.api.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Debian's headless Chromium, driven through src/test/browser/driver.mjs (playwright-core, installed
 * with {@code npm ci} from the committed package-lock.json). {@link #unavailable()} says why it
 * cannot run here, if it cannot: the test skips with that reason.
 */
final class Browser implements AutoCloseable {

    /** The node project of the browser test (Failsafe runs in the module's directory). */
    static final Path PROJECT = Path.of("src/test/browser").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedWriter commands;
    private final BufferedReader answers;
    private final Path stderr;
    private long nextId;

    private Browser(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The Chromium to drive: {@code PULSE_CHROMIUM}, else Debian's. */
    static Path chromium() {
        String configured = System.getenv("PULSE_CHROMIUM");
        return Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium");
    }

    /**
     * Why the browser test cannot run on this machine (Chromium, node or npm missing, or the npm
     * packages cannot be installed), or empty when it can. Installs the packages if needed.
     */
    static Optional<String> unavailable() {
        if (!Files.isExecutable(chromium())) {
            return Optional.of("no Chromium at " + chromium() + " (apt-get install chromium, or set PULSE_CHROMIUM)");
        }
        for (String tool : List.of("node", "npm")) {
            if (run(List.of(tool, "--version"), Duration.ofSeconds(30)).exitCode() != 0) {
                return Optional.of(tool + " is not on the PATH (apt-get install nodejs npm)");
            }
        }
        Path installed = PROJECT.resolve("node_modules/.package-lock.json");
        try {
            if (Files.exists(installed) && Files.getLastModifiedTime(installed)
                    .compareTo(Files.getLastModifiedTime(PROJECT.resolve("package-lock.json"))) >= 0) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.of("cannot read " + PROJECT + ": " + e.getMessage());
        }
        Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(5));
        return npm.exitCode() == 0 ? Optional.empty()
                : Optional.of("npm ci in " + PROJECT + " failed (" + npm.exitCode() + "): " + npm.output());
    }

    static Browser launch() throws IOException {
        Path stderr = Files.createTempFile("pulse-browser", ".log");
        Process process = new ProcessBuilder("node", "driver.mjs").directory(PROJECT.toFile())
                .redirectError(stderr.toFile()).start();
        Browser browser = new Browser(process, stderr);
        browser.call("launch", JSON.createObjectNode(), Duration.ofSeconds(60));
        return browser;
    }

    /** A fresh page of this size (a new profile: no storage, no cache, an empty log). */
    void newPage(int width, int height) {
        call("newPage", JSON.createObjectNode().put("width", width).put("height", height), Duration.ofSeconds(30));
    }

    void open(String url) {
        call("goto", JSON.createObjectNode().put("url", url), Duration.ofSeconds(30));
    }

    /** The value of a JavaScript expression in the page. */
    JsonNode eval(String js) {
        return call("eval", JSON.createObjectNode().put("js", js), Duration.ofSeconds(30));
    }

    /** Waits until the expression is truthy and returns its value; fails naming what it waited for. */
    JsonNode waitFor(String what, String js, Duration timeout) {
        ObjectNode args = JSON.createObjectNode().put("js", js).put("timeoutMs", timeout.toMillis());
        try {
            return call("waitFor", args, timeout.plusSeconds(10));
        } catch (AssertionError e) {
            throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + ": " + e.getMessage(), e);
        }
    }

    /** The text of the element matching a CSS selector (null if there is none). */
    String text(String selector) {
        JsonNode value = eval("document.querySelector(" + quote(selector) + ")?.textContent ?? null");
        return value.isNull() ? null : value.asText();
    }

    void hover(String selector) {
        call("hover", JSON.createObjectNode().put("selector", selector), Duration.ofSeconds(10));
    }

    void click(String selector) {
        call("click", JSON.createObjectNode().put("selector", selector), Duration.ofSeconds(10));
    }

    void screenshot(Path path) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        call("screenshot", JSON.createObjectNode().put("path", path.toAbsolutePath().toString()), Duration.ofSeconds(30));
    }

    /** Every request the page made so far ({method, url}) and every console or page error. */
    JsonNode log() {
        return call("log", JSON.createObjectNode(), Duration.ofSeconds(10));
    }

    /** A JavaScript string literal. */
    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private synchronized JsonNode call(String op, ObjectNode args, Duration timeout) {
        long id = ++nextId;
        args.put("id", id).put("op", op);
        try {
            commands.write(JSON.writeValueAsString(args));
            commands.newLine();
            commands.flush();
            String line = CompletableFuture.supplyAsync(this::readLine).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("the browser driver exited during " + op + ":\n" + Files.readString(stderr));
            }
            JsonNode answer = JSON.readTree(line);
            if (answer.get("id").asLong() != id) {
                throw new AssertionError("answer " + answer + " is not for command " + id);
            }
            if (!answer.get("ok").asBoolean()) {
                throw new AssertionError(op + " failed: " + answer.get("error").asText());
            }
            return answer.get("value");
        } catch (IOException e) {
            throw new AssertionError(op + ": cannot talk to the browser driver: " + e, e);
        } catch (TimeoutException e) {
            throw new AssertionError(op + ": no answer from the browser driver within " + timeout, e);
        } catch (ExecutionException e) {
            throw new AssertionError(op + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(op + " interrupted", e);
        }
    }

    private String readLine() {
        try {
            return answers.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                call("close", JSON.createObjectNode(), Duration.ofSeconds(15));
            }
        } catch (AssertionError e) {
            // closing anyway
        } finally {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException e) {
                // a temp file
            }
        }
    }

    /** A finished command: exit code and its output (stdout and stderr together). */
    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Duration timeout) {
        try {
            Path output = Files.createTempFile("pulse-browser-setup", ".log");
            try {
                Process process = new ProcessBuilder(new ArrayList<>(command)).directory(PROJECT.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, "timed out after " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(output).strip());
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
