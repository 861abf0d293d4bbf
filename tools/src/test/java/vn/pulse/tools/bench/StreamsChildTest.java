package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamsChildTest {

    private static final String CHANGELOG = "app-vaccination-dose-ledger-store-changelog";

    /** Lines as a Streams instance's {@code /metrics} prints them (client ids shortened). */
    private static final String METRICS = String.join("\n",
            "# TYPE kafka_consumer_fetch_manager_records_lag gauge",
            "kafka_consumer_fetch_manager_records_lag{client_id=\"app-1-StateUpdater-1-restore-consumer\",kafka_version=\"4.3.1\","
                    + "partition=\"0\",service=\"streams\",topic=\"" + CHANGELOG + "\"} 0.0",
            "kafka_consumer_fetch_manager_records_lag{client_id=\"app-1-StateUpdater-1-restore-consumer\",kafka_version=\"4.3.1\","
                    + "partition=\"2\",service=\"streams\",topic=\"" + CHANGELOG + "\"} 1250.0",
            "kafka_consumer_fetch_manager_records_lag{client_id=\"app-1-StateUpdater-1-restore-consumer\",kafka_version=\"4.3.1\","
                    + "partition=\"0\",service=\"streams\",topic=\"app-border-gate-hours-store-changelog\"} 99.0",
            "kafka_consumer_fetch_manager_records_lag{client_id=\"app-1-StreamThread-1-consumer\",kafka_version=\"4.3.1\","
                    + "partition=\"1\",service=\"streams\",topic=\"" + CHANGELOG + "\"} 7.0",
            "kafka_consumer_fetch_manager_records_lag_max{client_id=\"app-1-StateUpdater-1-restore-consumer\",kafka_version=\"4.3.1\","
                    + "service=\"streams\",topic=\"" + CHANGELOG + "\"} 5000.0",
            "pulse_streams_restored_records_total{service=\"streams\",store=\"vaccination-dose-ledger-store\"} 2.06E6",
            "pulse_streams_restored_records_total{service=\"streams\",store=\"vaccination-daily-doses-store\"} 12.0");

    @Test
    void theStandbysLagIsTheRestoreConsumersOnTheChangelogOnly() {
        assertThat(StreamsChild.changelogLag(METRICS, CHANGELOG)).isEqualTo(new StreamsChild.ChangelogLag(2, 1250));
        assertThat(StreamsChild.changelogLag(METRICS, "app-other-changelog")).as("not fetched: no partition")
                .isEqualTo(new StreamsChild.ChangelogLag(0, 0));
    }

    @Test
    void restoredRecordsAreReadPerStore() {
        assertThat(StreamsChild.restoredRecords(METRICS, "vaccination-dose-ledger-store")).isEqualTo(2_060_000);
        assertThat(StreamsChild.restoredRecords(METRICS, "border-gate-hours-store")).isZero();
    }
}
