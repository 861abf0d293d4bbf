package vn.pulse.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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

    private final LocalKafka kafka;

    KafkaBroker(LocalKafka kafka) {
        this.kafka = kafka;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
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

    /** The broker itself, for the few tests that stop and restart it. */
    public LocalKafka localKafka() {
        return kafka;
    }
}
