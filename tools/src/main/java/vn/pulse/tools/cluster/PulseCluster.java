package vn.pulse.tools.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.api.ApiServer;
import vn.pulse.core.config.Settings;
import vn.pulse.core.topics.TopicProvisioner;
import vn.pulse.core.topics.Topics;
import vn.pulse.platform.LocalKafka;
import vn.pulse.producer.ingest.ApiKeys;
import vn.pulse.producer.ingest.IngestKey;
import vn.pulse.producer.ingest.IngestServer;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.streams.StreamsApp;

/**
 * The pipeline as separate OS processes on one machine: a KRaft broker, the schema registry, N Streams
 * instances (one application id, each its own state directory and ops port), the consumer API and the
 * ingest gateway. Ports are chosen free when the cluster is created and kept for its life, so a
 * restarted service comes back at the same address. Everything it writes lives under
 * {@link Options#runDir()}: {@code kafka/}, {@code streams-<i>/}, {@code logs/<service>.log}.
 *
 * <pre>{@code
 * try (PulseCluster cluster = PulseCluster.create(PulseCluster.Options.defaults(dir)).start()) {
 *     cluster.streams(0).kill();            // kill -9
 *     cluster.streams(0).start().awaitReady(Duration.ofMinutes(1));
 * }
 * }</pre>
 */
public final class PulseCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PulseCluster.class);
    /** How long one service may take to become ready on a loaded 2-core machine. */
    public static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    /**
     * How the cluster runs.
     *
     * @param runDir                 data and logs (created; reused if it exists: the broker keeps its data)
     * @param host                   interface every service binds to
     * @param streamsInstances       Streams processes (0 = none)
     * @param commitInterval         {@code streams.commit-interval}: a long one keeps transactions open longer
     * @param streamsSessionTimeout  how soon a killed Streams instance's tasks move to the others
     * @param withApi                start the consumer API
     * @param withIngest             start the ingest gateway (keys: {@link #siteKey()}, {@link #customsKey()})
     * @param jvm                    how the services' JVMs run
     * @param brokers                1: one combined KRaft node ({@link LocalKafka}); {@value KafkaClusterNode#NODES}: a
     *                               three-node cluster ({@link KafkaClusterNode}, replication 3, {@code min.insync.replicas}
     *                               2) with the first Streams instance connected through one {@link TcpProxy} per broker
     */
    public record Options(Path runDir, String host, int streamsInstances, Duration commitInterval,
                          Duration streamsSessionTimeout, boolean withApi, boolean withIngest, JvmProfile jvm, int brokers) {
        public Options {
            Objects.requireNonNull(runDir, "runDir");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(jvm, "jvm");
            if (streamsInstances < 0) {
                throw new IllegalArgumentException("streamsInstances must be >= 0, was " + streamsInstances);
            }
            if (brokers != 1 && brokers != KafkaClusterNode.NODES) {
                throw new IllegalArgumentException("brokers must be 1 or " + KafkaClusterNode.NODES + ", was " + brokers);
            }
        }

        public Options(Path runDir, String host, int streamsInstances, Duration commitInterval, Duration streamsSessionTimeout,
                       boolean withApi, boolean withIngest, JvmProfile jvm) {
            this(runDir, host, streamsInstances, commitInterval, streamsSessionTimeout, withApi, withIngest, jvm, 1);
        }

        /** One broker, or a three-node cluster with the first Streams instance behind the proxies. */
        public Options withBrokers(int n) {
            return new Options(runDir, host, streamsInstances, commitInterval, streamsSessionTimeout, withApi, withIngest, jvm, n);
        }

        /** Two Streams instances committing every 2 s, session timeout 10 s, API and gateway, on 127.0.0.1, small JVMs. */
        public static Options defaults(Path runDir) {
            return new Options(runDir, "127.0.0.1", 2, Duration.ofSeconds(2), Duration.ofSeconds(10), true, true, JvmProfile.SMALL);
        }

        public Options withJvm(JvmProfile profile) {
            return new Options(runDir, host, streamsInstances, commitInterval, streamsSessionTimeout, withApi, withIngest, profile, brokers);
        }

        public Options withStreamsInstances(int n) {
            return new Options(runDir, host, n, commitInterval, streamsSessionTimeout, withApi, withIngest, jvm, brokers);
        }

        public Options withCommitInterval(Duration d) {
            return new Options(runDir, host, streamsInstances, d, streamsSessionTimeout, withApi, withIngest, jvm, brokers);
        }

        public Options withApi(boolean on) {
            return new Options(runDir, host, streamsInstances, commitInterval, streamsSessionTimeout, on, withIngest, jvm, brokers);
        }

        public Options withIngest(boolean on) {
            return new Options(runDir, host, streamsInstances, commitInterval, streamsSessionTimeout, withApi, on, jvm, brokers);
        }
    }

    private final Options options;
    private final String bootstrapServers;
    private final String registryUrl;
    private final List<ServiceProcess> brokers = new ArrayList<>();
    /** In the three-node mode: one proxy per broker, in front of the first Streams instance's connections; else empty. */
    private final List<TcpProxy> proxies = new ArrayList<>();
    private final ServiceProcess registry;
    private final List<ServiceProcess> streams = new ArrayList<>();
    private final List<Integer> streamsPorts = new ArrayList<>();
    private final ServiceProcess api;
    private final int apiPort;
    private final ServiceProcess ingest;
    private final int ingestPort;
    private final String siteKey = ApiKeys.generate();
    private final String customsKey = ApiKeys.generate();

    private PulseCluster(Options o) {
        this.options = o;
        String host = o.host();
        int[] ports = LocalKafka.freePorts(host, 5 + o.streamsInstances());
        registryUrl = "http://" + host + ":" + ports[2];
        apiPort = ports[3];
        ingestPort = ports[4];
        Path logs = o.runDir().resolve("logs");
        String streamsBootstrap;
        if (o.brokers() == 1) {
            bootstrapServers = host + ":" + ports[0];
            streamsBootstrap = bootstrapServers;
            brokers.add(new ServiceProcess(ServiceProcess.Spec.of("broker", LocalKafka.class, Map.of(),
                            ReadyCheck.kafka(bootstrapServers))
                    .withArgs(List.of(o.runDir().resolve("kafka").toAbsolutePath().toString(), host,
                            Integer.toString(ports[0]), Integer.toString(ports[1]), "6"))
                    .withJvmFlags(o.jvm().flags("512m")), logs));
        } else {
            // Per node: client port, controller port, proxied listener port, and the proxy's port in front of it.
            int[] node = LocalKafka.freePorts(host, 4 * o.brokers());
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            List<String> voters = new ArrayList<>();
            List<String> direct = new ArrayList<>();
            List<String> proxied = new ArrayList<>();
            for (int i = 0; i < o.brokers(); i++) {
                voters.add((i + 1) + "@" + host + ":" + node[4 * i + 1]);
                direct.add(host + ":" + node[4 * i]);
                proxied.add(host + ":" + node[4 * i + 3]);
            }
            bootstrapServers = String.join(",", direct);
            streamsBootstrap = String.join(",", proxied);
            for (int i = 0; i < o.brokers(); i++) {
                brokers.add(new ServiceProcess(ServiceProcess.Spec.of("broker-" + (i + 1), KafkaClusterNode.class, Map.of(),
                                ReadyCheck.kafka(direct.get(i)))
                        .withArgs(KafkaClusterNode.args(o.runDir().resolve("kafka-" + (i + 1)), host, i + 1, clusterId, node[4 * i],
                                node[4 * i + 1], node[4 * i + 2], node[4 * i + 3], String.join(",", voters), 6))
                        .withJvmFlags(o.jvm().flags("512m")), logs));
                proxies.add(TcpProxy.start("broker-" + (i + 1), host, node[4 * i + 3], host, node[4 * i + 2]));
            }
        }
        registry = new ServiceProcess(ServiceProcess.Spec.of("registry", SchemaRegistryServer.class, ServiceProcess.env(
                env("kafka.bootstrap-servers"), bootstrapServers,
                env("registry.host"), host,
                env("registry.port"), Integer.toString(ports[2])),
                ReadyCheck.http(registryUrl + "/health/ready")).withJvmFlags(o.jvm().flags("256m")), logs);
        for (int i = 0; i < o.streamsInstances(); i++) {
            int port = ports[5 + i];
            streamsPorts.add(port);
            streams.add(new ServiceProcess(ServiceProcess.Spec.of("streams-" + (i + 1), StreamsApp.class, ServiceProcess.env(
                    env("kafka.bootstrap-servers"), i == 0 ? streamsBootstrap : bootstrapServers,
                    env("registry.url"), registryUrl,
                    env("streams.application-id"), "pulse-streams",
                    env("streams.state-dir"), o.runDir().resolve("streams-" + (i + 1)).toAbsolutePath().toString(),
                    env("streams.commit-interval"), o.commitInterval().toMillis() + "ms",
                    env("streams.session-timeout"), o.streamsSessionTimeout().toMillis() + "ms",
                    env("streams.http.host"), host,
                    env("streams.http.port"), Integer.toString(port),
                    env("registry.client." + AvroSerdeConfig.MAX_RETRY_TIME_MS), Long.toString(STREAMS_REGISTRY_RETRY.toMillis())),
                    ReadyCheck.http("http://" + host + ":" + port + "/health/ready")).withJvmFlags(o.jvm().flags(STREAMS_HEAP)), logs));
        }
        api = !o.withApi() ? null : new ServiceProcess(ServiceProcess.Spec.of("api", ApiServer.class, ServiceProcess.env(
                env("kafka.bootstrap-servers"), bootstrapServers,
                env("registry.url"), registryUrl,
                env("api.http.host"), host,
                env("api.http.port"), Integer.toString(apiPort)),
                ReadyCheck.http(apiUrl() + "/health/ready")).withJvmFlags(o.jvm().flags("256m")), logs);
        String keys = "harness-site=" + ApiKeys.entry(IngestKey.Role.SITE, List.of(IngestKey.ALL), siteKey)
                + ";harness-customs=" + ApiKeys.entry(IngestKey.Role.CUSTOMS, List.of(IngestKey.ALL), customsKey);
        ingest = !o.withIngest() ? null : new ServiceProcess(ServiceProcess.Spec.of("ingest", IngestServer.class, ServiceProcess.env(
                env("kafka.bootstrap-servers"), bootstrapServers,
                env("registry.url"), registryUrl,
                env("ingest.http.host"), host,
                env("ingest.http.port"), Integer.toString(ingestPort),
                env("ingest.keys"), keys,
                // A load generator, not a client to throttle.
                env("ingest.rate-limit.events-per-second"), "1000000",
                env("ingest.rate-limit.burst"), "1000000"),
                ReadyCheck.http(ingestUrl() + "/health/ready")).withJvmFlags(o.jvm().flags("256m")), logs);
    }

    /** Describes the cluster (ports chosen, nothing started). */
    public static PulseCluster create(Options options) {
        return new PulseCluster(options);
    }

    /**
     * Starts everything and waits until each service is ready: the broker, the topics of
     * {@link Topics#all()}, the registry, then the Streams instances, the API and the gateway together.
     */
    public PulseCluster start() {
        try {
            // The nodes of a cluster together: none is ready before a quorum of controllers runs.
            brokers.forEach(ServiceProcess::start);
            brokers.forEach(b -> b.awaitReady(READY_TIMEOUT));
            try (Admin admin = admin()) {
                TopicProvisioner.ensure(admin, Topics.all(), brokers.size() == 1 ? (short) 1 : KafkaClusterNode.REPLICATION_FACTOR);
            }
            registry.start().awaitReady(READY_TIMEOUT);
            List<ServiceProcess> rest = new ArrayList<>(streams);
            if (api != null) {
                rest.add(api);
            }
            if (ingest != null) {
                rest.add(ingest);
            }
            rest.forEach(ServiceProcess::start);
            rest.forEach(s -> s.awaitReady(READY_TIMEOUT));
            LOG.info("Cluster ready in {}: kafka {}, registry {}, {} Streams, api {}, ingest {}", options.runDir(),
                    bootstrapServers, registryUrl, streams.size(), api == null ? "-" : apiUrl(), ingest == null ? "-" : ingestUrl());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Kills (SIGKILL) and starts a service again, waiting until it is ready. */
    public void killAndRestart(ServiceProcess service) {
        service.kill();
        service.start().awaitReady(READY_TIMEOUT);
    }

    /** An admin client of the cluster's broker (the caller closes it). */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public Options options() {
        return options;
    }

    /** The broker (the first node of a cluster). */
    public ServiceProcess broker() {
        return brokers.get(0);
    }

    /** Every broker: one, or the nodes of the cluster (node id i + 1 at index i). */
    public List<ServiceProcess> brokers() {
        return Collections.unmodifiableList(brokers);
    }

    /** The proxies in front of the first Streams instance, one per broker (node id i + 1 at index i); empty with one broker. */
    public List<TcpProxy> proxies() {
        return Collections.unmodifiableList(proxies);
    }

    public ServiceProcess registry() {
        return registry;
    }

    /** The i-th Streams instance, from 0. */
    public ServiceProcess streams(int i) {
        return streams.get(i);
    }

    public List<ServiceProcess> streamsInstances() {
        return Collections.unmodifiableList(streams);
    }

    /** The API process; an error if the options left it out. */
    public ServiceProcess api() {
        return Objects.requireNonNull(api, "the cluster runs without the API");
    }

    /** The gateway process; an error if the options left it out. */
    public ServiceProcess ingest() {
        return Objects.requireNonNull(ingest, "the cluster runs without the ingest gateway");
    }

    /** Every service, in start order. */
    public List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>(brokers);
        all.add(registry);
        all.addAll(streams);
        if (api != null) {
            all.add(api);
        }
        if (ingest != null) {
            all.add(ingest);
        }
        return all;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public String apiUrl() {
        return "http://" + options.host() + ":" + apiPort;
    }

    public String ingestUrl() {
        return "http://" + options.host() + ":" + ingestPort;
    }

    /** The ops base URL of the i-th Streams instance ({@code /health/ready}, {@code /metrics}). */
    public String streamsUrl(int i) {
        return "http://" + options.host() + ":" + streamsPorts.get(i);
    }

    /** A gateway key of role {@code site} for every district: doses and corrections. */
    public String siteKey() {
        return siteKey;
    }

    /** A gateway key of role {@code customs} for every gate: gate events and screenings. */
    public String customsKey() {
        return customsKey;
    }

    /**
     * Stops every service that runs (SIGTERM, clean), in reverse start order; the nodes of a cluster
     * together: stopped one after the other, the last would wait for a controller quorum that the
     * others took with them (its controlled shutdown then never ends, and it is killed after 30 s).
     */
    @Override
    public void close() {
        List<ServiceProcess> all = services();
        all.removeAll(brokers);
        Collections.reverse(all);
        all.forEach(PulseCluster::stopQuietly);
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess b : brokers) {
            Thread t = new Thread(() -> stopQuietly(b), "pulse-cluster-stop-" + b.name());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        proxies.forEach(TcpProxy::close);
    }

    private static void stopQuietly(ServiceProcess s) {
        try {
            s.stop(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.warn("Stopping {} failed: {}", s.name(), e.toString());
        }
    }

    /**
     * A Streams instance's heap: its state lives off the heap in RocksDB (bounded by {@code streams.rocksdb.memory-mib},
     * 64 MiB), so the heap holds the record cache, client buffers and records in flight: 92-120 MiB live after a
     * full collection over the whole 2021 scenario, in bulk. 192 MiB would bring row 8 under 512 MiB but made row 7
     * 60 % slower (docs/benchmarks.md, rows 7-8, "Streams memory at the full border year").
     */
    public static final String STREAMS_HEAP = "256m";

    /**
     * How long a Streams instance retries the registry for one schema before its stream thread fails and is
     * replaced (the serdes' default is 30 s): an instance that meets the crash harness's registry outage
     * says so in its log after this, and the outage, which lasts until it has, ends that much sooner.
     */
    static final Duration STREAMS_REGISTRY_RETRY = Duration.ofSeconds(10);

    private static String env(String key) {
        return Settings.envName(key);
    }
}
