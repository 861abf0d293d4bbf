package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.platform.LocalKafka;

/**
 * Every PromQL query of every Grafana dashboard and every alert rule in {@code deploy/} returns data
 * from a real Prometheus (Debian's {@code prometheus} package) scraping a real local run with a live
 * feed: a renamed metric, a label that does not exist or a query that does not parse fails the build
 * instead of showing "No data" in an operator's dashboard. {@code promtool} checks the config and the
 * rules file.
 *
 * <p>Without the {@code prometheus} binary (or {@code PULSE_PROMETHEUS_BIN}) the test is skipped,
 * saying so; {@code PULSE_REQUIRE_PROMETHEUS=true} (set by {@code .ci/run}) turns that into a failure.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class PrometheusIT {

    static final Path DEPLOY = Path.of("../deploy");
    static final Path DASHBOARDS = DEPLOY.resolve("grafana/dashboards");
    static final Path PROMETHEUS_CONFIG = DEPLOY.resolve("prometheus/prometheus.yml");
    static final Path RULES = DEPLOY.resolve("prometheus/rules/pulse-alerts.yml");
    /** Grafana's rate window variable; Prometheus gets a fixed window (a few 1 s scrapes are enough). */
    static final String RATE_INTERVAL = "$__rate_interval";
    /** The rules file's convention: {@code <query that always has series> <comparison> <number>}. */
    static final Pattern RULE_SHAPE = Pattern.compile("^(.*\\S)\\s*(==|!=|>=|<=|>|<)\\s*(-?[0-9.]+)$", Pattern.DOTALL);
    /**
     * Metrics of the Kafka exporter, which only docker-compose runs (job "kafka" of
     * deploy/compose/prometheus.yml): their panels must parse here, their data cannot be seen.
     */
    static final Pattern KAFKA_EXPORTER_METRIC = Pattern.compile("\\bkafka_(brokers|consumergroup_\\w+|topic_partition\\w*)\\b");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DATA_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void everyDashboardQueryAndAlertRuleReturnsDataFromTheLocalRun() throws Exception {
        Path prometheus = prometheusBinary();
        Path promtool = prometheus.resolveSibling("promtool");
        Path work = Path.of("target/prometheus-it");
        deleteRecursively(work);
        Files.createDirectories(work.resolve("rules"));

        int[] ports = LocalKafka.freePorts("127.0.0.1", 3);
        LocalRunOptions options = new LocalRunOptions(dataDir, true, "127.0.0.1", ports[0], ports[1], 0, 0, 0,
                Feeds.LIVE, 20);
        try (LocalRun run = LocalRun.start(options)) {
            Path config = writeConfig(run, work);
            assertCommandSucceeds(work, promtool.toString(), "check", "config", config.toAbsolutePath().toString());
            assertCommandSucceeds(work, promtool.toString(), "check", "rules", RULES.toAbsolutePath().toString());

            String prometheusUrl = "http://127.0.0.1:" + ports[2];
            Process server = new ProcessBuilder(prometheus.toString(),
                    "--config.file=" + config.toAbsolutePath(),
                    "--storage.tsdb.path=" + work.resolve("data").toAbsolutePath(),
                    "--web.listen-address=127.0.0.1:" + ports[2])
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("prometheus.log").toFile())
                    .start();
            try {
                awaitAllTargetsUp(prometheusUrl);
                Map<String, String> queries = dashboardQueries();
                Map<String, String> rules = loadedRules(prometheusUrl);
                assertThat(queries).hasSizeGreaterThan(20);
                Map<String, String> composeOnly = new LinkedHashMap<>();
                queries.entrySet().removeIf(q -> KAFKA_EXPORTER_METRIC.matcher(q.getValue()).find()
                        && composeOnly.put(q.getKey(), q.getValue()) == null);
                assertThat(composeOnly).as("panels on the Kafka exporter's metrics").hasSizeBetween(1, 6);
                for (String expression : composeOnly.values()) {
                    query(prometheusUrl, expression); // parses; returns nothing without the exporter
                }
                assertThat(rules).hasSizeGreaterThanOrEqualTo(10);
                for (var rule : rules.entrySet()) {
                    // The whole expression parses (it returns nothing while all is well) ...
                    query(prometheusUrl, rule.getValue());
                    // ... and what it compares exists.
                    queries.put("rule " + rule.getKey(), watched(rule.getKey(), rule.getValue()));
                }
                awaitEverySeries(prometheusUrl, queries);
            } finally {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    /** Where Prometheus is, or a skip (a failure under {@code PULSE_REQUIRE_PROMETHEUS=true}). */
    private static Path prometheusBinary() {
        Optional<Path> found = Stream.of(System.getenv("PULSE_PROMETHEUS_BIN"), "/usr/bin/prometheus", "/usr/local/bin/prometheus")
                .filter(p -> p != null && !p.isBlank())
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
        String why = "no prometheus binary (install Debian's 'prometheus' package, or set PULSE_PROMETHEUS_BIN)";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("PULSE_REQUIRE_PROMETHEUS"))) {
            fail("PULSE_REQUIRE_PROMETHEUS is set but the Prometheus test cannot run: " + why);
        }
        assumeTrue(found.isPresent(), () -> "Skipping the Prometheus test: " + why);
        return found.orElseThrow();
    }

    /** deploy/prometheus/prometheus.yml with this run's ports, a 1 s interval, and the rules next to it. */
    private static Path writeConfig(LocalRun run, Path work) throws IOException {
        String config = Files.readString(PROMETHEUS_CONFIG);
        config = replaceOnce(config, "127.0.0.1:8080", hostPort(run.apiUrl()));
        config = replaceOnce(config, "127.0.0.1:8081", hostPort(run.registryUrl()));
        config = replaceOnce(config, "127.0.0.1:8083", hostPort(run.streamsUrl()));
        config = replaceOnce(config, "127.0.0.1:8082", hostPort(run.ingestUrl()));
        config = replaceOnce(config, "scrape_interval: 5s", "scrape_interval: 1s");
        config = replaceOnce(config, "evaluation_interval: 5s", "evaluation_interval: 1s");
        Files.copy(RULES, work.resolve("rules").resolve(RULES.getFileName()));
        Path written = work.resolve("prometheus.yml");
        Files.writeString(written, config);
        return written;
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text.split(Pattern.quote(from), -1)).as("'%s' occurs once in %s", from, PROMETHEUS_CONFIG).hasSize(2);
        return text.replace(from, to);
    }

    private static String hostPort(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    private static void awaitAllTargetsUp(String prometheusUrl) {
        // Prometheus may take a while to listen on a loaded machine: a refused connection is retried.
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(java.net.ConnectException.class).untilAsserted(() -> {
            JsonNode targets = get(prometheusUrl + "/api/v1/targets").path("data").path("activeTargets");
            List<String> jobs = new ArrayList<>();
            for (JsonNode target : targets) {
                assertThat(target.path("health").asText()).as("target %s: %s", target.path("scrapeUrl").asText(),
                        target.path("lastError").asText()).isEqualTo("up");
                jobs.add(target.path("labels").path("job").asText());
            }
            assertThat(jobs).containsExactlyInAnyOrder("pulse-api", "pulse-registry", "pulse-streams", "pulse-ingest");
        });
    }

    /** Every query of every panel of every dashboard, keyed by "dashboard / panel / refId". */
    static Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(DASHBOARDS)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("pipeline-health.json", "command-center.json");
        for (Path file : files) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            collectPanels(dashboard.path("panels"), file.getFileName() + " / ", queries);
        }
        return queries;
    }

    private static void collectPanels(JsonNode panels, String prefix, Map<String, String> queries) {
        for (JsonNode panel : panels) {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", panel.path("title"))
                        .isEqualTo("pulse-prometheus");
                assertThat(panel.path("targets")).as("queries of %s", panel.path("title")).isNotEmpty();
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText().replace(RATE_INTERVAL, "1m");
                assertThat(expr).as("%s: only %s may be a Grafana variable", panel.path("title"), RATE_INTERVAL)
                        .doesNotContain("$");
                queries.put(prefix + panel.path("title").asText() + " / " + target.path("refId").asText(), expr);
            }
            collectPanels(panel.path("panels"), prefix, queries);
        }
    }

    /** Alert rules as Prometheus loaded them (so the file was read and accepted): name → expression. */
    private static Map<String, String> loadedRules(String prometheusUrl) throws IOException, InterruptedException {
        Map<String, String> rules = new LinkedHashMap<>();
        for (JsonNode group : get(prometheusUrl + "/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.put(rule.path("name").asText(), rule.path("query").asText());
            }
        }
        return rules;
    }

    /** The query a rule compares with a threshold (the rules file's convention). */
    static String watched(String rule, String expression) {
        Matcher m = RULE_SHAPE.matcher(expression.trim());
        if (!m.matches()) {
            fail("Rule %s must read '<query> <comparison> <number>' (see the rules file's header): %s", rule, expression);
        }
        return m.group(1);
    }

    private static void awaitEverySeries(String prometheusUrl, Map<String, String> queries) {
        Map<String, String> empty = new LinkedHashMap<>(queries);
        try {
            await().atMost(DATA_WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                for (var it = empty.entrySet().iterator(); it.hasNext(); ) {
                    if (query(prometheusUrl, it.next().getValue()).size() > 0) {
                        it.remove();
                    }
                }
                return empty.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            StringBuilder missing = new StringBuilder();
            empty.forEach((name, expr) -> missing.append("\n  ").append(name).append(": ").append(expr));
            fail("These queries returned no series after %s:%s", DATA_WAIT, missing);
        }
    }

    /** The result of an instant query; fails on a query Prometheus rejects. */
    private static JsonNode query(String prometheusUrl, String promql) throws IOException, InterruptedException {
        JsonNode answer = get(prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(answer.path("status").asText()).as("%s: %s", promql, answer.path("error").asText()).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static void assertCommandSucceeds(Path work, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finishes", String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as("%s:\n%s", String.join(" ", command), output).isZero();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
