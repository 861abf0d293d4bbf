package vn.pulse.producer.feed;

import java.time.Clock;
import java.util.Objects;

/**
 * What a feed needs to write events: where Kafka and the registry are, a clock (live feeds stamp
 * events with it) and a seed (every feed is deterministic for a seed).
 */
public record FeedContext(String bootstrapServers, String registryUrl, Clock clock, long seed) {

    public FeedContext {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(clock, "clock");
    }
}
