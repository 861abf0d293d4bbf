package vn.pulse.producer.scenario.border;

import java.time.Duration;
import java.util.Objects;
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
 * The Lạng Sơn 2021 border scenario ({@code --feed=langson-2021}): a year of vehicles at the
 * province's gates whose crossings declare exactly 4,380,000,000.00 USD, against a plan and a 2020
 * value that give the report's 142.2 % and +55.8 % (published as reference data first), with the
 * checkpoints' screenings. See docs/scenario-langson-2021-border.md.
 *
 * <p>The replay sends as fast as Kafka takes it, in event-time order, with some events late and a
 * few twice; records carry the time they are sent as timestamp, the event time is in the value
 * ({@code occurredAt}). The year's totals are the same for every seed and every {@link Options#scale()}.
 */
public final class BorderScenario {

    private static final Logger LOG = LoggerFactory.getLogger(BorderScenario.class);

    private BorderScenario() {
    }

    /**
     * How the replay is shaped.
     *
     * @param scale          multiplies the vehicles a day (1: about 1,900 crossings a day, 1.37 million
     *                       gate events); the trade totals do not change with it
     * @param lateShare      share of gate events reported late
     * @param maxLateness    how late at most (keep it within the Streams app's grace)
     * @param duplicateShare share of gate events sent twice
     */
    public record Options(double scale, double lateShare, Duration maxLateness, double duplicateShare) {

        public Options {
            if (!(scale > 0) || scale > 1.5) {
                throw new IllegalArgumentException("scale must be above 0 and at most 1.5, was " + scale);
            }
            if (lateShare < 0 || duplicateShare < 0 || lateShare + duplicateShare > 0.5) {
                throw new IllegalArgumentException("late and duplicate shares must be small non-negative fractions");
            }
            Objects.requireNonNull(maxLateness, "maxLateness");
        }

        public static Options defaults() {
            return new Options(1.0, 0.003, Duration.ofMinutes(30), 0.001);
        }

        public Options withScale(double otherScale) {
            return new Options(otherScale, lateShare, maxLateness, duplicateShare);
        }
    }

    /** The full scenario on the declared topics. */
    public static Feed feed(FeedContext context) {
        return feed(context, TopicNames.defaults(), Options.defaults());
    }

    public static Feed feed(FeedContext context, TopicNames topics, Options options) {
        return new ReplayFeed(context, topics, options);
    }

    /** The records of a replay, in sending order (generates the year first: a few seconds at full scale). */
    static ScenarioReplay replay(long seed, Options options) {
        Trips trips = YardSimulation.simulate(seed, options.scale());
        trips.assignValues(BorderFigures2021.EXPORT_CENTS, BorderFigures2021.IMPORT_CENTS);
        return new ScenarioReplay(seed, trips, options);
    }

    /** Writes the reference data, then the whole replay, in a background thread. */
    private static final class ReplayFeed extends BackgroundFeed {
        private final FeedContext context;
        private final TopicNames topics;
        private final Options options;

        ReplayFeed(FeedContext context, TopicNames topics, Options options) {
            super("langson-2021/border", "pulse-feed-langson-2021-border", Duration.ofSeconds(10), OnClose.ASK);
            this.context = context;
            this.topics = topics;
            this.options = options;
        }

        @Override
        protected void write() {
            long started = System.nanoTime();
            // A replay is a bulk load, as the vaccination replay: large lz4 batches.
            try (KafkaProducer<String, SpecificRecord> producer = ProducerFactory.bulkAvroProducer(
                    context, "pulse-feed-langson-2021-border")) {
                BorderReferenceData.publish(producer, topics.name(Topics.GATES), topics.name(Topics.TRADE_PLANS));
                ScenarioReplay replay = replay(context.seed(), options);
                LOG.info("Border scenario: replaying {} gate events and {} screening reports", replay.gateEvents(),
                        replay.screeningReports());
                while (running() && replay.hasNext()) {
                    ScenarioReplay.Outgoing out = replay.next();
                    String topic = out.screening() ? topics.name(Topics.CHECKPOINT_SCREENINGS) : topics.name(Topics.GATE_EVENTS);
                    // Stamped with the time it is sent, not when it happened: a 2021 timestamp would put the
                    // record past the raw topics' retention at once. Event time travels in occurredAt.
                    producer.send(new ProducerRecord<>(topic, out.key(), out.value()), acknowledgements());
                }
                producer.flush();
                LOG.info("Border scenario: {} records written in {} s{}", eventsWritten(),
                        Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                        sendFailures() == 0 ? "" : ", " + sendFailures() + " FAILED");
            }
        }

        @Override
        protected void sendFailed(long failures, Exception exception) {
            if (failures % 1000 == 1) {
                LOG.error("Border scenario record not written ({} failures so far): {}", failures, exception.toString());
            }
        }
    }
}
