package vn.pulse.streams;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;

/**
 * How the Streams app trades freshness for throughput ({@code streams.profile}).
 *
 * <ul>
 *   <li>{@code live}: exactly-once transactions every {@code streams.commit-interval} (100 ms): a change
 *       is on the aggregate topics, and so in the API, a few hundred milliseconds after it arrived.</li>
 *   <li>{@code bulk}: for replays and catch-up. Transactions every {@code streams.bulk.commit-interval}
 *       (each commit flushes every store's memtable and ends a transaction per thread: fewer of them is
 *       most of the gain), larger lz4 batches to the changelogs and repartition topics, larger fetches
 *       and a larger record cache (fewer intermediate updates downstream).</li>
 *   <li>{@code auto} (the default): starts {@code bulk} when the input topics' lag is above
 *       {@code streams.profile.bulk-above-lag}, {@code live} otherwise, and checks the lag every
 *       {@code streams.profile.check-interval}: {@code live} with more lag than that goes {@code bulk},
 *       {@code bulk} with less than {@code streams.profile.live-below-lag} goes {@code live}. Kafka Streams
 *       fixes its commit interval when an instance is created, so a switch restarts the app's Kafka Streams
 *       instance with the other properties (a clean close: the state stays in the state directory, the open
 *       transaction is committed; a few seconds during which the app reads not ready).</li>
 * </ul>
 *
 * Exactly-once holds in both profiles: only the commit cadence and client batching differ.
 */
public record StreamsProfile(Choice choice, Duration bulkCommitInterval, long bulkAboveLag, long liveBelowLag, Duration checkInterval,
                             boolean startBulk) {

    /** What {@code streams.profile} says. */
    public enum Choice { LIVE, BULK, AUTO }

    /** The properties an instance runs with. */
    public enum Profile { LIVE, BULK }

    public static final String KEY = "streams.profile";
    public static final String BULK_COMMIT_INTERVAL_KEY = "streams.bulk.commit-interval";
    public static final String BULK_ABOVE_LAG_KEY = "streams.profile.bulk-above-lag";
    public static final String LIVE_BELOW_LAG_KEY = "streams.profile.live-below-lag";
    public static final String CHECK_INTERVAL_KEY = "streams.profile.check-interval";

    /** The record cache of a bulk instance (Kafka Streams' default, live: 10 MiB). */
    static final long BULK_CACHE_BYTES = 32L * 1024 * 1024;
    /** Producer batches of a bulk instance (changelogs, repartition and aggregate topics). */
    static final int BULK_BATCH_BYTES = 256 * 1024;
    static final int BULK_LINGER_MS = 50;
    /** Records per poll of a bulk instance (Kafka Streams' default: 1,000). */
    static final int BULK_MAX_POLL_RECORDS = 5_000;
    static final int BULK_PARTITION_FETCH_BYTES = 4 * 1024 * 1024;

    /** {@code startBulk} off: {@code auto} starts by the lag it reads. */
    public StreamsProfile(Choice choice, Duration bulkCommitInterval, long bulkAboveLag, long liveBelowLag, Duration checkInterval) {
        this(choice, bulkCommitInterval, bulkAboveLag, liveBelowLag, checkInterval, false);
    }

    /**
     * With {@code auto}, start bulk whatever the lag (the caller is about to load a replay: {@code ./pulse run}
     * before its scenario feed), and go live at the first check that finds the lag below the lower mark.
     * Saves the restart a live start would soon need.
     */
    public StreamsProfile startingBulk() {
        return new StreamsProfile(choice, bulkCommitInterval, bulkAboveLag, liveBelowLag, checkInterval, true);
    }

    public StreamsProfile {
        if (choice == null) {
            throw new IllegalArgumentException("choice: null");
        }
        if (bulkAboveLag <= liveBelowLag) {
            throw new ConfigException(BULK_ABOVE_LAG_KEY + " (" + bulkAboveLag + ") must be greater than " + LIVE_BELOW_LAG_KEY
                    + " (" + liveBelowLag + "): otherwise the app would switch back and forth");
        }
    }

    public static Map<String, String> defaults() {
        return Map.of(KEY, "auto", BULK_COMMIT_INTERVAL_KEY, "2s", BULK_ABOVE_LAG_KEY, "100000", LIVE_BELOW_LAG_KEY, "10000",
                CHECK_INTERVAL_KEY, "5s");
    }

    public static StreamsProfile defaultSettings() {
        return from(Settings.of(defaults(), Map.of()));
    }

    /** {@code auto} with the default thresholds. */
    public static StreamsProfile of(Choice choice) {
        StreamsProfile d = defaultSettings();
        return new StreamsProfile(choice, d.bulkCommitInterval, d.bulkAboveLag, d.liveBelowLag, d.checkInterval);
    }

    public static StreamsProfile from(Settings s) {
        String value = s.required(KEY).trim().toLowerCase(Locale.ROOT);
        Choice choice = switch (value) {
            case "live" -> Choice.LIVE;
            case "bulk" -> Choice.BULK;
            case "auto" -> Choice.AUTO;
            default -> throw new ConfigException(KEY + ": '" + s.string(KEY) + "' (" + s.source(KEY) + ") is not a profile; expected"
                    + " live, bulk or auto");
        };
        Duration bulkCommit = s.duration(BULK_COMMIT_INTERVAL_KEY);
        Duration check = s.duration(CHECK_INTERVAL_KEY);
        requirePositive(s, BULK_COMMIT_INTERVAL_KEY, bulkCommit);
        requirePositive(s, CHECK_INTERVAL_KEY, check);
        return new StreamsProfile(choice, bulkCommit, count(s, BULK_ABOVE_LAG_KEY), count(s, LIVE_BELOW_LAG_KEY), check);
    }

    private static void requirePositive(Settings s, String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(key + ": " + s.string(key) + " (" + s.source(key) + ") must be positive");
        }
    }

    private static long count(Settings s, String key) {
        try {
            long n = Long.parseLong(s.required(key).trim());
            if (n < 0) {
                throw new ConfigException(key + ": " + n + " (" + s.source(key) + ") must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + s.string(key) + "' (" + s.source(key) + ") is not a number of records", e);
        }
    }

    /** The profile an instance starts with, given the input topics' lag (read only for {@code auto}). */
    public Profile initial(long lag) {
        return switch (choice) {
            case LIVE -> Profile.LIVE;
            case BULK -> Profile.BULK;
            case AUTO -> startBulk || lag > bulkAboveLag ? Profile.BULK : Profile.LIVE;
        };
    }

    /** The profile to switch to, if any, when {@code running} sees {@code lag}: only with {@code auto}. */
    public Optional<Profile> next(Profile running, long lag) {
        if (choice != Choice.AUTO) {
            return Optional.empty();
        }
        if (running == Profile.LIVE && lag > bulkAboveLag) {
            return Optional.of(Profile.BULK);
        }
        if (running == Profile.BULK && lag < liveBelowLag) {
            return Optional.of(Profile.LIVE);
        }
        return Optional.empty();
    }

    /** The profile {@link StreamsApp#streamsProperties(StreamsAppConfig, vn.pulse.core.contract.TopicNames)} gives: {@code live} unless the choice is {@code bulk}. */
    public Profile fixed() {
        return choice == Choice.BULK ? Profile.BULK : Profile.LIVE;
    }

    /** Sets {@code profile}'s properties on {@code p}; {@code liveCommitInterval} is {@code streams.commit-interval}. */
    void apply(Profile profile, Duration liveCommitInterval, Properties p) {
        if (profile == Profile.LIVE) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(liveCommitInterval.toMillis()));
            return;
        }
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(bulkCommitInterval.toMillis()));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(BULK_CACHE_BYTES));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Integer.toString(BULK_LINGER_MS));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(BULK_BATCH_BYTES));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // A transaction stays open for a whole commit interval: keep the coordinator's timeout well above it.
        long transactionTimeout = Math.max(10_000, 5 * bulkCommitInterval.toMillis());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), Long.toString(transactionTimeout));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), Integer.toString(BULK_MAX_POLL_RECORDS));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), Integer.toString(BULK_PARTITION_FETCH_BYTES));
    }
}
