package vn.pulse.producer.scenario.vaccination;

import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.producer.feed.BackgroundFeed;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;

/**
 * {@code --feed=langson-2021}: replays the Lạng Sơn 2021 vaccination campaign ({@link ScenarioEvents})
 * as fast as Kafka takes it, then stops. Publish {@link VaccinationReferenceData} first (or at the
 * same time): coverage needs the population reference.
 */
public final class VaccinationScenario {

    private VaccinationScenario() {
    }

    /** The replay into the declared topics. */
    public static Feed feed(FeedContext context) {
        return feed(context, TopicNames.defaults());
    }

    /** The replay into {@code topics} (integration tests pass unique names). */
    public static Feed feed(FeedContext context, TopicNames topics) {
        return new Replay(context, topics);
    }

    /** A producer of Avro values of any generated class, tuned for a bulk replay ({@link ProducerFactory#bulkProperties}). */
    static KafkaProducer<String, SpecificRecord> bulkProducer(FeedContext context, String clientId) {
        return ProducerFactory.bulkAvroProducer(context, clientId);
    }

    private static final class Replay extends BackgroundFeed {

        private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

        private final FeedContext context;
        private final TopicNames topics;

        Replay(FeedContext context, TopicNames topics) {
            super("langson-2021/vaccination", "pulse-feed-langson-2021", Duration.ofSeconds(10), OnClose.ASK);
            this.context = context;
            this.topics = topics;
        }

        @Override
        protected void write() {
            long started = System.nanoTime();
            try (KafkaProducer<String, SpecificRecord> producer = bulkProducer(context, "pulse-feed-langson-2021")) {
                ScenarioEvents events = new ScenarioEvents(context.seed());
                while (running() && events.hasNext()) {
                    ScenarioEvents.Event e = events.next();
                    producer.send(new ProducerRecord<>(topicOf(e.kind()), null, e.timestamp().toEpochMilli(), e.key(), e.value()),
                            acknowledgements());
                }
                producer.flush();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("Scenario {} {}: {} records in {} s ({} records/s), {} failed", name(),
                    complete() ? "replayed" : "stopped", eventsWritten(), String.format("%.1f", seconds),
                    Math.round(eventsWritten() / Math.max(seconds, 0.001)), sendFailures());
        }

        @Override
        protected void sendFailed(long failures, Exception exception) {
            if (failures == 1) {
                LOG.error("Scenario record not written; the figures will not be exact", exception);
            }
        }

        private String topicOf(ScenarioEvents.Kind kind) {
            return switch (kind) {
                case DOSE -> topics.name(Topics.VACCINATION_DOSES);
                case CORRECTION -> topics.name(Topics.DOSE_CORRECTIONS);
                case ALLOCATION -> topics.name(Topics.VACCINE_ALLOCATIONS);
            };
        }
    }
}
