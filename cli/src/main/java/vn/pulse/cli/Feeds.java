package vn.pulse.cli;

import java.util.List;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.feed.SequencedFeeds;
import vn.pulse.producer.scenario.border.BorderReferenceData;
import vn.pulse.producer.scenario.border.BorderScenario;
import vn.pulse.producer.live.BorderLiveFeed;
import vn.pulse.producer.live.LiveVaccinationFeed;
import vn.pulse.producer.scenario.vaccination.CoverageTargetsReferenceData;
import vn.pulse.producer.scenario.vaccination.VaccinationReferenceData;
import vn.pulse.producer.scenario.vaccination.VaccinationScenario;

/** What {@code ./pulse run --feed=NAME} writes into the pipeline. */
final class Feeds {

    /** The Lạng Sơn 2021 replay of both domains, then simulated live traffic (the default). */
    static final String REPLAY_THEN_LIVE = "langson-2021+live";
    /** The Lạng Sơn 2021 replay of both domains, then nothing. */
    static final String REPLAY = "langson-2021";
    /** Simulated live traffic only. */
    static final String LIVE = "live";
    /** Simulated doses only, at a steady rate. */
    static final String DEMO = "demo";
    static final String NONE = "none";

    static final List<String> NAMES = List.of(REPLAY_THEN_LIVE, REPLAY, LIVE, DEMO, NONE);

    private Feeds() {
    }

    /**
     * Publishes the reference data every feed relies on (districts and population, coverage targets;
     * gates and trade plans): idempotent, compacted topics.
     */
    static void publishReferenceData(FeedContext context) {
        publishReferenceData(context, Geography.selected());
    }

    /** The same, for {@code dataSet}. */
    static void publishReferenceData(FeedContext context, GeoDataSet dataSet) {
        VaccinationReferenceData.publish(context, dataSet, Topics.POPULATION.name(), Topics.DISTRICTS.name());
        CoverageTargetsReferenceData.publish(context, dataSet, Topics.COVERAGE_TARGETS.name());
        try (KafkaProducer<String, SpecificRecord> producer = ProducerFactory.avroProducer(context.clients(), context.bootstrapServers(),
                context.registryUrl(), "pulse-border-reference")) {
            BorderReferenceData.publish(producer, dataSet, Topics.GATES.name(), Topics.TRADE_PLANS.name());
        }
    }

    /** The feed named {@code name}, not started; {@code null} for {@code none}. */
    static Feed create(String name, FeedContext context, int demoRate) {
        return switch (name) {
            case REPLAY_THEN_LIVE -> new SequencedFeeds(replays(context), live(context, demoRate));
            case REPLAY -> new SequencedFeeds(replays(context), List.of());
            case LIVE -> new SequencedFeeds(List.of(), live(context, demoRate));
            case DEMO -> demo(context, demoRate);
            case NONE -> null;
            default -> throw new IllegalArgumentException("unknown feed '" + name + "' (known: " + NAMES + ")");
        };
    }

    /**
     * As {@link #create}, for the local run on {@code record}'s data directory: the 2021 scenario is
     * replayed once there ({@link ReplayRecord}); a later run with a replaying feed skips the replay
     * (and goes straight to the live traffic of {@code langson-2021+live}), or has no feed at all.
     */
    static Feed createOnce(String name, FeedContext context, int demoRate, ReplayRecord record) {
        return switch (name) {
            case REPLAY -> record.replayed() ? null : record.recording(create(REPLAY, context, demoRate));
            case REPLAY_THEN_LIVE -> new SequencedFeeds(
                    record.replayed() ? List.of() : List.of(record.recording(create(REPLAY, context, demoRate))), live(context, demoRate));
            default -> create(name, context, demoRate);
        };
    }

    private static List<Feed> replays(FeedContext context) {
        return List.of(VaccinationScenario.feed(context), BorderScenario.feed(context));
    }


    private static List<Supplier<Feed>> live(FeedContext context, int rate) {
        return List.of(() -> LiveVaccinationFeed.feed(context, rate), () -> BorderLiveFeed.feed(context));
    }

    /** Doses only, at {@code rate}: the live vaccination feed without the border's traffic. */
    private static Feed demo(FeedContext context, int rate) {
        return LiveVaccinationFeed.feed(context, rate);
    }
}
