package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import vn.pulse.api.ApiConfig;
import vn.pulse.core.config.Settings;
import vn.pulse.producer.ingest.IngestConfig;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * docker-compose.yml checked without Docker: pinned images, environment variables the receiving
 * service really reads, Prometheus targets that exist, mounted files that exist, no host-port clash.
 * (SnakeYAML rather than Jackson's YAML: the file uses YAML merge keys, which only SnakeYAML resolves.)
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final Path PROMETHEUS = ROOT.resolve("deploy/compose/prometheus.yml");

    /** Where a third-party service listens inside the network (our services: their *.http.port). */
    private static final Map<String, Set<Integer>> THIRD_PARTY_PORTS = Map.of(
            "apache/kafka", Set.of(9092, 29092, 9093),
            "confluentinc/cp-schema-registry", Set.of(8081),
            "prom/prometheus", Set.of(9090),
            "prom/alertmanager", Set.of(9093),
            "danielqsj/kafka-exporter", Set.of(9308),
            "grafana/grafana", Set.of(3000));

    /** The services users reach from other machines; everything else is published on loopback only. */
    private static final Set<String> USER_FACING = Set.of("api-1", "api-2", "ingest", "grafana");
    /** Names of variables that hold a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(TOKEN|KEYS?|PASSWORD|SECRET|CREDENTIAL|USER_INFO|JAAS|WEBHOOK).*");
    /** A required variable: compose stops with the message when it is unset or empty. */
    private static final Pattern REQUIRED = Pattern.compile("^\\$\\{([A-Z0-9_]+):\\?[^}]+}$");
    /** Secrets once shipped as defaults, or a default anyone would guess. */
    private static final List<String> KNOWN_DEFAULT_SECRETS = List.of("pulse-demo-token", "admin:admin", "changeme", "change-me",
            "PASSWORD: admin", "PASSWORD=admin", "password: admin", "secret123");

    private final Map<String, Map<String, Object>> services = services();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) load(COMPOSE).get("services");
    }

    private static String image(Map<String, Object> service) {
        return (String) service.get("image");
    }

    /** {@code pulse/streams:0.1.0} → {@code pulse/streams}. */
    private static String repository(String image) {
        String withoutDigest = image.split("@", 2)[0];
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new TreeMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of())).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return list == null ? List.of() : ((List<Object>) list).stream().map(String::valueOf).toList();
    }

    /** The keys (with defaults) that a Pulse image's config loader reads. */
    private static Map<String, String> knownKeys(String repository) {
        return switch (repository) {
            case "pulse/cli" -> ToolsConfig.DEFAULTS;
            case "pulse/streams" -> StreamsAppConfig.DEFAULTS;
            case "pulse/api" -> ApiConfig.DEFAULTS;
            case "pulse/ingest" -> IngestConfig.DEFAULTS;
            default -> throw new AssertionError("no config loader known for image " + repository);
        };
    }

    /** Ports a service listens on inside the compose network. */
    private Set<Integer> listeningPorts(String name) {
        Map<String, Object> service = services.get(name);
        assertThat(service).as("compose service '%s'", name).isNotNull();
        String repository = repository(image(service));
        if (THIRD_PARTY_PORTS.containsKey(repository)) {
            return THIRD_PARTY_PORTS.get(repository);
        }
        Map<String, String> keys = knownKeys(repository);
        Set<Integer> ports = new HashSet<>();
        Map<String, String> env = environment(service);
        keys.keySet().stream().filter(k -> k.endsWith(".http.port"))
                .forEach(k -> ports.add(Integer.parseInt(env.getOrDefault(Settings.envName(k), keys.get(k)))));
        return ports;
    }

    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>pulse-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("parent version in pom.xml").isTrue();
        return m.group(1);
    }

    @Test
    void everyImageIsPinnedAndOurImagesCarryTheProjectVersion() throws IOException {
        String version = projectVersion();
        assertThat(services).isNotEmpty();
        // The broker the integration tests run in a container (-Dpulse.kafka=testcontainers) is the deployment's.
        assertThat(image(services.get("kafka"))).isEqualTo(KafkaBrokerExtension.CONTAINER_IMAGE);
        services.forEach((name, service) -> {
            String image = image(service);
            assertThat(image).as("image of %s", name).isNotBlank();
            boolean digest = image.contains("@sha256:");
            String tag = image.substring(repository(image).length()).replaceFirst("^:", "").split("@", 2)[0];
            assertThat(digest || !tag.isEmpty()).as("%s: image %s has a tag or a digest", name, image).isTrue();
            assertThat(tag).as("%s: image %s is pinned", name, image).isNotEqualTo("latest");
            if (image.startsWith("pulse/")) {
                assertThat(tag).as("%s: our image is the one this build makes", name).isEqualTo(version);
            }
        });
    }

    @Test
    void everyEnvironmentVariableOfOurServicesIsReadByThatService() {
        int checked = 0;
        for (var e : services.entrySet()) {
            String repository = repository(image(e.getValue()));
            if (!repository.startsWith("pulse/") || repository.equals("pulse/ingest")) {
                continue;
            }
            checked++;
            Set<String> known = Settings.of(knownKeys(repository), Map.of()).environmentVariables();
            // Also read: the JVM's own JAVA_TOOL_OPTIONS, glibc's MALLOC_ARENA_MAX, and client properties passed
            // through by prefix (PULSE_KAFKA_CLIENT_*, PULSE_REGISTRY_CLIENT_*: Settings.PASS_THROUGH_PREFIXES).
            Set<String> keyed = new java.util.TreeSet<>(environment(e.getValue()).keySet());
            keyed.removeIf(name -> name.equals("JAVA_TOOL_OPTIONS") || name.equals("MALLOC_ARENA_MAX") || Settings.PASS_THROUGH_PREFIXES.stream()
                    .anyMatch(prefix -> name.startsWith(Settings.envName(prefix))));
            assertThat(keyed).as("environment of %s (%s reads %s)", e.getKey(), repository, known).isSubsetOf(known);
        }
        assertThat(checked).as("services checked").isGreaterThanOrEqualTo(5);
    }

    @Test
    void theIngestGatewaysEnvironmentIsReadByIt() {
        Set<String> known = Settings.of(IngestConfig.DEFAULTS, Map.of()).environmentVariables();
        assertThat(environment(services.get("ingest")).keySet()).as("environment of ingest (reads %s)", known).isSubsetOf(known);
    }

    @Test
    void servicesListenOnAllInterfacesAndPublishTheirOwnPort() {
        services.forEach((name, service) -> {
            if (!image(service).startsWith("pulse/")) {
                return;
            }
            environment(service).forEach((k, v) -> {
                if (k.endsWith("_HTTP_HOST")) {
                    assertThat(v).as("%s: %s (a container must listen beyond its loopback)", name, k).isEqualTo("0.0.0.0");
                }
            });
            for (String mapping : strings(service.get("ports"))) {
                int containerPort = Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
                assertThat(listeningPorts(name)).as("%s publishes %s", name, mapping).contains(containerPort);
            }
        });
    }

    @Test
    void noTwoServicesPublishTheSameHostPort() {
        Map<String, String> owners = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            for (String mapping : strings(service.get("ports"))) {
                String[] parts = mapping.split(":");
                assertThat(parts).as("%s: port mapping %s names host and container port", name, mapping).hasSizeGreaterThanOrEqualTo(2);
                String hostPort = parts[parts.length - 2];
                String previous = owners.putIfAbsent(hostPort, name);
                assertThat(previous).as("host port %s published by %s and %s", hostPort, previous, name).isNull();
            }
        });
        assertThat(owners).containsKeys("8080", "8081", "8082", "9092", "9090", "3000");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryServiceOnItsNameAndPort() {
        Map<String, Object> config = load(PROMETHEUS);
        Set<String> scraped = new HashSet<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
            List<String> targets = new ArrayList<>();
            for (Map<String, Object> sc : (List<Map<String, Object>>) job.getOrDefault("static_configs", List.of())) {
                targets.addAll(strings(sc.get("targets")));
            }
            for (Map<String, Object> dns : (List<Map<String, Object>>) job.getOrDefault("dns_sd_configs", List.of())) {
                strings(dns.get("names")).forEach(n -> targets.add(n + ":" + dns.get("port")));
            }
            assertThat(targets).as("targets of job %s", job.get("job_name")).isNotEmpty();
            for (String target : targets) {
                String host = target.substring(0, target.lastIndexOf(':'));
                int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
                assertThat(services).as("job %s: target %s is a compose service", job.get("job_name"), target).containsKey(host);
                assertThat(listeningPorts(host)).as("job %s: %s listens on %d", job.get("job_name"), host, port).contains(port);
                scraped.add(host);
            }
        }
        services.forEach((name, service) -> {
            String repository = repository(image(service));
            if (repository.startsWith("pulse/") && !listeningPorts(name).isEmpty()) {
                assertThat(scraped).as("every Pulse HTTP service is scraped").contains(name);
            }
        });
        // The rules the compose Prometheus loads are the repository's.
        assertThat(strings(config.get("rule_files"))).containsExactly("/etc/prometheus/rules/*.yml");
        assertThat(strings(services.get("prometheus").get("volumes")))
                .contains("./deploy/compose/prometheus.yml:/etc/prometheus/prometheus.yml:ro", "./deploy/prometheus/rules:/etc/prometheus/rules:ro");
    }

    @Test
    void everyMountedRepositoryPathExistsAndGrafanaGetsItsProvisioning() throws IOException {
        services.forEach((name, service) -> {
            for (String volume : strings(service.get("volumes"))) {
                if (volume.startsWith("./")) {
                    Path source = ROOT.resolve(volume.split(":")[0]).normalize();
                    assertThat(source).as("%s mounts %s", name, volume).exists();
                }
            }
        });
        assertThat(ROOT.resolve("deploy/prometheus/rules/pulse-alerts.yml")).isRegularFile();
        assertThat(ROOT.resolve("deploy/grafana/provisioning/datasources")).isDirectoryContaining("glob:**.yml");
        assertThat(ROOT.resolve("deploy/grafana/provisioning/dashboards")).isDirectoryContaining("glob:**.yml");
        assertThat(ROOT.resolve("deploy/grafana/dashboards")).isDirectoryContaining("glob:**.json");
        Map<String, Object> grafana = services.get("grafana");
        assertThat(strings(grafana.get("volumes"))).contains(
                "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        // The provisioned datasource reads PROMETHEUS_URL; the dashboard provider reads /var/lib/grafana/dashboards.
        assertThat(Files.readString(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"))).contains("${PROMETHEUS_URL}");
        assertThat(Files.readString(ROOT.resolve("deploy/grafana/provisioning/dashboards/pulse.yml"))).contains("/var/lib/grafana/dashboards");
        assertThat(environment(grafana)).containsEntry("PROMETHEUS_URL", "http://prometheus:9090");
        assertThat(listeningPorts("prometheus")).contains(9090);
    }

    @Test
    @SuppressWarnings("unchecked")
    void startsInOrderWithoutAManualStep() {
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn instanceof Map<?, ?> map) {
                ((Map<String, Map<String, Object>>) map).forEach((dependency, condition) -> {
                    assertThat(services).as("%s depends on %s", name, dependency).containsKey(dependency);
                    if ("service_healthy".equals(condition.get("condition"))) {
                        assertThat(services.get(dependency)).as("%s waits for %s to be healthy", name, dependency).containsKey("healthcheck");
                    }
                });
            }
            List<String> command = strings(service.get("command"));
            boolean feeder = !command.isEmpty() && command.get(0).equals("feed");
            boolean oneShot = command.stream().anyMatch(c -> c.equals("create") || c.equals("publish") || c.equals("--feed=" + Feeds.REPLAY));
            assertThat(service.get("restart")).as("%s restart policy", name).isEqualTo(oneShot ? "on-failure" : "unless-stopped");
            if (feeder) {
                // A feeder has no HTTP port to check; nothing waits for it.
                services.values().forEach(other -> assertThat(String.valueOf(other.get("depends_on"))).doesNotContain(name + "="));
            } else if (!oneShot) {
                assertThat(service).as("%s has a health check", name).containsKey("healthcheck");
            }
        });
        // Reads need a token (read auth on).
        assertThat(environment(services.get("api-1")).get("PULSE_API_AUTH_TOKENS")).isNotBlank();
        assertThat(environment(services.get("api-2")).get("PULSE_API_AUTH_TOKENS")).isNotBlank();
        assertThat(environment(services.get("streams"))).containsEntry("PULSE_STREAMS_STATE_DIR", "/var/lib/pulse/streams");
        assertThat(strings(services.get("streams").get("volumes"))).contains("/var/lib/pulse/streams");
    }

    @Test
    void dockerComposeAcceptsTheFileWhereAnEngineAnswers() throws Exception {
        Assumptions.assumeTrue(succeeds("docker", "compose", "version"), "no 'docker compose' client here: 'docker compose config' not run");
        Assumptions.assumeTrue(succeeds("docker", "info"), "no Docker engine answers 'docker info' here: 'docker compose config' not run");
        // With every required secret set (placeholders), compose accepts the file; without them it refuses.
        Set<String> required = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(Files.readString(COMPOSE));
        while (m.find()) {
            required.add(m.group(1));
        }
        assertThat(required).isNotEmpty();
        ProcessBuilder withSecrets = new ProcessBuilder("docker", "compose", "-f", COMPOSE.toString(), "--env-file", "/dev/null",
                "--profile", "demo", "--profile", "replay", "config", "--quiet").redirectErrorStream(true);
        required.forEach(variable -> withSecrets.environment().put(variable, "placeholder-" + variable.toLowerCase()));
        Process p = withSecrets.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        ProcessBuilder withoutSecrets = new ProcessBuilder("docker", "compose", "-f", COMPOSE.toString(), "--env-file", "/dev/null",
                "config", "--quiet").redirectErrorStream(true);
        required.forEach(variable -> withoutSecrets.environment().remove(variable));
        Process refused = withoutSecrets.start();
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.exitValue()).as(output).isNotZero();
        assertThat(output).contains("set ");
    }

    private static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- secrets, published ports, profiles, Kafka's metrics and alerting

    @Test
    void everySecretIsRequiredWithoutADefault() throws IOException {
        Set<String> required = new TreeSet<>();
        services.forEach((name, service) -> environment(service).forEach((variable, value) -> {
            if (SECRET_NAME.matcher(variable).matches()) {
                Matcher m = REQUIRED.matcher(value);
                assertThat(m.matches()).as("%s: %s='%s' must be ${VAR:?message} (no default secret)", name, variable, value).isTrue();
                required.add(m.group(1));
            }
        }));
        assertThat(required).contains("PULSE_API_TOKENS", "PULSE_INGEST_KEYS", "GRAFANA_ADMIN_PASSWORD", "ALERT_WEBHOOK_URL");
        assertThat(environment(services.get("api-1"))).containsEntry("PULSE_API_AUTH_TOKENS", environment(services.get("api-2")).get("PULSE_API_AUTH_TOKENS"));

        // No default of a secret-named variable and no known default secret, in this file or under deploy/.
        Pattern withDefault = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(:?-)([^}]*)}");
        List<Path> files = new ArrayList<>(List.of(COMPOSE));
        try (var walk = Files.walk(ROOT.resolve("deploy"))) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = withDefault.matcher(text);
            while (m.find()) {
                assertThat(SECRET_NAME.matcher(m.group(1)).matches()).as("%s: %s gives the secret %s a default", ROOT.relativize(file),
                        m.group(), m.group(1)).isFalse();
            }
            for (String known : KNOWN_DEFAULT_SECRETS) {
                assertThat(text).as("%s holds the default secret '%s'", ROOT.relativize(file), known).doesNotContainIgnoringCase(known);
            }
        }

        // .env.example names every required variable and holds no value; .env itself is never committed.
        Map<String, String> example = new TreeMap<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(line).as(".env.example line").contains("=");
                example.put(line.substring(0, line.indexOf('=')).trim(), line.substring(line.indexOf('=') + 1).trim());
            }
        }
        assertThat(example.keySet()).as("variables in .env.example").containsAll(required);
        example.forEach((variable, value) -> {
            if (required.contains(variable)) {
                assertThat(value).as(".env.example: %s has no value", variable).isEmpty();
            }
        });
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains("/.env");
    }

    @Test
    void onlyWhatUsersReachIsPublishedBeyondLoopback() {
        Set<String> published = new TreeSet<>();
        services.forEach((name, service) -> {
            for (String mapping : strings(service.get("ports"))) {
                published.add(name);
                if (!USER_FACING.contains(name)) {
                    assertThat(mapping).as("%s publishes %s: loopback only", name, mapping).startsWith("127.0.0.1:");
                }
            }
        });
        assertThat(published).containsAll(USER_FACING);
        assertThat(published).doesNotContain("kafka-exporter", "streams", "topic-init", "reference-init");
    }

    @Test
    void theDemoProfilesFeedTheStackWithTheCommandsOfTheCliImage() {
        Map<String, List<String>> feeders = new TreeMap<>();
        services.forEach((name, service) -> {
            List<String> command = strings(service.get("command"));
            if (!command.isEmpty() && command.get(0).equals("feed")) {
                assertThat(repository(image(service))).isEqualTo("pulse/cli");
                assertThat(strings(service.get("profiles"))).as("%s runs in a profile only", name).hasSize(1);
                feeders.put(strings(service.get("profiles")).get(0), command);
                assertThat(String.valueOf(service.get("depends_on"))).as("%s starts after the reference data", name)
                        .contains("reference-init={condition=service_completed_successfully}");
                // The command parses as the cli image would run it (no Kafka is reached: --help).
                List<String> withHelp = new ArrayList<>(command);
                withHelp.add("--help");
                picocli.CommandLine cli = new picocli.CommandLine(new PulseCli());
                cli.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
                assertThat(cli.execute(withHelp.toArray(String[]::new))).as("pulse %s", withHelp).isZero();
            }
        });
        assertThat(feeders).containsOnlyKeys("demo", "replay");
        assertThat(feeders.get("demo")).contains("--feed=" + Feeds.LIVE);
        assertThat(feeders.get("replay")).contains("--feed=" + Feeds.REPLAY);
    }

    @Test
    @SuppressWarnings("unchecked")
    void kafkaHasAClusterIdItsMetricsAreScrapedAndShownAndAlertsReachAWebhook() throws IOException {
        assertThat(environment(services.get("kafka")).get("CLUSTER_ID")).as("KRaft cluster id").matches("[A-Za-z0-9_-]{22}");

        Map<String, Object> prometheus = load(PROMETHEUS);
        List<String> alertmanagers = new ArrayList<>();
        for (Map<String, Object> am : (List<Map<String, Object>>) ((Map<String, Object>) prometheus.get("alerting")).get("alertmanagers")) {
            for (Map<String, Object> sc : (List<Map<String, Object>>) am.get("static_configs")) {
                alertmanagers.addAll(strings(sc.get("targets")));
            }
        }
        assertThat(alertmanagers).containsExactly("alertmanager:9093");
        assertThat(listeningPorts("alertmanager")).contains(9093);
        boolean exporterScraped = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).stream()
                .anyMatch(job -> String.valueOf(job.get("static_configs")).contains("kafka-exporter:9308"));
        assertThat(exporterScraped).as("Prometheus scrapes the Kafka exporter").isTrue();
        assertThat(strings(services.get("kafka-exporter").get("command"))).contains("--kafka.server=kafka:29092");
        String dashboard = Files.readString(ROOT.resolve("deploy/grafana/dashboards/pipeline-health.json"));
        assertThat(dashboard).contains("kafka_consumergroup_lag", "kafka_topic_partition_current_offset", "kafka_brokers",
                "kafka_topic_partition_under_replicated_partition");

        Map<String, Object> alertmanager = load(ROOT.resolve("deploy/alertmanager/alertmanager.yml"));
        String receiver = (String) ((Map<String, Object>) alertmanager.get("route")).get("receiver");
        List<Map<String, Object>> receivers = (List<Map<String, Object>>) alertmanager.get("receivers");
        Map<String, Object> target = receivers.stream().filter(r -> receiver.equals(r.get("name"))).findFirst().orElseThrow();
        List<Map<String, Object>> webhooks = (List<Map<String, Object>>) target.get("webhook_configs");
        assertThat(webhooks).hasSize(1);
        // The URL (often with a token) is not in the file: the entrypoint writes ALERT_WEBHOOK_URL to url_file.
        assertThat(webhooks.get(0)).containsEntry("url_file", "/tmp/webhook-url").doesNotContainKey("url");
        assertThat(String.join(" ", strings(services.get("alertmanager").get("command"))))
                .contains("\"$$ALERT_WEBHOOK_URL\" > /tmp/webhook-url", "--config.file=/etc/alertmanager/alertmanager.yml");
        assertThat(strings(services.get("alertmanager").get("volumes")))
                .contains("./deploy/alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro");
    }
}
