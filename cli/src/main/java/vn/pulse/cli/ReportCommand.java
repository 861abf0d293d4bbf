package vn.pulse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./pulse report}: downloads a situation report from a running API
 * ({@code GET /api/v1/reports/situation}) into a file. The API builds and renders it; this command
 * only asks, authenticates like any client (a bearer token of {@code api.auth.tokens}) and saves.
 */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Saves the situation report of a period (vaccination, border gates,",
            "checkpoint screenings, congestion alerts) from a running API.",
            "",
            "Example: ./pulse report --from 2021-01-01 --to 2022-01-09 --format pdf --out report.pdf",
            "",
            "Exit status: 0 saved, 1 the API refused the request (its reason is",
            "printed), 2 the API could not be reached or the file not written."})
final class ReportCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The API's query parameters and the options that set them, to name the option a refusal is about. */
    private static final Map<String, String> OPTIONS = Map.of("from", "--from", "to", "--to", "lang", "--lang", "format", "--format");

    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First day of the period.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last day of the period (included).")
    String to;

    @Option(names = "--format", defaultValue = "pdf", description = "pdf, docx, html or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--lang", defaultValue = "vi", description = "vi or en (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to save the report.")
    Path out;

    @Option(names = "--api", defaultValue = "${env:PULSE_API_URL:-http://127.0.0.1:8080}",
            description = "The API's base URL (default: ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--token", defaultValue = "${env:PULSE_API_TOKEN}",
            description = {"A bearer token of the API's api.auth.tokens (default: the environment",
                "variable PULSE_API_TOKEN; none for a local run)."})
    String token;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        URI uri;
        try {
            uri = URI.create(api.replaceAll("/+$", "") + "/api/v1/reports/situation?from=" + encode(from) + "&to=" + encode(to)
                    + "&lang=" + encode(lang) + "&format=" + encode(format));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--api': '" + api + "' is not a URL");
        }
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            err.println("pulse report: cannot write " + out + ": no such directory " + folder);
            return 2;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.trim());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
        Path partial = out.resolveSibling(out.getFileName() + ".part");
        HttpResponse<Path> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofFile(partial));
        } catch (IOException e) {
            FileSystemException file = e instanceof FileSystemException f ? f
                    : e.getCause() instanceof FileSystemException f ? f : null;
            if (file != null) {
                err.println("pulse report: cannot write " + out + ": " + file.getMessage());
            } else {
                err.println("pulse report: cannot reach the API at " + api + ": " + e.getMessage());
            }
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        try {
            if (response.statusCode() != 200) {
                err.println("pulse report: " + refusal(response.statusCode(), Files.readString(partial, StandardCharsets.UTF_8)));
                Files.deleteIfExists(partial);
                return 1;
            }
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
            stdout.printf("Saved the situation report %s to %s as %s (%s, %,d bytes)%n", from, to, out, lang, Files.size(out));
            stdout.flush();
            return 0;
        } catch (IOException e) {
            err.println("pulse report: cannot write " + out + ": " + e.getMessage());
            return 2;
        }
    }

    /** What the API's problem answer says, naming the option at fault. */
    static String refusal(int status, String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            String detail = problem.path("detail").asText(problem.path("title").asText("HTTP " + status));
            String parameter = problem.path("parameter").asText(null);
            if (parameter != null && OPTIONS.containsKey(parameter)) {
                return "the API refused " + OPTIONS.get(parameter) + ": " + detail;
            }
            if (status == 401) {
                return "the API needs a bearer token (--token or PULSE_API_TOKEN): " + detail;
            }
            return "the API answered " + status + ": " + detail;
        } catch (IOException e) {
            return "the API answered " + status;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
