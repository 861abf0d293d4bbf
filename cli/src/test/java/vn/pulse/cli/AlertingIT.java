package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.platform.LocalKafka;

/**
 * Alerts reach people: a real Prometheus (Debian's {@code prometheus}) scrapes a real local run with
 * the repository's rules and sends to a real Alertmanager (Debian's {@code prometheus-alertmanager})
 * configured from {@code deploy/alertmanager/alertmanager.yml}, whose webhook is a server in this
 * test. One scrape target points at a closed port, so {@code PulseServiceDown} fires for it; the
 * webhook must receive it, with its labels and annotations.
 *
 * <p>Differences from compose, each explicit below: the rules' {@code for:} is shortened to 1 s; the
 * webhook URL is given inline because Debian 12's Alertmanager (0.25) predates {@code url_file}.
 * Without the binaries the test is skipped, saying so ({@code PULSE_REQUIRE_ALERTMANAGER=true}, set by
 * {@code .ci/run}, makes that a failure).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@Tag("integration")
@Tag("slow")
class AlertingIT {

    private static final Path ALERTMANAGER_CONFIG = PrometheusIT.DEPLOY.resolve("alertmanager/alertmanager.yml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void aFiringRuleReachesTheWebhookThroughAlertmanager() throws Exception {
        Path prometheus = binary("PULSE_PROMETHEUS_BIN", "prometheus", "prometheus");
        Path alertmanager = binary("PULSE_ALERTMANAGER_BIN", "prometheus-alertmanager", "alertmanager");
        Path work = Path.of("target/alerting-it").toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work.resolve("rules"));

        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/alerts", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received.add(JSON.readTree(body.readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();

        int[] ports = LocalKafka.freePorts("127.0.0.1", 5);
        int prometheusPort = ports[2];
        int alertmanagerPort = ports[3];
        int closedPort = ports[4];
        LocalRunOptions options = new LocalRunOptions(dataDir, true, "127.0.0.1", ports[0], ports[1], 0, 0, 0, Feeds.NONE, 20);
        List<Process> processes = new CopyOnWriteArrayList<>();
        try (LocalRun run = LocalRun.start(options)) {
            // Alertmanager: the repository's routing, this test's webhook.
            String amConfig = replaceOnce(Files.readString(ALERTMANAGER_CONFIG), "url_file: /tmp/webhook-url",
                    "url: http://127.0.0.1:" + webhook.getAddress().getPort() + "/alerts");
            Files.writeString(work.resolve("alertmanager.yml"), amConfig);
            processes.add(start(work, "alertmanager.log", alertmanager.toString(),
                    "--config.file=" + work.resolve("alertmanager.yml"),
                    "--storage.path=" + work.resolve("alertmanager-data"),
                    "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                    "--cluster.listen-address="));

            // Prometheus: the local run's config and rules, the ingest target on a closed port.
            String config = Files.readString(PrometheusIT.PROMETHEUS_CONFIG);
            config = replaceOnce(config, "127.0.0.1:8080", hostPort(run.apiUrl()));
            config = replaceOnce(config, "127.0.0.1:8081", hostPort(run.registryUrl()));
            config = replaceOnce(config, "127.0.0.1:8083", hostPort(run.streamsUrl()));
            config = replaceOnce(config, "127.0.0.1:8082", "127.0.0.1:" + closedPort);
            config = replaceOnce(config, "evaluation_interval: 5s", "evaluation_interval: 1s");
            config += "\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [\"127.0.0.1:" + alertmanagerPort + "\"]\n";
            Files.writeString(work.resolve("prometheus.yml"), config);
            String rules = Pattern.compile("(?m)^(\\s+)for: \\S+$").matcher(Files.readString(PrometheusIT.RULES)).replaceAll("$1for: 1s");
            Files.writeString(work.resolve("rules").resolve(PrometheusIT.RULES.getFileName()), rules);
            processes.add(start(work, "prometheus.log", prometheus.toString(),
                    "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + work.resolve("prometheus-data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort));

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> firing(received).isPresent());
            JsonNode alert = firing(received).orElseThrow();
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(alert.path("labels").path("instance").asText()).isEqualTo("127.0.0.1:" + closedPort);
            assertThat(alert.path("annotations").path("summary").asText()).contains("pulse-ingest").contains("does not answer /metrics");
        } finally {
            for (Process p : processes) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            webhook.stop(0);
        }
    }

    /** The first firing PulseServiceDown alert for pulse-ingest the webhook received. */
    private static Optional<JsonNode> firing(List<JsonNode> received) {
        for (JsonNode message : received) {
            if (!message.path("status").asText().equals("firing")) {
                continue;
            }
            for (JsonNode alert : message.path("alerts")) {
                JsonNode labels = alert.path("labels");
                if (labels.path("alertname").asText().equals("PulseServiceDown") && labels.path("job").asText().equals("pulse-ingest")
                        && alert.path("status").asText().equals("firing")) {
                    return Optional.of(alert);
                }
            }
        }
        return Optional.empty();
    }

    private static Process start(Path work, String log, String... command) throws IOException {
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(log).toFile()).start();
    }

    private static Path binary(String variable, String... names) {
        Optional<Path> found = Stream.concat(Stream.of(System.getenv(variable)),
                        Stream.of(names).flatMap(n -> Stream.of("/usr/bin/" + n, "/usr/local/bin/" + n)))
                .filter(p -> p != null && !p.isBlank())
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
        String why = "no " + names[0] + " binary (Debian's 'prometheus' and 'prometheus-alertmanager' packages, or " + variable + ")";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("PULSE_REQUIRE_ALERTMANAGER"))) {
            fail("PULSE_REQUIRE_ALERTMANAGER is set but the alerting test cannot run: " + why);
        }
        assumeTrue(found.isPresent(), () -> "Skipping the alerting test: " + why);
        return found.orElseThrow();
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text.split(Pattern.quote(from), -1)).as("'%s' occurs once", from).hasSize(2);
        return text.replace(from, to);
    }

    private static String hostPort(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
