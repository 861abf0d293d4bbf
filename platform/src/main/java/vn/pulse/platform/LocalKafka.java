package vn.pulse.platform;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running in this JVM, from the
 * same classes the Kafka distribution runs. The data directory is formatted on first start and
 * reused afterwards, so a restart keeps every topic and record.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final LocalKafkaConfig config;
    private final KafkaRaftServer server;
    private boolean closed;

    private LocalKafka(LocalKafkaConfig config, KafkaRaftServer server) {
        this.config = config;
        this.server = server;
    }

    static {
        // Kafka ends the process on a fault it cannot recover from (Exit.exit or Exit.halt, e.g. from its
        // metadata loader). Here that process is ours (a service, a test JVM): say why on stderr, flushed,
        // before it ends, since a halt skips the logging framework's shutdown and its buffered lines.
        Exit.setExitProcedure((status, message) -> {
            reportExit("exit", status, message);
            Runtime.getRuntime().exit(status);
        });
        Exit.setHaltProcedure((status, message) -> {
            reportExit("halt", status, message);
            Runtime.getRuntime().halt(status);
        });
    }

    private static void reportExit(String how, int status, String message) {
        System.err.println("The in-process Kafka asked the JVM to " + how + " with status " + status + ": " + message);
        new Throwable("where Kafka asked to " + how).printStackTrace(System.err);
        System.err.flush();
    }

    /** Formats the data directory if it is new, starts the node and waits until it serves clients. */
    public static LocalKafka start(LocalKafkaConfig config) {
        long started = System.nanoTime();
        Path logDir = config.dataDir().resolve("kraft-logs");
        Properties props = serverProperties(config, logDir);
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(props, config.dataDir());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka data directory " + config.dataDir(), e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LocalKafka kafka = new LocalKafka(config, server);
        try {
            kafka.awaitReady();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.info("Kafka (KRaft) ready at {} in {} ms, data in {}", config.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), config.dataDir().toAbsolutePath());
        return kafka;
    }

    /**
     * Runs the broker as its own process until SIGTERM (a clean shutdown) or SIGKILL:
     * {@code java ... vn.pulse.platform.LocalKafka DATA_DIR HOST PORT CONTROLLER_PORT [PARTITIONS]}. The same
     * data directory and ports on a restart give the same broker: address, topics, records, transactions.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: LocalKafka DATA_DIR HOST PORT CONTROLLER_PORT [PARTITIONS]");
            System.exit(2);
        }
        LocalKafkaConfig config;
        try {
            config = new LocalKafkaConfig(Path.of(args[0]), args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args.length == 5 ? Integer.parseInt(args[4]) : 6);
        } catch (IllegalArgumentException e) {
            System.err.println("LocalKafka: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalKafka kafka = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "local-kafka-shutdown"));
        stopped.await();
    }

    /**
     * {@code count} free ports on {@code host}, for brokers and servers started a moment later. They are taken
     * below the system's ephemeral range (Linux: {@code /proc/sys/net/ipv4/ip_local_port_range}), where the
     * system puts the local end of outgoing connections: a port handed out from that range can be taken by any
     * client's connection before the server binds it (seen as "Address already in use" in the crash harness).
     * Where the range leaves no room below it, above it; where neither, any port the system gives.
     */
    public static int[] freePorts(String host, int count) {
        int[] range = ephemeralRange();
        int low;
        int high;
        if (range[0] - FIRST_PICKED_PORT >= 1_000) {
            low = FIRST_PICKED_PORT;
            high = range[0] - 1;
        } else if (65_535 - range[1] >= 1_000) {
            low = range[1] + 1;
            high = 65_535;
        } else {
            low = 0;
            high = 0;
        }
        int[] ports = new int[count];
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int next = low == 0 ? 0 : low + ThreadLocalRandom.current().nextInt(high - low + 1);
            for (int i = 0; i < count; i++) {
                sockets[i] = bindFree(host, low, high, next);
                ports[i] = sockets[i].getLocalPort();
                next = low == 0 ? 0 : (ports[i] + 1 > high ? low : ports[i] + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on " + host, e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // best effort: the port is released either way
                    }
                }
            }
        }
        return ports;
    }

    /** The lowest port {@link #freePorts} hands out below the ephemeral range. */
    static final int FIRST_PICKED_PORT = 10_000;

    /** A socket bound to the first free port from {@code start} on, wrapping within [low, high]; port 0 when low is 0. */
    private static ServerSocket bindFree(String host, int low, int high, int start) throws IOException {
        if (low == 0) {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, 0));
            return socket;
        }
        int port = start;
        for (int tried = 0; tried <= high - low; tried++) {
            ServerSocket socket = new ServerSocket();
            try {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(host, port));
                return socket;
            } catch (IOException taken) {
                socket.close();
            }
            port = port == high ? low : port + 1;
        }
        throw new IOException("no free port from " + low + " to " + high);
    }

    /** The system's ephemeral port range, {low, high}; Linux's default where it cannot be read. */
    static int[] ephemeralRange() {
        // A /proc file reports no size: read it as a stream (Files.readString returns its first byte only).
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String[] parts = reader.readLine().trim().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32_768, 60_999};
        }
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public LocalKafkaConfig config() {
        return config;
    }

    /** Client properties that reach this broker. */
    public Map<String, Object> clientConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = new IllegalStateException(e.getMessage(), e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers() + " not ready within " + READY_TIMEOUT, last);
    }

    private static Properties serverProperties(LocalKafkaConfig config, Path logDir) {
        String host = config.host();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        StringBuilder listeners = new StringBuilder("PLAINTEXT://" + host + ":" + config.port() + ",CONTROLLER://" + host + ":" + config.controllerPort());
        StringBuilder advertised = new StringBuilder("PLAINTEXT://" + host + ":" + config.port());
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        for (LocalKafkaConfig.Listener extra : config.extraListeners()) {
            listeners.append(',').append(extra.name()).append("://").append(host).append(':').append(extra.port());
            advertised.append(',').append(extra.name()).append("://").append(host).append(':').append(extra.port());
            protocols.append(',').append(extra.name()).append(':').append(extra.securityProtocol());
            String prefix = "listener.name." + extra.name().toLowerCase(Locale.ROOT) + ".";
            extra.properties().forEach((key, value) -> p.put(prefix + key, value));
        }
        p.put("listeners", listeners.toString());
        p.put("advertised.listeners", advertised.toString());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", protocols.toString());
        p.put("controller.quorum.bootstrap.servers", host + ":" + config.controllerPort());
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", Integer.toString(config.partitions()));
        // A single node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Start consumer groups at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are declared (vn.pulse.core.topics.Topics) and created explicitly; a typo must fail.
        p.put("auto.create.topics.enable", "false");
        // Compaction of aggregate topics should be visible within a local run.
        p.put("log.cleaner.backoff.ms", "5000");
        // The cleaner takes its dedupe buffer from the heap when the broker starts (128 MiB by default, about
        // 5 million keys per pass). 32 MiB still cleans 1.3 million keys per pass, more than a local run's
        // compacted topics hold, and lets several brokers share one JVM (the bench's scale rows start four).
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(32 * 1024 * 1024));
        return p;
    }

    private static void format(Properties props, Path dataDir) throws IOException {
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "Written by Pulse for kafka-storage format; the running broker uses the same values");
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString(), "--standalone"}, printer);
        }
        if (code != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + dataDir + " failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
        LOG.info("Formatted new Kafka storage in {} (cluster {})", dataDir.toAbsolutePath(), clusterId);
    }
}
