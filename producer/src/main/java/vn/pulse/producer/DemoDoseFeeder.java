package vn.pulse.producer;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.producer.feed.Feed;
import vn.pulse.schemas.health.DoseAdministered;

/**
 * A simple feeder of plausible dose events at a steady rate, for demos and the local run. Raw doses
 * are keyed by event id (the unit of de-duplication). Deterministic for a given seed.
 */
public final class DemoDoseFeeder implements Feed {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDoseFeeder.class);

    private final KafkaProducer<String, DoseAdministered> producer;
    private final String topic;
    private final int ratePerSecond;
    private final SimulatedDoses doses;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;

    public DemoDoseFeeder(KafkaProducer<String, DoseAdministered> producer, String topic, int ratePerSecond, long seed, Clock clock) {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 event per second, was " + ratePerSecond);
        }
        this.producer = producer;
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
        this.doses = new SimulatedDoses(seed);
        this.clock = clock;
        this.thread = new Thread(this::run, "pulse-demo-feeder");
        this.thread.setDaemon(true);
    }

    @Override
    public String name() {
        return "demo/vaccination";
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public boolean finished() {
        return false;
    }

    @Override
    public long eventsWritten() {
        return sent.get();
    }

    private void run() {
        long intervalNanos = Duration.ofSeconds(1).toNanos() / ratePerSecond;
        long next = System.nanoTime();
        while (running.get()) {
            DoseAdministered dose = doses.next(clock.instant());
            producer.send(new ProducerRecord<>(topic, dose.getEventId(), dose), (metadata, exception) -> {
                if (exception == null) {
                    sent.incrementAndGet();
                } else if (failed.incrementAndGet() % 100 == 1) {
                    LOG.warn("Dose not written ({} failures so far): {}", failed.get(), exception.toString());
                }
            });
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(3));
        LOG.info("Demo feeder stopped after {} doses", sent.get());
    }
}
