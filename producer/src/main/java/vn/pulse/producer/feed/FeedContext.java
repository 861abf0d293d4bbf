package vn.pulse.producer.feed;

import java.time.Clock;
import java.util.Objects;
import vn.pulse.core.config.ClientProperties;

/**
 * What a feed needs to write events: where Kafka and the registry are, a clock (live feeds stamp
 * events with it), a seed (every feed is deterministic for a seed) and the {@code kafka.client.*} /
 * {@code registry.client.*} properties of a secured deployment.
 */
public record FeedContext(String bootstrapServers, String registryUrl, Clock clock, long seed, ClientProperties clients) {

    public FeedContext {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(clock, "clock");
        clients = clients == null ? ClientProperties.NONE : clients;
    }

    /** Plaintext Kafka, plain registry URL (the local run). */
    public FeedContext(String bootstrapServers, String registryUrl, Clock clock, long seed) {
        this(bootstrapServers, registryUrl, clock, seed, ClientProperties.NONE);
    }
}
