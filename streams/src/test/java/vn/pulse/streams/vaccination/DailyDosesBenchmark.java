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
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.streams.PulseSerdes;
import vn.pulse.streams.bench.Benchmarks;

/**
 * The vaccination topology's per-dose counting step as the dose ledger's task runs it: read the day's
 * serialized partial {@link DayCounts} (its fixed-size binary serde, as the record cache holds it), add
 * the dose ({@link DayCounts#plus}), write it back serialized; {@code addToDayOnly} is the arithmetic
 * alone, to show what the serde costs around it. {@code avroDayStep} is the same step with the
 * {@link DailyDoses} Avro serde, for comparison. Every district and age group, 30 days.
 * Run: docs/benchmarks.md, "JMH".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DailyDosesBenchmark {

    private static final String TOPIC = "health.daily-doses.v1";
    private static final String[] AGE_GROUPS = AgeGroups.ALL.toArray(String[]::new);

    private DoseKind[] kinds;
    private Instant[] times;
    private int[] days;
    private String[] keys;
    private AggregateKeys.Cohort[] cohorts;
    private Map<String, byte[]> store;
    private Map<String, DayCounts> objects;
    private Serializer<DayCounts> serializer;
    private Deserializer<DayCounts> deserializer;
    private Serializer<DailyDoses> avroSerializer;
    private Deserializer<DailyDoses> avroDeserializer;
    private int next;

    @Setup
    public void setUp() {
        Serde<DailyDoses> avro = PulseSerdes.forClient(new InMemorySchemaRegistryClient()).specific();
        avroSerializer = avro.serializer();
        avroDeserializer = avro.deserializer();
        serializer = DayCounts.serde().serializer();
        deserializer = DayCounts.serde().deserializer();
        int n = Districts.ALL.size() * AGE_GROUPS.length * 30 * 10;
        kinds = new DoseKind[n];
        times = new Instant[n];
        days = new int[n];
        keys = new String[n];
        cohorts = new AggregateKeys.Cohort[n];
        Instant start = Instant.parse("2021-08-01T01:00:00Z");
        for (int i = 0; i < n; i++) {
            String district = Districts.ALL.get(i % Districts.ALL.size()).code();
            String ageGroup = AGE_GROUPS[(i / Districts.ALL.size()) % AGE_GROUPS.length];
            Instant at = start.plusSeconds(86_400L * ((i / 33) % 30) + i % 3_600);
            LocalDate day = DomainRules.localDate(at);
            kinds[i] = DoseKind.values()[i % DoseKind.values().length];
            times[i] = at;
            days[i] = (int) day.toEpochDay();
            keys[i] = AggregateKeys.dailyDoses(district, ageGroup, day);
            cohorts[i] = new AggregateKeys.Cohort(district, ageGroup);
        }
        store = new HashMap<>();
        objects = new HashMap<>();
    }

    @Benchmark
    public byte[] aggregateStep() {
        int i = next++ % keys.length;
        byte[] stored = store.get(keys[i]);
        DayCounts day = stored == null ? DayCounts.empty(days[i]) : deserializer.deserialize(TOPIC, stored);
        byte[] updated = serializer.serialize(TOPIC, day.plus(kinds[i], 1, times[i], times[i].toEpochMilli()));
        store.put(keys[i], updated);
        return updated;
    }

    @Benchmark
    public DayCounts addToDayOnly() {
        int i = next++ % keys.length;
        DayCounts day = objects.get(keys[i]);
        DayCounts updated = (day == null ? DayCounts.empty(days[i]) : day).plus(kinds[i], 1, times[i], times[i].toEpochMilli());
        objects.put(keys[i], updated);
        return updated;
    }

    @Benchmark
    public byte[] avroDayStep() {
        int i = next++ % keys.length;
        byte[] stored = store.get(keys[i]);
        DailyDoses day = stored == null ? null : avroDeserializer.deserialize(TOPIC, stored);
        byte[] updated = avroSerializer.serialize(TOPIC, Counts.addToDay(DayCounts.empty(days[i])
                .plus(kinds[i], 1, times[i], times[i].toEpochMilli()), cohorts[i], day));
        store.put(keys[i], updated);
        return updated;
    }

    public static void main(String[] args) throws RunnerException {
        Benchmarks.run(DailyDosesBenchmark.class, args);
    }
}
