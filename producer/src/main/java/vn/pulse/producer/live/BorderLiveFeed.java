package vn.pulse.producer.live;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.producer.feed.BackgroundFeed;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.scenario.border.Draws;
import vn.pulse.producer.scenario.border.GateProfile;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.CheckpointScreening;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.TradeDirection;

/**
 * Simulated live traffic at the gates ({@code --feed=live}): vehicles arrive at each open gate's yard
 * at the scenario's daily and hourly rhythm (times {@code volume}), wait, and cross (a few leave);
 * the checkpoints report every 15 minutes. Events are stamped with the clock; waits are compressed
 * to minutes so a demo shows crossings soon after it starts. Endless; deterministic for a seed and
 * a clock.
 */
public final class BorderLiveFeed extends BackgroundFeed {

    private static final Logger LOG = LoggerFactory.getLogger(BorderLiveFeed.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration SCREENING_PERIOD = Duration.ofMinutes(15);
    /** US cents per unit of value weight: about the replay's average declared value. */
    private static final double CENTS_PER_WEIGHT = 30;

    private final FeedContext context;
    private final TopicNames topics;
    private final double volume;
    private final SplittableRandom random;
    private final List<GateProfile> gates = GateProfile.openGates();
    private final PriorityQueue<Exit> exits = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
    private final int[] arrivedSinceReport;
    private Producer<String, SpecificRecord> producer;
    private Instant nextScreening;

    /** With {@code producer} null, {@link #start()} makes one for the context's Kafka and registry. */
    BorderLiveFeed(FeedContext context, TopicNames topics, double volume, Producer<String, SpecificRecord> producer) {
        super("live/border", "pulse-feed-live-border", Duration.ofSeconds(2), OnClose.INTERRUPT);
        if (!(volume > 0) || volume > 1_000) {
            throw new IllegalArgumentException("volume must be above 0 and at most 1000 times real traffic, was " + volume);
        }
        this.context = context;
        this.topics = topics;
        this.volume = volume;
        this.random = new SplittableRandom(context.seed());
        this.arrivedSinceReport = new int[gates.size()];
        this.producer = producer;
    }

    /** Live traffic at 20 times the real volume (about one event a second on average, more by day) on the declared topics. */
    public static Feed feed(FeedContext context) {
        return feed(context, TopicNames.defaults(), 20);
    }

    /**
     * @param volume multiple of the real traffic (1: the scenario's normal day, about 1,900 crossings)
     */
    public static Feed feed(FeedContext context, TopicNames topics, double volume) {
        return new BorderLiveFeed(context, topics, volume, null);
    }

    @Override
    public void start() {
        if (producer == null) {
            producer = ProducerFactory.<SpecificRecord>avroProducer(context, "pulse-feed-live-border");
        }
        super.start();
    }

    @Override
    protected void write() throws InterruptedException {
        Clock clock = context.clock();
        long next = System.nanoTime();
        while (running()) {
            tick(clock.instant());
            next += TICK.toNanos();
            sleepUntil(next);
        }
    }

    /** One second of traffic ending at {@code now}. */
    void tick(Instant now) {
        if (nextScreening == null) {
            nextScreening = now.plus(SCREENING_PERIOD);
        }
        LocalDate day = now.atZone(DomainRules.ZONE).toLocalDate();
        int hour = now.atZone(DomainRules.ZONE).getHour();
        for (int g = 0; g < gates.size(); g++) {
            GateProfile gate = gates.get(g);
            double perSecond = volume * gate.vehiclesPerDay() * gate.arrivalWeights()[hour]
                    / Arrays.stream(gate.arrivalWeights()).sum() / 3600.0;
            for (int n = Draws.poisson(random, perSecond); n > 0; n--) {
                arrive(g, gate, now, day);
            }
        }
        while (!exits.isEmpty() && !exits.peek().at().isAfter(now)) {
            GateEvent exit = exits.poll().event();
            send(topics.name(Topics.GATE_EVENTS), exit.getGateCode(), exit);
        }
        if (!now.isBefore(nextScreening)) {
            screenings(now);
            nextScreening = now.plus(SCREENING_PERIOD);
        }
    }

    private void arrive(int g, GateProfile gate, Instant now, LocalDate day) {
        GateProfile.Load load = gate.draw(random, day);
        String vehicle = String.format("VH-%012x", random.nextLong() & 0xFFFF_FFFF_FFFFL);
        send(topics.name(Topics.GATE_EVENTS), gate.code(), event(gate, load, vehicle, GateEventKind.ARRIVED, now));
        arrivedSinceReport[g]++;
        // Waits compressed to minutes (green lane quicker); one in two hundred gives up and leaves.
        boolean leaves = random.nextDouble() < 0.005;
        double medianMinutes = load.greenLane() ? 5 : load.cargo() == CargoCategory.EMPTY ? 8 : 15;
        long seconds = Math.round(60 * medianMinutes * Math.exp(0.6 * Draws.gaussian(random))) + (leaves ? 1800 : 0);
        Instant exitAt = now.plusSeconds(seconds);
        exits.add(new Exit(exitAt, event(gate, load, vehicle, leaves ? GateEventKind.LEFT : GateEventKind.CROSSED, exitAt)));
    }

    private GateEvent event(GateProfile gate, GateProfile.Load load, String vehicle, GateEventKind kind, Instant at) {
        return GateEvent.newBuilder()
                .setEventId(eventId())
                .setGateCode(gate.code())
                .setOccurredAt(at)
                .setKind(kind)
                .setDirection(load.export() ? TradeDirection.EXPORT : TradeDirection.IMPORT)
                .setVehicleRef(vehicle)
                .setVehicleType(gate.vehicleType())
                .setCargoCategory(load.cargo())
                .setGreenLane(load.greenLane())
                .setTons(BigDecimal.valueOf(load.kilograms(), 3))
                .setDeclaredValueUsd(BigDecimal.valueOf(Math.round(load.valueWeight() * CENTS_PER_WEIGHT), 2))
                .build();
    }

    private void screenings(Instant now) {
        for (int g = 0; g < gates.size(); g++) {
            int came = arrivedSinceReport[g];
            arrivedSinceReport[g] = 0;
            if (came == 0) {
                continue;
            }
            int screened = (int) Math.round(came * 1.3);
            int tested = (int) Math.round(screened * 0.3);
            send(topics.name(Topics.CHECKPOINT_SCREENINGS), null, CheckpointScreening.newBuilder()
                    .setEventId(eventId()).setGateCode(gates.get(g).code()).setOccurredAt(now)
                    .setPeopleScreened(screened).setTested(tested)
                    .setPositive(Math.min(tested, Draws.poisson(random, tested * 0.001)))
                    .build());
        }
    }

    private void send(String topic, String gateKey, SpecificRecord value) {
        String key = gateKey != null ? gateKey : ((CheckpointScreening) value).getEventId();
        producer.send(new ProducerRecord<>(topic, key, value), acknowledgements());
    }

    @Override
    protected void sendFailed(long failures, Exception exception) {
        if (failures % 100 == 1) {
            LOG.warn("Live border event not written ({} failures so far): {}", failures, exception.toString());
        }
    }

    private String eventId() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    @Override
    protected void stopped() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(3));
        }
        LOG.info("Live border feed stopped after {} events", eventsWritten());
    }

    /** A vehicle's planned exit from the yard. */
    private record Exit(Instant at, GateEvent event) {
    }
}
