package vn.pulse.producer.live;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.producer.SimulatedDoses;
import vn.pulse.producer.feed.BackgroundFeed;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;

/**
 * {@code --feed=live}: simulated doses at a steady rate, stamped with the context's clock, with the
 * same kinds of noise as real sources: about 1 % of reports sent twice and, now and then, a dose
 * entered by mistake and retracted a few seconds later. Endless; deterministic for a seed.
 */
public final class LiveVaccinationFeed extends BackgroundFeed {

    private static final Logger LOG = LoggerFactory.getLogger(LiveVaccinationFeed.class);

    private final FeedContext context;
    private final TopicNames topics;
    private final int ratePerSecond;
    private final SimulatedDoses doses;
    private final SplittableRandom noise;

    private LiveVaccinationFeed(FeedContext context, TopicNames topics, int ratePerSecond) {
        super("live/vaccination", "pulse-feed-live-vaccination", Duration.ofSeconds(5), OnClose.INTERRUPT);
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 event per second, was " + ratePerSecond);
        }
        this.context = context;
        this.topics = topics;
        this.ratePerSecond = ratePerSecond;
        this.doses = new SimulatedDoses(context.seed());
        this.noise = new SplittableRandom(context.seed() ^ 0x5DEECE66DL);
    }

    /** Live doses into the declared topics at {@code ratePerSecond}. */
    public static Feed feed(FeedContext context, int ratePerSecond) {
        return feed(context, TopicNames.defaults(), ratePerSecond);
    }

    public static Feed feed(FeedContext context, TopicNames topics, int ratePerSecond) {
        return new LiveVaccinationFeed(context, topics, ratePerSecond);
    }

    @Override
    protected void write() throws InterruptedException {
        long intervalNanos = Duration.ofSeconds(1).toNanos() / ratePerSecond;
        long next = System.nanoTime();
        try (KafkaProducer<String, SpecificRecord> producer =
                     ProducerFactory.avroProducer(context, "pulse-feed-live-vaccination")) {
            while (running()) {
                Instant now = context.clock().instant();
                DoseAdministered dose = doses.next(now);
                send(producer, topics.name(Topics.VACCINATION_DOSES), dose.getEventId(), dose, dose.getAdministeredAt());
                int dice = noise.nextInt(1000);
                if (dice < 10) {
                    send(producer, topics.name(Topics.VACCINATION_DOSES), dose.getEventId(), dose, dose.getAdministeredAt());
                } else if (dice < 12) {
                    send(producer, topics.name(Topics.DOSE_CORRECTIONS), dose.getEventId(), DoseCorrection.newBuilder()
                            .setCorrectionId("live-c-" + dose.getEventId()).setDoseEventId(dose.getEventId())
                            .setDistrictCode(dose.getDistrictCode()).setCorrectedAt(now).setReason("entered by mistake").build(), now);
                }
                next += intervalNanos;
                sleepUntil(next);
            }
        }
    }

    private void send(KafkaProducer<String, SpecificRecord> producer, String topic, String key, SpecificRecord value, Instant timestamp) {
        producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value), acknowledgements());
    }

    @Override
    protected void sendFailed(long failures, Exception exception) {
        if (failures % 100 == 1) {
            LOG.warn("Live record not written ({} failures so far): {}", failures, exception.toString());
        }
    }

    @Override
    protected void stopped() {
        LOG.info("Live vaccination feed stopped after {} records ({} failed)", eventsWritten(), sendFailures());
    }
}
