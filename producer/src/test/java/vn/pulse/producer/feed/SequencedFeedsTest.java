package vn.pulse.producer.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SequencedFeedsTest {

    /** A feed the test finishes by hand. */
    static final class ManualFeed implements Feed {
        final AtomicBoolean started = new AtomicBoolean();
        final AtomicBoolean finished = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicLong written = new AtomicLong();

        @Override
        public String name() {
            return "manual";
        }

        @Override
        public void start() {
            started.set(true);
        }

        @Override
        public boolean finished() {
            return finished.get();
        }

        @Override
        public long eventsWritten() {
            return written.get();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void startsTheLiveFeedsOnlyAfterEveryReplayHasFinished() {
        ManualFeed vaccination = new ManualFeed();
        ManualFeed border = new ManualFeed();
        ManualFeed live = new ManualFeed();
        try (SequencedFeeds feeds = new SequencedFeeds(List.of(vaccination, border), List.of(() -> live))) {
            feeds.start();
            assertThat(vaccination.started).isTrue();
            assertThat(border.started).isTrue();

            vaccination.finished.set(true);
            vaccination.written.set(10);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(live.started).isFalse());

            border.finished.set(true);
            border.written.set(5);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(live.started).isTrue());
            live.written.set(1);
            assertThat(feeds.eventsWritten()).isEqualTo(16);
            assertThat(feeds.finished()).isFalse();
        }
        assertThat(live.closed).isTrue();
        assertThat(vaccination.closed).isTrue();
    }

    @Test
    void aReplayWithoutFollowUpFinishes() {
        ManualFeed replay = new ManualFeed();
        try (SequencedFeeds feeds = new SequencedFeeds(List.of(replay), List.of())) {
            feeds.start();
            assertThat(feeds.finished()).isFalse();
            replay.finished.set(true);
            assertThat(feeds.finished()).isTrue();
        }
    }
}
