package vn.pulse.tools.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.KafkaAvroSerializer;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.streams.PulseSerdes;

/**
 * The doses of the scale rows (10-12): the same number of doses, drawn the same way, over the
 * counting units of a data set (Lạng Sơn's 11 districts, or the 3,298 communes of the generated
 * national data set), serialized once as our producers write them; and the totals each cohort
 * ({@code unit|ageGroup}) must show afterwards, which is how every run of those rows is checked.
 */
final class ScaleDoses {

    private static final List<String> PRODUCTS = List.of("AstraZeneca", "Pfizer", "Vero Cell", "Moderna");
    private static final DoseKind[] KINDS = DoseKind.values();
    /** How long {@link #verify} reads again before a difference fails the row. */
    static final int SETTLE_SECONDS = 30;

    /** Serialized doses (keys and values as our producers write them) and the doses each cohort must show. */
    record Batch(byte[][] keys, byte[][] values, Map<String, Long> perCohort) {
        int count() {
            return keys.length;
        }
    }

    private ScaleDoses() {
    }

    /**
     * {@code count} doses with event ids {@code idPrefix + n}, each in a unit of {@code units} and an
     * age group drawn from {@code seed}, administered in the ten minutes before {@code now}.
     */
    static Batch generate(List<String> units, int count, String idPrefix, long seed, Instant now, String registryUrl) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] keys = new byte[count][];
        byte[][] values = new byte[count][];
        Map<String, Long> perCohort = new HashMap<>();
        String topic = Topics.VACCINATION_DOSES.name();
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
            for (int i = 0; i < count; i++) {
                String unit = units.get(random.nextInt(units.size()));
                String ageGroup = random.nextInt(100) < 87 ? "18+" : "12-17";
                String id = idPrefix + i;
                DoseAdministered dose = DoseAdministered.newBuilder()
                        .setEventId(id)
                        .setAdministeredAt(now.minusSeconds(1 + random.nextInt(600)))
                        .setReportedAt(now)
                        .setSiteId("site-" + unit)
                        .setDistrictCode(unit)
                        .setAgeGroup(ageGroup)
                        .setDoseKind(KINDS[random.nextInt(KINDS.length)])
                        .setVaccineProduct(PRODUCTS.get(random.nextInt(PRODUCTS.size())))
                        .setPersonRef(null)
                        .build();
                keys[i] = id.getBytes(StandardCharsets.UTF_8);
                values[i] = serializer.serialize(topic, dose);
                perCohort.merge(AggregateKeys.cohort(unit, ageGroup), 1L, Long::sum);
            }
        }
        return new Batch(keys, values, perCohort);
    }

    /** The sum of two expectations (doses written in several batches to one application). */
    static Map<String, Long> plus(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> sum = new HashMap<>(a);
        b.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return sum;
    }

    /**
     * Checks what an application wrote to the coverage topic from {@code from} on (the end offsets
     * before it started; committed records only, up to {@code committedEnds}' last stable offsets):
     * the last figures of every cohort must equal {@code expected} (first + second + booster doses),
     * and every other cohort must show none. The transaction's markers reach the output partitions
     * shortly after its consumer offsets show as committed, so a read right after the group's commit
     * may miss the last transaction: the check reads again for up to {@value #SETTLE_SECONDS} s before
     * it fails.
     *
     * @throws IllegalStateException naming the first cohorts that differ
     */
    static void verify(String bootstrapServers, String registryUrl, Map<TopicPartition, Long> from,
                       Callable<Map<TopicPartition, Long>> committedEnds, Map<String, Long> expected, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(SETTLE_SECONDS).toNanos();
        while (true) {
            String wrong = differences(read(bootstrapServers, registryUrl, from, committedEnds.call(), what), expected, what);
            if (wrong == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(wrong);
            }
            Thread.sleep(500);
        }
    }

    /** The last doses each cohort shows in the coverage topic between {@code from} and {@code to}. */
    private static Map<String, Long> read(String bootstrapServers, String registryUrl, Map<TopicPartition, Long> from,
                                          Map<TopicPartition, Long> to, String what) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Deserializer<CohortCoverage> values = PulseSerdes.forRegistry(registryUrl).<CohortCoverage>specific().deserializer();
        Map<String, Long> seen = new HashMap<>();
        try (KafkaConsumer<String, CohortCoverage> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = new ArrayList<>(to.keySet());
            consumer.assign(partitions);
            partitions.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < to.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + ": the coverage topic could not be read to its end within 2 minutes");
                }
                for (ConsumerRecord<String, CohortCoverage> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < to.get(new TopicPartition(r.topic(), r.partition())) && r.value() != null) {
                        CohortCoverage c = r.value();
                        seen.put(r.key(), c.getFirstDoses() + c.getSecondDoses() + c.getBoosterDoses());
                    }
                }
            }
        }
        return seen;
    }

    /** What differs between the doses the cohorts show and those written, or null when nothing does. */
    static String differences(Map<String, Long> seen, Map<String, Long> expected, String what) {
        Map<String, String> wrong = new TreeMap<>();
        expected.forEach((cohort, doses) -> {
            long shown = seen.getOrDefault(cohort, 0L);
            if (shown != doses) {
                wrong.put(cohort, shown + " instead of " + doses);
            }
        });
        seen.forEach((cohort, doses) -> {
            if (!expected.containsKey(cohort) && doses != 0) {
                wrong.put(cohort, doses + " instead of 0");
            }
        });
        if (wrong.isEmpty()) {
            return null;
        }
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        long shown = seen.values().stream().mapToLong(Long::longValue).sum();
        return String.format(Locale.ROOT, "%s: wrong totals in %d cohorts (%,d doses shown, %,d written), e.g. %s",
                what, wrong.size(), shown, total, wrong.entrySet().stream().limit(3).toList());
    }
}
