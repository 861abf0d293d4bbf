package vn.pulse.producer.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BackgroundFeedTest {

    private static final RecordMetadata ACK = new RecordMetadata(new TopicPartition("t", 0), 0, 0, 0, 0, 0);

    /** A feed whose writer is a lambda; records what the base calls back. */
    static final class TestFeed extends BackgroundFeed {
        interface Writer {
            void write(TestFeed feed) throws InterruptedException;
        }

        final Writer writer;
        final AtomicReference<Thread> writerThread = new AtomicReference<>();
        final AtomicLong reportedFailures = new AtomicLong();
        final AtomicInteger stoppedCalls = new AtomicInteger();

        TestFeed(Duration closeBound, OnClose onClose, Writer writer) {
            super("test/feed", "pulse-feed-test", closeBound, onClose);
            this.writer = writer;
        }

        @Override
        protected void write() throws InterruptedException {
            writerThread.set(Thread.currentThread());
            writer.write(this);
        }

        @Override
        protected void sendFailed(long failures, Exception exception) {
            reportedFailures.set(failures);
        }

        @Override
        protected void stopped() {
            stoppedCalls.incrementAndGet();
        }

        void acknowledge(int records) {
            for (int i = 0; i < records; i++) {
                acknowledgements().onCompletion(ACK, null);
            }
        }

        /** Waits for the writer thread to end. */
        void writerThreadEnded() throws InterruptedException {
            await().atMost(Duration.ofSeconds(5)).until(() -> writerThread.get() != null);
            writerThread.get().join(5_000);
            assertThat(writerThread.get().isAlive()).isFalse();
        }

        void refuse() {
            acknowledgements().onCompletion(null, new IllegalStateException("broker says no"));
        }
    }

    @Test
    void writesOnANamedDaemonThreadAndFinishesWhenEverythingWasAcknowledged() {
        CountDownLatch release = new CountDownLatch(1);
        TestFeed feed = new TestFeed(Duration.ofSeconds(5), BackgroundFeed.OnClose.ASK, f -> {
            f.acknowledge(3);
            release.await();
        });
        assertThat(feed.name()).isEqualTo("test/feed");
        assertThat(feed.finished()).isFalse();

        feed.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> feed.eventsWritten() == 3);
        Thread writer = feed.writerThread.get();
        assertThat(writer).isNotSameAs(Thread.currentThread());
        assertThat(writer.getName()).isEqualTo("pulse-feed-test");
        assertThat(writer.isDaemon()).isTrue();
        assertThat(feed.finished()).isFalse();

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(feed::finished);
        assertThat(feed.failure()).isEmpty();
        feed.close();
        assertThat(feed.finished()).isTrue();
        assertThat(feed.stoppedCalls).hasValue(1);
    }

    @Test
    void aRefusedRecordIsReportedAndTheFeedDoesNotFinish() throws InterruptedException {
        TestFeed feed = new TestFeed(Duration.ofSeconds(5), BackgroundFeed.OnClose.ASK, f -> {
            f.acknowledge(2);
            f.refuse();
            f.refuse();
        });
        feed.start();
        feed.writerThreadEnded();

        assertThat(feed.reportedFailures).hasValue(2);
        assertThat(feed.eventsWritten()).isEqualTo(2);
        assertThat(feed.finished()).isFalse();
        assertThat(feed.failure()).isEmpty();
        feed.close();
    }

    @Test
    void aFailureThatStopsTheWriterIsCapturedAndTheFeedDoesNotFinish() throws InterruptedException {
        IllegalStateException boom = new IllegalStateException("registry unreachable");
        TestFeed feed = new TestFeed(Duration.ofSeconds(5), BackgroundFeed.OnClose.ASK, f -> {
            f.acknowledge(1);
            throw boom;
        });
        feed.start();
        feed.writerThreadEnded();

        assertThat(feed.failure()).containsSame(boom);
        assertThat(feed.finished()).isFalse();
        assertThat(feed.eventsWritten()).isEqualTo(1);
        feed.close();
    }

    @Test
    void closeInterruptsAWaitingWriterAndJoinsIt() {
        CountDownLatch waiting = new CountDownLatch(1);
        TestFeed feed = new TestFeed(Duration.ofSeconds(10), BackgroundFeed.OnClose.INTERRUPT, f -> {
            while (f.running()) {
                waiting.countDown();
                Thread.sleep(60_000);
            }
        });
        feed.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> waiting.getCount() == 0);

        long started = System.nanoTime();
        feed.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(feed.writerThread.get().isAlive()).isFalse();
        assertThat(feed.finished()).isFalse();
        assertThat(feed.failure()).isEmpty();
        assertThat(feed.stoppedCalls).hasValue(1);
    }

    @Test
    void closeAsksTheWriterToStopWithoutInterruptingIt() {
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        CountDownLatch writing = new CountDownLatch(1);
        TestFeed feed = new TestFeed(Duration.ofSeconds(10), BackgroundFeed.OnClose.ASK, f -> {
            while (f.running()) {
                writing.countDown();
                Thread.sleep(5);
            }
            interrupted.set(Thread.currentThread().isInterrupted());
        });
        feed.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> writing.getCount() == 0);

        feed.close();

        assertThat(feed.writerThread.get().isAlive()).isFalse();
        assertThat(interrupted).hasValue(false);
        assertThat(feed.finished()).isFalse();
    }

    @Test
    void closeWaitsNoLongerThanItsBoundForAWriterThatDoesNotStop() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        TestFeed feed = new TestFeed(Duration.ofMillis(300), BackgroundFeed.OnClose.INTERRUPT, f -> {
            writing.countDown();
            // Ignores both the stop request and the interrupt until the test lets it go.
            boolean released = false;
            while (!released) {
                try {
                    released = release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // keeps waiting
                }
            }
        });
        feed.start();
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        feed.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(3));
        assertThat(feed.writerThread.get().isAlive()).isTrue();
        assertThat(feed.stoppedCalls).hasValue(1);
        release.countDown();
        feed.writerThreadEnded();
    }

    @Test
    void closingTwiceOrBeforeStartIsSafe() {
        TestFeed neverStarted = new TestFeed(Duration.ofSeconds(1), BackgroundFeed.OnClose.INTERRUPT, f -> { });
        neverStarted.close();
        neverStarted.close();
        assertThat(neverStarted.stoppedCalls).hasValue(1);
        assertThat(neverStarted.finished()).isFalse();

        TestFeed feed = new TestFeed(Duration.ofSeconds(5), BackgroundFeed.OnClose.INTERRUPT, f -> f.acknowledge(1));
        feed.start();
        await().atMost(Duration.ofSeconds(5)).until(feed::finished);
        feed.close();
        feed.close();
        assertThat(feed.stoppedCalls).hasValue(1);
        assertThat(feed.finished()).isTrue();
        assertThat(feed.eventsWritten()).isEqualTo(1);
    }

    @Test
    void refusesAMissingOrEmptyCloseBound() {
        assertThatThrownBy(() -> new TestFeed(Duration.ZERO, BackgroundFeed.OnClose.ASK, f -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closeBound");
        assertThatThrownBy(() -> new TestFeed(null, BackgroundFeed.OnClose.ASK, f -> { }))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("closeBound");
    }
}
