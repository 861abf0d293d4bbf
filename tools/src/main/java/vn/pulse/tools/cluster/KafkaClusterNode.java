package vn.pulse.tools.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the crash harness's three-node KRaft cluster, as its own process: broker and controller
 * combined, the controllers a static quorum of all nodes, so that any one node may die and the other
 * two keep a quorum, the partitions' leadership and (with {@code min.insync.replicas} 2) the writes.
 * Topics default to replication factor 3 and {@code min.insync.replicas} 2, and so do the offsets and
 * transaction-state topics.
 *
 * <p>Besides its own {@code PLAINTEXT} listener, each node has a {@code PROXIED} listener that it
 * advertises at another port: the port of a {@link TcpProxy} in the harness that forwards to it. A
 * client that bootstraps on the proxies' ports is told the proxies' addresses for every broker, so
 * all its traffic runs through them; every other client talks to the brokers directly.
 *
 * <pre>{@code java ... KafkaClusterNode DATA_DIR HOST NODE_ID CLUSTER_ID PORT CONTROLLER_PORT PROXIED_PORT PROXIED_ADVERTISED_PORT VOTERS PARTITIONS}</pre>
 * with {@code VOTERS} as in {@code controller.quorum.voters} ({@code 1@127.0.0.1:9093,2@...}). The same
 * arguments after a {@code kill -9} give the same node on its data.
 */
public final class KafkaClusterNode {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterNode.class);
    /** The nodes of the cluster. */
    public static final int NODES = 3;
    public static final short REPLICATION_FACTOR = 3;
    public static final int MIN_INSYNC_REPLICAS = 2;
    public static final String PROXIED_LISTENER = "PROXIED";

    private KafkaClusterNode() {
    }

    /** The node's arguments, in {@link #main} order. */
    static List<String> args(Path dataDir, String host, int nodeId, String clusterId, int port, int controllerPort, int proxiedPort,
                             int proxiedAdvertisedPort, String voters, int partitions) {
        return List.of(dataDir.toAbsolutePath().toString(), host, Integer.toString(nodeId), clusterId, Integer.toString(port),
                Integer.toString(controllerPort), Integer.toString(proxiedPort), Integer.toString(proxiedAdvertisedPort), voters,
                Integer.toString(partitions));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 10) {
            System.err.println("usage: KafkaClusterNode DATA_DIR HOST NODE_ID CLUSTER_ID PORT CONTROLLER_PORT PROXIED_PORT"
                    + " PROXIED_ADVERTISED_PORT VOTERS PARTITIONS");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);
        String host = args[1];
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", args[2]);
        p.put("listeners", "PLAINTEXT://" + host + ":" + args[4] + ",CONTROLLER://" + host + ":" + args[5]
                + "," + PROXIED_LISTENER + "://" + host + ":" + args[6]);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + args[4] + "," + PROXIED_LISTENER + "://" + host + ":" + args[7]);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT," + PROXIED_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.quorum.voters", args[8]);
        Path logDir = dataDir.resolve("kraft-logs");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", args[9]);
        p.put("default.replication.factor", Short.toString(REPLICATION_FACTOR));
        p.put("min.insync.replicas", Integer.toString(MIN_INSYNC_REPLICAS));
        p.put("offsets.topic.replication.factor", Short.toString(REPLICATION_FACTOR));
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", Short.toString(REPLICATION_FACTOR));
        p.put("transaction.state.log.min.isr", Integer.toString(MIN_INSYNC_REPLICAS));
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", Short.toString(REPLICATION_FACTOR));
        p.put("share.coordinator.state.topic.min.isr", Integer.toString(MIN_INSYNC_REPLICAS));
        p.put("unclean.leader.election.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.cleaner.backoff.ms", "5000");
        Files.createDirectories(logDir);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(p, dataDir, args[3]);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        LOG.info("Kafka node {} started: clients on {}:{}, proxied listener {} advertised at {}, voters {}", args[2], host, args[4],
                args[6], args[7], args[8]);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            stopped.countDown();
        }, "kafka-node-shutdown"));
        stopped.await();
    }

    private static void format(Properties props, Path dataDir, String clusterId) throws IOException {
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "Written by the Pulse crash harness for kafka-storage format; the node runs with the same values");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, printer);
        }
        if (code != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + dataDir + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
        LOG.info("Formatted Kafka storage in {} (cluster {})", dataDir.toAbsolutePath(), clusterId);
    }
}
