package vn.pulse.producer.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs finite feeds (scenario replays) side by side, then, once every one of them has finished,
 * starts the follow-up feeds (live traffic). This is what {@code ./pulse run} without {@code --feed}
 * does: first the report's world, then watch it move.
 */
public final class SequencedFeeds implements Feed {

    private static final Logger LOG = LoggerFactory.getLogger(SequencedFeeds.class);

    private final List<Feed> first;
    private final List<Supplier<Feed>> then;
    private final List<Feed> started = new ArrayList<>();
    private final Thread watcher;
    private volatile boolean closed;

    public SequencedFeeds(List<Feed> first, List<Supplier<Feed>> then) {
        this.first = List.copyOf(first);
        this.then = List.copyOf(then);
        this.watcher = new Thread(this::awaitThenContinue, "pulse-feeds");
        this.watcher.setDaemon(true);
    }

    @Override
    public String name() {
        List<String> names = new ArrayList<>();
        first.forEach(f -> names.add(f.name()));
        return String.join(" + ", names) + (then.isEmpty() ? "" : ", then " + then.size() + " live feed(s)");
    }

    @Override
    public void start() {
        first.forEach(Feed::start);
        watcher.start();
    }

    /** True once the first feeds have finished and nothing follows them. */
    @Override
    public boolean finished() {
        return then.isEmpty() && first.stream().allMatch(Feed::finished);
    }

    /** True once every first feed has written everything. */
    public boolean firstFinished() {
        return first.stream().allMatch(Feed::finished);
    }

    @Override
    public long eventsWritten() {
        long total = first.stream().mapToLong(Feed::eventsWritten).sum();
        synchronized (started) {
            total += started.stream().mapToLong(Feed::eventsWritten).sum();
        }
        return total;
    }

    private void awaitThenContinue() {
        try {
            while (!closed && !firstFinished()) {
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (closed || then.isEmpty()) {
            return;
        }
        LOG.info("Replay finished ({} events); continuing with live traffic", eventsWritten());
        synchronized (started) {
            for (Supplier<Feed> next : then) {
                if (closed) {
                    return;
                }
                Feed feed = next.get();
                started.add(feed);
                feed.start();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        synchronized (started) {
            started.forEach(Feed::close);
        }
        first.forEach(Feed::close);
    }
}
