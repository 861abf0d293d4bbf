package vn.pulse.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Assumptions;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.TopicProvisioner;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.platform.LocalKafka;

/**
 * The real broker a test runs against, as handed to test classes by {@link KafkaBrokerExtension}.
 * All test classes of a JVM share it, so each test names its topics and application ids with
 * {@link #uniqueName(String)} and never sees another test's data.
 */
public final class KafkaBroker {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final String bootstrapServers;
    private final LocalKafka kafka;

    /** @param kafka the in-process broker, or null when the broker runs in a container */
    KafkaBroker(String bootstrapServers, LocalKafka kafka) {
        this.bootstrapServers = bootstrapServers;
        this.kafka = kafka;
    }

    public String bootstrapServers() {
        return kafka != null ? kafka.bootstrapServers() : bootstrapServers;
    }

    /** A name no other test in this run uses: {@code prefix-<run>-<n>}. */
    public String uniqueName(String prefix) {
        return prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    /** A copy of {@code spec} with a unique name, created on the broker. */
    public TopicSpec createUnique(TopicSpec spec) {
        TopicSpec unique = new TopicSpec(uniqueName(spec.name()), spec.partitions(), spec.role(), spec.retention());
        create(unique);
        return unique;
    }

    /**
     * Every topic of the catalogue under a name no other test uses, created on the broker: pass the
     * result to the topology, the writers and the readers alike.
     */
    public TopicNames createUniqueTopics() {
        TopicNames names = TopicNames.renamed(spec -> uniqueName(spec.name()));
        create(names.specs());
        return names;
    }

    /** Creates the given topics if they are missing. */
    public void create(TopicSpec... specs) {
        create(Arrays.asList(specs));
    }

    public void create(List<TopicSpec> specs) {
        try (Admin admin = admin()) {
            TopicProvisioner.ensure(admin, specs, (short) 1);
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /**
     * The in-process broker itself, for the few tests that stop and restart it; such a test is skipped
     * (assumption) when the broker runs in a container ({@code -Dpulse.kafka=testcontainers}).
     */
    public LocalKafka localKafka() {
        Assumptions.assumeTrue(kafka != null, "this test controls the in-process broker; the broker here is a container");
        return kafka;
    }
}
