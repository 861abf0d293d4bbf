package vn.pulse.streams.vaccination;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.RunnerException;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.Districts;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.health.DoseDelta;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.bench.Benchmarks;

/**
 * The vaccination topology's per-dose aggregate step as a KTable aggregate runs it: read the day's
 * serialized {@link DailyDoses} (our Avro serde), add the dose ({@link Counts#addToDay}), write it back
 * serialized; {@code addToDayOnly} is the arithmetic alone, to show what the serdes cost around it.
 * Every district and age group, 30 days. Run: docs/benchmarks.md, "JMH".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DailyDosesBenchmark {

    private static final String TOPIC = "health.daily-doses.v1";
    private static final String[] AGE_GROUPS = AgeGroups.ALL.toArray(String[]::new);

    private DoseDelta[] deltas;
    private String[] keys;
    private Map<String, byte[]> store;
    private Map<String, DailyDoses> objects;
    private Serializer<DailyDoses> serializer;
    private Deserializer<DailyDoses> deserializer;
    private int next;

    @Setup
    public void setUp() {
        Serde<DailyDoses> serde = PulseSerdes.forClient(new InMemorySchemaRegistryClient()).specific();
        serializer = serde.serializer();
        deserializer = serde.deserializer();
        int n = Districts.ALL.size() * AGE_GROUPS.length * 30 * 10;
        deltas = new DoseDelta[n];
        keys = new String[n];
        Instant start = Instant.parse("2021-08-01T01:00:00Z");
        for (int i = 0; i < n; i++) {
            String district = Districts.ALL.get(i % Districts.ALL.size()).code();
            String ageGroup = AGE_GROUPS[(i / Districts.ALL.size()) % AGE_GROUPS.length];
            Instant at = start.plusSeconds(86_400L * ((i / 33) % 30) + i % 3_600);
            LocalDate day = DomainRules.localDate(at);
            deltas[i] = DoseDelta.newBuilder().setDistrictCode(district).setAgeGroup(ageGroup)
                    .setDoseKind(DoseKind.values()[i % DoseKind.values().length]).setDay(day).setChange(1)
                    .setAdministeredAt(at).build();
            keys[i] = AggregateKeys.dailyDoses(district, ageGroup, day);
        }
        store = new HashMap<>();
        objects = new HashMap<>();
    }

    @Benchmark
    public byte[] aggregateStep() {
        int i = next++ % deltas.length;
        byte[] stored = store.get(keys[i]);
        DailyDoses day = stored == null ? empty() : deserializer.deserialize(TOPIC, stored);
        byte[] updated = serializer.serialize(TOPIC, Counts.addToDay(deltas[i], day));
        store.put(keys[i], updated);
        return updated;
    }

    @Benchmark
    public DailyDoses addToDayOnly() {
        int i = next++ % deltas.length;
        DailyDoses day = objects.get(keys[i]);
        DailyDoses updated = Counts.addToDay(deltas[i], day == null ? empty() : day);
        objects.put(keys[i], updated);
        return updated;
    }

    private static DailyDoses empty() {
        return DailyDoses.newBuilder().setDistrictCode("").setAgeGroup("").setDay(LocalDate.EPOCH)
                .setFirstDoses(0).setSecondDoses(0).setBoosterDoses(0).setAsOf(Instant.EPOCH).build();
    }

    public static void main(String[] args) throws RunnerException {
        Benchmarks.run(DailyDosesBenchmark.class, args);
    }
}
