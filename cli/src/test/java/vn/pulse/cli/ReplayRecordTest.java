package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;

class ReplayRecordTest {

    @TempDir
    Path dataDir;

    private final FeedContext context = new FeedContext("127.0.0.1:1", "http://127.0.0.1:1", Clock.systemUTC(), 2021);

    @Test
    void aReplayIsRecordedOnlyOnceItHasWrittenEverything() {
        ReplayRecord record = new ReplayRecord(dataDir);
        FakeReplay replay = new FakeReplay();
        Feed recording = record.recording(replay);

        assertThat(recording.finished()).isFalse();
        assertThat(record.replayed()).isFalse();
        replay.done = true;
        assertThat(recording.finished()).isTrue();
        assertThat(record.replayed()).isTrue();
        assertThat(new ReplayRecord(dataDir).replayed()).as("seen by the next run").isTrue();
    }

    @Test
    void aReplayStoppedBeforeItsEndIsNotRecordedSoTheNextRunReplaysAgain() {
        ReplayRecord record = new ReplayRecord(dataDir);
        FakeReplay replay = new FakeReplay();
        record.recording(replay).close();

        assertThat(replay.closed).isTrue();
        assertThat(record.replayed()).isFalse();
        assertThat(Feeds.createOnce(Feeds.REPLAY, context, 10, record)).isNotNull();
    }

    @Test
    void aSecondRunOnTheKeptDataDoesNotReplayTheScenarioAgain() {
        ReplayRecord record = new ReplayRecord(dataDir);
        FakeReplay replay = new FakeReplay();
        replay.done = true;
        record.recording(replay).close();

        assertThat(Feeds.createOnce(Feeds.REPLAY, context, 10, record)).as("nothing left to feed").isNull();
        Feed thenLive = Feeds.createOnce(Feeds.REPLAY_THEN_LIVE, context, 10, record);
        assertThat(thenLive.name()).doesNotContain("langson-2021").contains("then 2 live feed(s)");
        assertThat(Feeds.createOnce(Feeds.LIVE, context, 10, record).name()).isEqualTo(Feeds.create(Feeds.LIVE, context, 10).name());
    }

    @Test
    void aFreshDataDirectoryReplays() {
        ReplayRecord record = new ReplayRecord(dataDir);

        assertThat(Feeds.createOnce(Feeds.REPLAY_THEN_LIVE, context, 10, record).name()).contains("langson-2021");
    }

    private static final class FakeReplay implements Feed {
        volatile boolean done;
        volatile boolean closed;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void start() {
        }

        @Override
        public boolean finished() {
            return done;
        }

        @Override
        public long eventsWritten() {
            return 0;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
