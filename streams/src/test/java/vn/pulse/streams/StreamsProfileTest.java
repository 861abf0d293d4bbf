package vn.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.streams.StreamsProfile.Choice;
import vn.pulse.streams.StreamsProfile.Profile;

class StreamsProfileTest {

    private static StreamsAppConfig config(Map<String, String> env) {
        return StreamsAppConfig.from(Settings.load(StreamsAppConfig.DEFAULTS, null, env, Map.of()));
    }

    @Test
    void byDefaultTheAppChoosesByLagWithTwoSecondBulkCommits() {
        StreamsProfile profile = config(Map.of()).profile();
        assertThat(profile.choice()).isEqualTo(Choice.AUTO);
        assertThat(profile.bulkCommitInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(profile.bulkAboveLag()).isEqualTo(100_000);
        assertThat(profile.liveBelowLag()).isEqualTo(10_000);
        assertThat(profile.checkInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void autoGoesBulkAboveTheUpperLagAndLiveBelowTheLowerOneAndStaysPutBetween() {
        StreamsProfile auto = StreamsProfile.of(Choice.AUTO);
        assertThat(auto.initial(0)).isEqualTo(Profile.LIVE);
        assertThat(auto.initial(100_001)).isEqualTo(Profile.BULK);
        assertThat(auto.next(Profile.LIVE, 100_001)).contains(Profile.BULK);
        assertThat(auto.next(Profile.LIVE, 50_000)).isEmpty();
        assertThat(auto.next(Profile.BULK, 50_000)).isEmpty();
        assertThat(auto.next(Profile.BULK, 9_999)).contains(Profile.LIVE);
        assertThat(auto.next(Profile.LIVE, 0)).isEmpty();
    }

    @Test
    void autoCanBeToldToStartBulk() {
        StreamsProfile auto = StreamsProfile.of(Choice.AUTO);
        assertThat(auto.startingBulk().initial(0)).isEqualTo(Profile.BULK);
        assertThat(auto.startingBulk().next(Profile.BULK, 0)).contains(Profile.LIVE);
        assertThat(StreamsProfile.of(Choice.LIVE).startingBulk().initial(0)).isEqualTo(Profile.LIVE);
    }

    @Test
    void aFixedProfileNeverSwitches() {
        assertThat(StreamsProfile.of(Choice.LIVE).initial(10_000_000)).isEqualTo(Profile.LIVE);
        assertThat(StreamsProfile.of(Choice.LIVE).next(Profile.LIVE, 10_000_000)).isEqualTo(Optional.empty());
        assertThat(StreamsProfile.of(Choice.BULK).initial(0)).isEqualTo(Profile.BULK);
        assertThat(StreamsProfile.of(Choice.BULK).next(Profile.BULK, 0)).isEmpty();
    }

    @Test
    void bothProfilesAreExactlyOnceAndDifferInCommitIntervalAndBatching() {
        StreamsAppConfig config = config(Map.of("PULSE_STREAMS_BULK_COMMIT_INTERVAL", "3s"));
        Properties live = StreamsApp.streamsProperties(config, TopicNames.defaults(), Profile.LIVE);
        Properties bulk = StreamsApp.streamsProperties(config, TopicNames.defaults(), Profile.BULK);

        assertThat(live.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(bulk.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(live.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
        assertThat(bulk.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("3000");
        assertThat(bulk.getProperty(StreamsConfig.producerPrefix("compression.type"))).isEqualTo("lz4");
        assertThat(Long.parseLong(bulk.getProperty(StreamsConfig.producerPrefix("transaction.timeout.ms")))).isGreaterThan(3000);
        assertThat(live).doesNotContainKey(StreamsConfig.producerPrefix("compression.type"));
        // The one-argument form, as the bench and the golden tests use it: live unless the choice is bulk.
        assertThat(StreamsApp.streamsProperties(config, TopicNames.defaults()).getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
                .isEqualTo("100");
    }

    @Test
    void producersRetryARefusedSendSoonInBothProfiles() {
        // A send refused while the previous transaction's markers are written (CONCURRENT_TRANSACTIONS) is retried
        // after this pause; the client's default, 100 ms, is a whole live commit interval.
        for (Profile profile : Profile.values()) {
            Properties p = StreamsApp.streamsProperties(config(Map.of()), TopicNames.defaults(), profile);
            assertThat(p.getProperty(StreamsConfig.producerPrefix("retry.backoff.ms"))).isEqualTo("10");
        }
    }

    @Test
    void rocksDbIsBoundedByDefaultAndUnboundedAtZero() {
        Properties bounded = StreamsApp.streamsProperties(config(Map.of()), TopicNames.defaults());
        assertThat(bounded.getProperty(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedMemoryRocksDb.class.getName());
        assertThat(bounded.getProperty(BoundedMemoryRocksDb.TOTAL_BYTES_CONFIG)).isEqualTo(Long.toString(64L << 20));
        assertThat(bounded.getProperty(BoundedMemoryRocksDb.MEMTABLE_BYTES_CONFIG)).isEqualTo(Long.toString(32L << 20));

        Properties unbounded = StreamsApp.streamsProperties(config(Map.of("PULSE_STREAMS_ROCKSDB_MEMORY_MIB", "0")), TopicNames.defaults());
        assertThat(unbounded).doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
    }

    @Test
    void badProfileSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> config(Map.of("PULSE_STREAMS_PROFILE", "fast")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("streams.profile").hasMessageContaining("live, bulk or auto");
        assertThatThrownBy(() -> config(Map.of("PULSE_STREAMS_PROFILE_LIVE_BELOW_LAG", "200000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("streams.profile.bulk-above-lag");
        assertThatThrownBy(() -> config(Map.of("PULSE_STREAMS_PROFILE_BULK_ABOVE_LAG", "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("streams.profile.bulk-above-lag");
        assertThatThrownBy(() -> config(Map.of("PULSE_STREAMS_BULK_COMMIT_INTERVAL", "0s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("streams.bulk.commit-interval");
        assertThatThrownBy(() -> config(Map.of("PULSE_STREAMS_ROCKSDB_MEMORY_MIB", "32", "PULSE_STREAMS_ROCKSDB_WRITE_BUFFER_MIB", "64")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("streams.rocksdb.write-buffer-mib");
    }
}
