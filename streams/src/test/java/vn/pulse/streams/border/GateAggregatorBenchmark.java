package vn.pulse.streams.border;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.RunnerException;
import vn.pulse.core.reference.Gates;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.GateState;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.VehicleType;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.bench.Benchmarks;

/**
 * The border topology's hot path: {@link GateAggregator#process} for one gate event (yard, visit, hour
 * with its wait histograms, trade per day/month/year, alerts, pending marks), on the app's
 * {@link DecodedStore}s over in-memory stores with our Avro serdes, written out every 1,000 events as a
 * commit would; RocksDB and changelogs are left out. Arrivals and crossings of 8 gates, one every 10 s of
 * event time, in order. Run: docs/benchmarks.md, "JMH".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GateAggregatorBenchmark {

    private static final int EVENTS = 200_000;
    private static final Instant START = Instant.parse("2021-12-01T00:00:00Z");

    private GateEvent[] events;
    private MockProcessorContext<String, GateAggregator.Emission> context;
    private GateAggregator aggregator;
    private int next;

    @Setup(Level.Trial)
    public void events() {
        events = new GateEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            int vehicle = i / 2;
            boolean crossing = i % 2 == 1;
            events[i] = GateEvent.newBuilder()
                    .setEventId("e-" + i)
                    .setGateCode(Gates.ALL.get(vehicle % Gates.ALL.size()).code())
                    .setOccurredAt(START.plusSeconds(10L * i))
                    .setKind(crossing ? GateEventKind.CROSSED : GateEventKind.ARRIVED)
                    .setDirection(vehicle % 3 == 0 ? TradeDirection.IMPORT : TradeDirection.EXPORT)
                    .setVehicleRef("truck-" + vehicle)
                    .setVehicleType(VehicleType.TRUCK)
                    .setCargoCategory(CargoCategory.AGRICULTURAL_PRODUCE)
                    .setGreenLane(vehicle % 5 == 0)
                    .setTons(new BigDecimal("20.000"))
                    .setDeclaredValueUsd(crossing ? new BigDecimal("12500.00") : new BigDecimal("0.00"))
                    .build();
        }
    }

    /** A fresh store for each iteration, so each one starts from the same (empty) state. */
    @Setup(Level.Iteration)
    public void stores() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(START.toEpochMilli());
        // The app's store (BorderTopology), in memory and without a changelog.
        PulseSerdes serdes = PulseSerdes.forClient(new InMemorySchemaRegistryClient());
        StateStore store = DecodedStore.builder(BorderTopology.GATE_STATE_STORE, false,
                GateRecord.codec(serdes.<GateState>specific()), 200_000).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        aggregator = new GateAggregator(BorderConfig.defaults());
        aggregator.init(context);
        next = 0;
    }

    @Benchmark
    public void processGateEvent() {
        if (next == EVENTS) {
            throw new IllegalStateException("more than " + EVENTS + " events per iteration; raise EVENTS");
        }
        GateEvent event = events[next++];
        aggregator.process(new Record<>(event.getGateCode(), event, event.getOccurredAt().toEpochMilli()));
        if (next % 1_000 == 0) {
            // About what a commit writes: each changed key once, and the changed aggregates (the interval has passed).
            context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 1_000);
            ((DecodedStore<?>) context.getStateStore(BorderTopology.GATE_STATE_STORE)).flushCache();
            context.resetForwards();
        }
    }

    public static void main(String[] args) throws RunnerException {
        Benchmarks.run(GateAggregatorBenchmark.class, args);
    }
}
