package vn.pulse.streams.border;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.schemas.border.AlertStatus;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.CongestionAlert;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.GateState;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.border.VehicleType;
import vn.pulse.schemas.border.YardVisit;
import vn.pulse.streams.PulseSerdes;

/** How the per-gate aggregator's one store holds a gate's record and the vehicles in its yard. */
class GateRecordTest {

    private static final Instant T0 = Instant.parse("2021-12-24T02:00:00Z");
    private final DecodedStore.Codec<Object> codec =
            GateRecord.codec(PulseSerdes.forClient(new InMemorySchemaRegistryClient()).<GateState>specific());

    @Test
    void aVisitReadsBackAsItWasStoredWhateverItHolds() {
        for (Instant arrived : new Instant[] {null, T0}) {
            for (Instant exited : new Instant[] {null, T0.plusSeconds(90)}) {
                for (GateEventKind kind : new GateEventKind[] {null, GateEventKind.CROSSED, GateEventKind.LEFT}) {
                    YardVisit visit = YardVisit.newBuilder().setArrivedAt(arrived).setExitedAt(exited).setExitKind(kind).build();
                    byte[] bytes = codec.encode("t", visit);
                    assertThat(bytes[0]).isEqualTo(GateRecord.VISIT);
                    assertThat(codec.decode("t", bytes)).isEqualTo(visit);
                }
            }
        }
    }

    @Test
    void gateEventKindsDifferInTheirFirstLetterWhichAStoredVisitKeeps() {
        List<Character> letters = Arrays.stream(GateEventKind.values()).map(k -> k.name().charAt(0)).toList();
        assertThat(letters).doesNotHaveDuplicates().doesNotContain((char) 0);
    }

    @Test
    void aGatesRecordReadsBackAsItWasStored() {
        GateRecord gate = new GateRecord("HUU_NGHI");
        gate.yard = GateYard.newBuilder().setGateCode("HUU_NGHI").setBacklog(3).setArrivals(10).setCrossings(7)
                .setDeparturesWithoutCrossing(0).setCrossingsWithoutArrival(1).setAsOf(T0).build();
        TradeTally day = new TradeTally("HUU_NGHI", TradePeriod.DAY, "2021-12-24", T0.toEpochMilli());
        day.exportCents = 123_456;
        day.exportKilograms = 20_000;
        day.exportVehicles = 2;
        gate.trade.put("HUU_NGHI|DAY|2021-12-24", day);
        HourTally hour = new HourTally("HUU_NGHI", T0.toEpochMilli());
        hour.vehiclesCrossed = 2;
        hour.waits.add(12);
        hour.waits.add(90);
        hour.normalLaneWaits.add(90);
        hour.asOf = T0.toEpochMilli() + 60_000;
        gate.hours.put("HUU_NGHI|2021-12-24T02:00:00Z", hour);
        CongestionAlert alert = CongestionAlert.newBuilder().setAlertId("HUU_NGHI|BACKLOG|2021-12-24T02:00:00Z")
                .setGateCode("HUU_NGHI").setKind(CongestionKind.BACKLOG).setStatus(AlertStatus.RAISED).setRaisedAt(T0)
                .setClearedAt(null).setValue(700).setPeakValue(710).setRaiseThreshold(600).setClearThreshold(300)
                .setMessage("m").build();
        gate.alerts.put("HUU_NGHI|BACKLOG", alert);
        gate.pending.add("Y|HUU_NGHI");
        gate.pending.add("T|HUU_NGHI|DAY|2021-12-24");

        GateRecord read = (GateRecord) codec.decode("t", codec.encode("t", gate));

        assertThat(read.toAvro()).isEqualTo(gate.toAvro());
        assertThat(read.pending).containsExactly("Y|HUU_NGHI", "T|HUU_NGHI|DAY|2021-12-24");
        assertThat(read.alerts).containsOnlyKeys("HUU_NGHI|BACKLOG");
        assertThat(read.hours.get("HUU_NGHI|2021-12-24T02:00:00Z").toAvro().getWaitP90Minutes()).isEqualTo(90);
    }

    @Test
    void theObservedEventTimeReadsBackAsItWasStored() {
        byte[] bytes = codec.encode("t", T0.toEpochMilli());
        assertThat(bytes[0]).isEqualTo(GateRecord.TIME);
        assertThat(codec.decode("t", bytes)).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void theObservedEventTimeIsTheStoredOneOrOverOlderStateTheLatestInTheYards() {
        DecodedStore<Object> store = gateStore(context());
        assertThat(GateRecord.observedTime(store)).isEqualTo(Long.MIN_VALUE);

        // State written before the observed time was kept in this store: gates' records and a visit only.
        for (String gate : new String[] {"HUU_NGHI", "TAN_THANH"}) {
            GateRecord record = new GateRecord(gate);
            record.yard = GateYard.newBuilder().setGateCode(gate).setBacklog(1).setArrivals(1).setCrossings(0)
                    .setDeparturesWithoutCrossing(0).setCrossingsWithoutArrival(0)
                    .setAsOf(gate.equals("HUU_NGHI") ? T0 : T0.plusSeconds(3_600)).build();
            store.put(gate, record);
        }
        store.put("HUU_NGHI|truck-1", YardVisit.newBuilder().setArrivedAt(T0).setExitedAt(null).setExitKind(null).build());
        store.flushCache();
        store.clearCache();
        assertThat(GateRecord.observedTime(store)).isEqualTo(T0.plusSeconds(3_600).toEpochMilli());

        store.put(GateRecord.OBSERVED_TIME_KEY, T0.plusSeconds(7_200).toEpochMilli());
        store.flushCache();
        store.clearCache();
        assertThat(GateRecord.observedTime(store)).isEqualTo(T0.plusSeconds(7_200).toEpochMilli());
    }

    @Test
    void anUpdateCommittedButNotYetWrittenOutIsWrittenOutAfterARestart() {
        MockProcessorContext<String, GateAggregator.Emission> before = context();
        DecodedStore<Object> store = gateStore(before);
        GateAggregator aggregator = started(before, store);
        aggregator.process(record(event("e1", GateEventKind.ARRIVED, T0, "0.00")));
        aggregator.process(record(event("e2", GateEventKind.CROSSED, T0.plusSeconds(600), "250.00")));
        // A commit before the emission interval has passed: the changes are stored, not yet written out.
        store.flushCache();
        assertThat(before.forwarded()).isEmpty();
        // A crash after the commit, before the emission: memory is gone, the committed store remains.
        store.clearCache();

        MockProcessorContext<String, GateAggregator.Emission> after = context();
        started(after, store);
        assertThat(after.forwarded()).isEmpty();
        // The emission interval passes; the punctuation asks for a commit, whose flush writes the changes out.
        after.setCurrentSystemTimeMs(after.currentSystemTimeMs() + 1_000);
        after.scheduledPunctuators().get(0).getPunctuator().punctuate(after.currentSystemTimeMs());
        assertThat(after.committed()).isTrue();
        store.flushCache();

        List<String> keys = after.forwarded().stream().map(f -> (String) f.record().key()).collect(Collectors.toList());
        assertThat(keys).containsExactlyInAnyOrder(
                "HUU_NGHI|DAY|2021-12-24", "HUU_NGHI|MONTH|2021-12", "HUU_NGHI|YEAR|2021", "HUU_NGHI|2021-12-24T02:00:00Z",
                "HUU_NGHI");
        assertThat(((GateYard) after.forwarded().stream().filter(f -> f.record().key().equals("HUU_NGHI")).findFirst()
                .orElseThrow().record().value().value()).getCrossings()).isEqualTo(1);
        // Written out in the same flush, which also recorded that nothing is pending any more.
        assertThat(after.scheduledPunctuators().get(0).cancelled()).as("nothing waits: no more wake-ups").isTrue();
        store.clearCache();
        MockProcessorContext<String, GateAggregator.Emission> again = context();
        started(again, store);
        assertThat(again.scheduledPunctuators()).as("nothing pending after the restart: no wake-up").isEmpty();
        again.setCurrentSystemTimeMs(again.currentSystemTimeMs() + 1_000);
        store.flushCache();
        assertThat(again.committed()).isFalse();
        assertThat(again.forwarded()).isEmpty();
    }

    @Test
    void asksForACommitOnlyWhenChangesWaitAndNoCommitCameForAnInterval() {
        MockProcessorContext<String, GateAggregator.Emission> context = context();
        DecodedStore<Object> store = gateStore(context);
        GateAggregator aggregator = started(context, store);
        long start = context.currentSystemTimeMs();
        long interval = BorderConfig.defaults().emitInterval().toMillis();
        assertThat(context.scheduledPunctuators()).as("nothing waits: no punctuation").isEmpty();

        // A busy task: events between commits that come every interval, each of which writes the changes out.
        for (int i = 1; i <= 4; i++) {
            aggregator.process(record(event("e" + i, i % 2 == 1 ? GateEventKind.ARRIVED : GateEventKind.CROSSED,
                    T0.plusSeconds(60L * i), "1.00")));
            context.setCurrentSystemTimeMs(start + interval * i);
            store.flushCache();
            assertThat(context.forwarded()).as("written out at commit %d", i).isNotEmpty();
            context.resetForwards();
        }
        assertThat(context.scheduledPunctuators()).as("commits come: no punctuation asks for more").isEmpty();
        assertThat(context.committed()).isFalse();

        // A commit too soon after the last emission (asked for elsewhere): the change waits for a later commit.
        aggregator.process(record(event("e5", GateEventKind.ARRIVED, T0.plusSeconds(300), "1.00")));
        long early = start + interval * 4 + interval / 2;
        context.setCurrentSystemTimeMs(early);
        store.flushCache();
        assertThat(context.forwarded()).isEmpty();
        assertThat(context.scheduledPunctuators()).hasSize(1);
        MockProcessorContext.CapturedPunctuator wakeUp = context.scheduledPunctuators().get(0);

        // The task falls idle: no commit comes, so once a whole interval has passed without one the wake-up asks for one.
        wakeUp.getPunctuator().punctuate(early + interval / 2);
        assertThat(context.committed()).as("a commit came half an interval ago").isFalse();
        wakeUp.getPunctuator().punctuate(early + interval);
        assertThat(context.committed()).isTrue();
        context.setCurrentSystemTimeMs(early + interval);
        store.flushCache();
        assertThat(context.forwarded().stream().map(f -> (String) f.record().key()).collect(Collectors.toList())).contains("HUU_NGHI");
        assertThat(wakeUp.cancelled()).as("nothing waits any more").isTrue();
        assertThat(context.scheduledPunctuators()).hasSize(1);
    }

    /** A context whose wall clock reads 2030-01-01. */
    /** The gate-state store, without a changelog, opened on {@code context}. */
    private DecodedStore<Object> gateStore(MockProcessorContext<String, GateAggregator.Emission> context) {
        DecodedStore<Object> store = DecodedStore.builder(BorderTopology.GATE_STATE_STORE, false, codec, 1_000)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** An aggregator with the default settings, started on {@code context} over {@code store} (as after a restart). */
    private static GateAggregator started(MockProcessorContext<String, GateAggregator.Emission> context, DecodedStore<Object> store) {
        context.addStateStore(store);
        GateAggregator aggregator = new GateAggregator(BorderConfig.defaults());
        aggregator.init(context);
        return aggregator;
    }

    private static MockProcessorContext<String, GateAggregator.Emission> context() {
        MockProcessorContext<String, GateAggregator.Emission> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
        return context;
    }

    private static Record<String, GateEvent> record(GateEvent event) {
        return new Record<>(event.getGateCode(), event, event.getOccurredAt().toEpochMilli());
    }

    private static GateEvent event(String id, GateEventKind kind, Instant at, String valueUsd) {
        return GateEvent.newBuilder().setEventId(id).setGateCode("HUU_NGHI").setOccurredAt(at).setKind(kind)
                .setDirection(TradeDirection.EXPORT).setVehicleRef("truck-1").setVehicleType(VehicleType.TRUCK)
                .setCargoCategory(CargoCategory.AGRICULTURAL_PRODUCE).setGreenLane(false)
                .setTons(new BigDecimal("20.000")).setDeclaredValueUsd(new BigDecimal(valueUsd)).build();
    }
}
