package vn.pulse.streams.border;

import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.border.CheckpointScreening;
import vn.pulse.schemas.border.CongestionAlert;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateHour;
import vn.pulse.schemas.border.GateScreenings;
import vn.pulse.schemas.border.GateState;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.border.ProvinceTradeState;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.reference.TradePlan;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.border.GateAggregator.Emission;
import vn.pulse.streams.border.GateAggregator.Output;
import vn.pulse.streams.common.DeadLetters;
import vn.pulse.streams.common.Deduplication;

/**
 * The border-gate topology: gate events and checkpoint screenings in; trade, throughput, waits,
 * backlog, screenings, the province's trade against plan, and congestion alerts out.
 *
 * <p>A pure factory: topic names, settings and serdes in, a {@link Topology} out, no I/O. Every
 * stateful step is named; the names below are the app's state (stores, changelogs, repartition
 * topics) and must not change without a migration. docs/border.md draws the whole flow.
 *
 * <p>Event time is each record's {@code occurredAt}, read from the value by the steps that need it;
 * record timestamps are the time a record was sent or processed. So records of a replayed year keep
 * current timestamps everywhere and no time-based retention deletes them before they are used.
 */
public final class BorderTopology {

    /** Accepted gate event ids, each with its event time ({@code occurredAt}); see {@link GateEventIds}. */
    public static final String GATE_EVENT_IDS_STORE = "border-gate-event-ids-store";
    /**
     * The per-gate aggregator's state, one changelog: each gate's record (key gateCode: yard, open alerts,
     * the trade periods and hours that can still change, aggregates not yet written out), each vehicle
     * in a yard (key gateCode|vehicleRef) and the latest event time accepted per task, the "stream time"
     * lateness is judged against (the validation step's). See {@link GateRecord}.
     */
    public static final String GATE_STATE_STORE = "border-gate-state-store";
    /** Gates' year totals, re-keyed by year to be summed for the province. */
    public static final String PROVINCE_TRADE_BY_YEAR = "border-province-trade-by-year";
    public static final String PROVINCE_TRADE_STORE = "border-province-trade-store";
    public static final String TRADE_PLANS_STORE = "border-trade-plans-store";
    /** Every screening id counted (never expires: screenings are few, and a re-send counts once at any age). */
    public static final String SCREENING_IDS_STORE = "border-screening-ids-store";
    public static final String SCREENINGS_BY_GATE_DAY = "border-screenings-by-gate-day";
    public static final String GATE_SCREENINGS_STORE = "border-gate-screenings-store";
    /** The step that sends rejected gate events to the dead letters (header pulse.dlq.step). */
    public static final String GATE_EVENTS_VALIDATE = "border-gate-events-validate";
    public static final String SCREENINGS_VALIDATE = "border-screenings-validate";

    private static final String OUTPUTS = "border-gate-outputs-";

    private BorderTopology() {
    }

    /** The border topology alone (for tests). */
    public static Topology build(TopicNames topics, BorderConfig config, PulseSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, topics, config, serdes);
        return builder.build();
    }

    /** Adds the border steps to {@code builder}, which the app shares with the other domains. */
    public static void addTo(StreamsBuilder builder, TopicNames topics, BorderConfig config, PulseSerdes serdes) {
        Serde<GateTrade> tradeSerde = serdes.specific();
        KStream<String, Emission> outputs = gateAggregates(builder, topics, config, serdes);
        var branches = outputs.split(Named.as(OUTPUTS))
                .branch((key, e) -> e.output() == Output.TRADE, Branched.as("trade"))
                .branch((key, e) -> e.output() == Output.HOUR, Branched.as("hours"))
                .branch((key, e) -> e.output() == Output.YARD, Branched.as("yards"))
                .branch((key, e) -> e.output() == Output.ALERT_EVENT, Branched.as("alert-events"))
                .branch((key, e) -> e.output() == Output.ALERT_STATE, Branched.as("alert-states"))
                .noDefaultBranch();

        KStream<String, GateTrade> trade = branches.get(OUTPUTS + "trade")
                .mapValues(e -> (GateTrade) e.value(), Named.as("border-gate-trade-values"));
        trade.to(topics.name(Topics.GATE_TRADE), Produced.with(Serdes.String(), tradeSerde).withName("border-gate-trade-sink"));
        branches.get(OUTPUTS + "hours")
                .mapValues(e -> (GateHour) e.value(), Named.as("border-gate-hours-values"))
                .to(topics.name(Topics.GATE_HOURS), Produced.with(Serdes.String(), serdes.<GateHour>specific()).withName("border-gate-hours-sink"));
        branches.get(OUTPUTS + "yards")
                .mapValues(e -> (GateYard) e.value(), Named.as("border-gate-yards-values"))
                .to(topics.name(Topics.GATE_YARDS), Produced.with(Serdes.String(), serdes.<GateYard>specific()).withName("border-gate-yards-sink"));
        Serde<CongestionAlert> alertSerde = serdes.specific();
        branches.get(OUTPUTS + "alert-events")
                .mapValues(e -> (CongestionAlert) e.value(), Named.as("border-alert-events-values"))
                .to(topics.name(Topics.ALERTS), Produced.with(Serdes.String(), alertSerde).withName("border-alert-events-sink"));
        branches.get(OUTPUTS + "alert-states")
                .mapValues(e -> (CongestionAlert) e.value(), Named.as("border-alert-states-values"))
                .to(topics.name(Topics.ALERT_STATES), Produced.with(Serdes.String(), alertSerde).withName("border-alert-states-sink"));

        provinceTrade(builder, topics, serdes, trade, tradeSerde);
        screenings(builder, topics, config, serdes);
    }

    /**
     * Validation and lateness, dedup by event id, then the per-gate aggregator. Gate events are keyed
     * by gate code, so no repartition: each task reads its gates' events in the order they happened.
     */
    private static KStream<String, Emission> gateAggregates(StreamsBuilder builder, TopicNames topics, BorderConfig config,
                                                            PulseSerdes serdes) {
        Serde<GateEvent> eventSerde = serdes.specific();
        KStream<String, GateEvent> events = builder.stream(topics.name(Topics.GATE_EVENTS), Consumed.with(Serdes.String(), eventSerde)
                .withName("border-gate-events-source"));
        // The aggregator's state, decoded in memory and written once per commit (DecodedStore) to one
        // changelog: one record per gate, one small entry per vehicle in a yard, and the task's observed
        // event time, which the lateness check reads and advances. An in-memory store, restored from its
        // changelog at start: it holds only what can still change (GateRecord).
        builder.addStateStore(DecodedStore.builder(GATE_STATE_STORE, false, GateRecord.codec(serdes.<GateState>specific()), 200_000));
        KStream<String, CheckedEvent> checked = events.processValues(() -> new CheckedEvent.Judge(config),
                Named.as("border-gate-events-check"), GATE_STATE_STORE);
        KStream<String, GateEvent> accepted = DeadLetters.divert(checked, CheckedEvent::reason, topics.name(Topics.DEAD_LETTERS),
                        CheckedEvent.serde(serdes.forDeadLetters()), GATE_EVENTS_VALIDATE)
                .mapValues(CheckedEvent::event, Named.as("border-gate-events-accepted"));
        // A copy sent any time later is either too late (dead-lettered above, its hour closed) or its
        // first copy's id is still kept (GateEventIds). The events keep their key, the gate code.
        // Without the record cache: each id is written once, so a cache would only hold every new id
        // until the commit and then send them all at once, which the commit waits for; written as they
        // come, their changelog records go out while the task works.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GATE_EVENT_IDS_STORE),
                Serdes.String(), Serdes.Long()).withCachingDisabled());
        KStream<String, GateEvent> byGate = accepted.processValues(() -> new GateEventIds("border-gate-events-dedup", config),
                Named.as("border-gate-events-dedup"), GATE_EVENT_IDS_STORE);
        return byGate.process(() -> new GateAggregator(config), Named.as("border-gate-aggregates"), GATE_STATE_STORE);
    }

    /** Gates' year totals summed per year, joined with the year's plan (either side may come first). */
    private static void provinceTrade(StreamsBuilder builder, TopicNames topics, PulseSerdes serdes,
                                      KStream<String, GateTrade> trade, Serde<GateTrade> tradeSerde) {
        Serde<TradePlan> planSerde = serdes.specific();
        KTable<String, TradePlan> plans = builder.table(topics.name(Topics.TRADE_PLANS),
                Consumed.with(Serdes.String(), planSerde).withName("border-trade-plans-source"),
                Materialized.<String, TradePlan, KeyValueStore<Bytes, byte[]>>as(TRADE_PLANS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(planSerde));
        Serde<ProvinceTradeState> stateSerde = serdes.specific();
        trade.filter((key, t) -> t.getGranularity() == TradePeriod.YEAR, Named.as("border-gate-year-trade"))
                .groupBy((key, t) -> t.getPeriod(), Grouped.with(PROVINCE_TRADE_BY_YEAR, Serdes.String(), tradeSerde))
                .aggregate(ProvinceTrades::empty, ProvinceTrades::withGate, Named.as("border-province-trade-aggregate"),
                        Materialized.<String, ProvinceTradeState, KeyValueStore<Bytes, byte[]>>as(PROVINCE_TRADE_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(stateSerde))
                .outerJoin(plans, ProvinceTrades::figures, Named.as("border-province-trade-join"))
                .toStream(Named.as("border-province-trade-changes"))
                .to(topics.name(Topics.PROVINCE_TRADE), Produced.with(Serdes.String(), serdes.<ProvinceTrade>specific())
                        .withName("border-province-trade-sink"));
    }

    /** Checkpoint screenings per gate and local day. */
    private static void screenings(StreamsBuilder builder, TopicNames topics, BorderConfig config, PulseSerdes serdes) {
        Serde<CheckpointScreening> screeningSerde = serdes.specific();
        Serde<GateScreenings> totalsSerde = serdes.specific();
        KStream<String, CheckpointScreening> reports = builder.stream(topics.name(Topics.CHECKPOINT_SCREENINGS),
                Consumed.with(Serdes.String(), screeningSerde).withName("border-screenings-source"));
        // Validated first: every copy of an invalid report is dead-lettered with its reason. Screenings are few
        // (thousands a year): every valid id is remembered, so a re-send, or a second run of a whole feed,
        // never counts one twice, however long after.
        KStream<String, CheckpointScreening> valid = DeadLetters.divert(reports, BorderRules::screeningReason,
                topics.name(Topics.DEAD_LETTERS), serdes.forDeadLetters(), SCREENINGS_VALIDATE);
        Deduplication.dropRepeatsOfAnyAge(builder, valid, SCREENING_IDS_STORE, "border-screenings-dedup")
                .groupBy((eventId, s) -> AggregateKeys.gateScreeningDay(s.getGateCode(), DomainRules.localDate(s.getOccurredAt())),
                        Grouped.with(SCREENINGS_BY_GATE_DAY, Serdes.String(), screeningSerde))
                .aggregate(BorderTopology::noScreenings,
                        (key, s, totals) -> addScreening(s, totals),
                        Named.as("border-gate-screenings-aggregate"),
                        Materialized.<String, GateScreenings, KeyValueStore<Bytes, byte[]>>as(GATE_SCREENINGS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(totalsSerde))
                .toStream(Named.as("border-gate-screenings-changes"))
                .to(topics.name(Topics.GATE_SCREENINGS), Produced.with(Serdes.String(), totalsSerde).withName("border-gate-screenings-sink"));
    }

    private static GateScreenings noScreenings() {
        return GateScreenings.newBuilder().setGateCode("").setDate("").setReports(0).setPeopleScreened(0)
                .setTested(0).setPositive(0).setAsOf(Instant.EPOCH).build();
    }

    static GateScreenings addScreening(CheckpointScreening s, GateScreenings totals) {
        return GateScreenings.newBuilder(totals)
                .setGateCode(s.getGateCode())
                .setDate(DomainRules.localDate(s.getOccurredAt()).toString())
                .setReports(Math.incrementExact(totals.getReports()))
                .setPeopleScreened(Math.addExact(totals.getPeopleScreened(), s.getPeopleScreened()))
                .setTested(Math.addExact(totals.getTested(), s.getTested()))
                .setPositive(Math.addExact(totals.getPositive(), s.getPositive()))
                .setAsOf(s.getOccurredAt().isAfter(totals.getAsOf()) ? s.getOccurredAt() : totals.getAsOf())
                .build();
    }
}
