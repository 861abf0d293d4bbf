package vn.pulse.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import vn.pulse.producer.feed.Feed;

/**
 * Remembers, in the local run's data directory, that the 2021 scenario was replayed there in full,
 * so that a second {@code ./pulse run --feed=langson-2021} on the kept data does not send the whole
 * year again. Counting would stay exact (every id counts once, at any age), but the border's year of
 * gate events would all be dead-lettered as too late for their closed hours: a second replay adds
 * nothing but noise. {@code --fresh} starts a new data directory, and with it a new replay. A replay
 * that was stopped before it finished is not recorded, so the next run replays again (what it had
 * already written counts once).
 */
final class ReplayRecord {

    private final Path marker;

    ReplayRecord(Path dataDir) {
        this.marker = dataDir.resolve("feeds").resolve(Feeds.REPLAY + ".replayed");
    }

    /** Whether the scenario was replayed to the end into this data directory. */
    boolean replayed() {
        return Files.exists(marker);
    }

    Path marker() {
        return marker;
    }

    /** {@code replay}, recording its end here once it has written (and Kafka acknowledged) everything. */
    Feed recording(Feed replay) {
        return new Feed() {
            @Override
            public String name() {
                return replay.name();
            }

            @Override
            public void start() {
                replay.start();
            }

            @Override
            public boolean finished() {
                boolean finished = replay.finished();
                if (finished) {
                    record();
                }
                return finished;
            }

            @Override
            public long eventsWritten() {
                return replay.eventsWritten();
            }

            @Override
            public void close() {
                boolean finished = replay.finished();
                replay.close();
                if (finished) {
                    record();
                }
            }
        };
    }

    private void record() {
        if (replayed()) {
            return;
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "replayed to the end at " + Instant.now() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the replay in " + marker, e);
        }
    }
}
