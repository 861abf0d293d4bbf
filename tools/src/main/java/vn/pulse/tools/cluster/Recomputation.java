package vn.pulse.tools.cluster;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.topics.Topics;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.KafkaAvroDeserializer;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseKind;

/**
 * The crash test's oracle: the aggregates recomputed from the raw input topics by rules re-derived here
 * from docs/vaccination.md and docs/border.md (not by calling the topology's classes), and the same
 * figures read back from the aggregate topics, compared key by key.
 *
 * <ul>
 *   <li>A dose counts once per event id, unless some correction names it and its district (before or
 *       after it, once or more): then it does not count at all. It counts in its cohort {@code district|ageGroup} by kind,
 *       and on the day of its administration time in the province's zone.</li>
 *   <li>A crossing counts once per event id, in its gate's day, month and year (the province's zone):
 *       value, tons and vehicles per direction, green-lane vehicles.</li>
 * </ul>
 */
final class Recomputation {

    /** Doses of a cohort or a cohort's day, by kind. */
    record Counts(long first, long second, long booster) {
        static final Counts ZERO = new Counts(0, 0, 0);

        Counts plus(DoseKind kind) {
            return switch (kind) {
                case FIRST -> new Counts(first + 1, second, booster);
                case SECOND -> new Counts(first, second + 1, booster);
                case BOOSTER -> new Counts(first, second, booster + 1);
            };
        }

        long total() {
            return first + second + booster;
        }
    }

    /** A gate's trade in one period. Decimals compared by value (scale aside). */
    record Trade(BigDecimal exportUsd, BigDecimal importUsd, BigDecimal exportTons, BigDecimal importTons,
                 long exportVehicles, long importVehicles, long greenLane) {
        static final Trade ZERO = new Trade(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0);

        Trade plus(GateEvent e) {
            boolean export = e.getDirection() == TradeDirection.EXPORT;
            return new Trade(export ? exportUsd.add(e.getDeclaredValueUsd()) : exportUsd,
                    export ? importUsd : importUsd.add(e.getDeclaredValueUsd()),
                    export ? exportTons.add(e.getTons()) : exportTons,
                    export ? importTons : importTons.add(e.getTons()),
                    exportVehicles + (export ? 1 : 0), importVehicles + (export ? 0 : 1), greenLane + (e.getGreenLane() ? 1 : 0));
        }

        long vehicles() {
            return exportVehicles + importVehicles;
        }

        boolean sameAs(Trade o) {
            return exportUsd.compareTo(o.exportUsd) == 0 && importUsd.compareTo(o.importUsd) == 0
                    && exportTons.compareTo(o.exportTons) == 0 && importTons.compareTo(o.importTons) == 0
                    && exportVehicles == o.exportVehicles && importVehicles == o.importVehicles && greenLane == o.greenLane;
        }

        static Trade of(GateTrade t) {
            return new Trade(t.getExportValueUsd(), t.getImportValueUsd(), t.getExportTons(), t.getImportTons(),
                    t.getExportVehicles(), t.getImportVehicles(), t.getGreenLaneVehicles());
        }
    }

    /** The three aggregates, keyed by {@code district|ageGroup}, {@code district|ageGroup|date}, {@code gate|DAY|date} etc. */
    record Aggregates(Map<String, Counts> coverage, Map<String, Counts> daily, Map<String, Trade> trade) {
        long dosesCounted() {
            return coverage.values().stream().mapToLong(Counts::total).sum();
        }

        int keys() {
            return coverage.size() + daily.size() + trade.size();
        }
    }

    /** What the input topics hold, and what must follow from them. */
    record Expected(Aggregates aggregates, Map<String, Set<String>> idsByTopic, long inputRecords, long distinctDoses,
                    long dosesCorrected, long distinctCrossings) {
    }

    private Recomputation() {
    }

    static Expected fromInputTopics(String bootstrapServers, String registryUrl) {
        Map<String, DoseAdministered> doses = new HashMap<>();
        Set<String> corrected = new HashSet<>();
        Set<String> correctionIds = new HashSet<>();
        Map<String, GateEvent> crossings = new HashMap<>();
        long[] records = {0};
        Deserializer<Object> avro = avroDeserializer(registryUrl);
        readAll(bootstrapServers, Topics.VACCINATION_DOSES.name(), true, r -> {
            records[0]++;
            DoseAdministered d = (DoseAdministered) avro.deserialize(r.topic(), r.value());
            doses.putIfAbsent(d.getEventId(), d);
        });
        readAll(bootstrapServers, Topics.DOSE_CORRECTIONS.name(), true, r -> {
            records[0]++;
            DoseCorrection c = (DoseCorrection) avro.deserialize(r.topic(), r.value());
            corrected.add(c.getDoseEventId() + "|" + c.getDistrictCode());
            correctionIds.add(c.getCorrectionId());
        });
        readAll(bootstrapServers, Topics.GATE_EVENTS.name(), true, r -> {
            records[0]++;
            GateEvent g = (GateEvent) avro.deserialize(r.topic(), r.value());
            if (g.getKind() == GateEventKind.CROSSED) {
                crossings.putIfAbsent(g.getEventId(), g);
            }
        });
        avro.close();
        Map<String, Counts> coverage = new TreeMap<>();
        Map<String, Counts> daily = new TreeMap<>();
        long correctedDoses = 0;
        for (DoseAdministered d : doses.values()) {
            String cohort = AggregateKeys.cohort(d.getDistrictCode(), d.getAgeGroup());
            String day = AggregateKeys.dailyDoses(d.getDistrictCode(), d.getAgeGroup(), DomainRules.localDate(d.getAdministeredAt()));
            if (corrected.contains(d.getEventId() + "|" + d.getDistrictCode())) {
                correctedDoses++;
                coverage.putIfAbsent(cohort, Counts.ZERO);
                daily.putIfAbsent(day, Counts.ZERO);
                continue;
            }
            coverage.merge(cohort, Counts.ZERO.plus(d.getDoseKind()), (a, b) -> a.plus(d.getDoseKind()));
            daily.merge(day, Counts.ZERO.plus(d.getDoseKind()), (a, b) -> a.plus(d.getDoseKind()));
        }
        Map<String, Trade> trade = new TreeMap<>();
        for (GateEvent g : crossings.values()) {
            var local = g.getOccurredAt().atZone(DomainRules.ZONE);
            for (String key : List.of(AggregateKeys.gateTrade(g.getGateCode(), TradePeriod.DAY, local.toLocalDate().toString()),
                    AggregateKeys.gateTrade(g.getGateCode(), TradePeriod.MONTH, local.format(DateTimeFormatter.ofPattern("yyyy-MM"))),
                    AggregateKeys.gateTrade(g.getGateCode(), TradePeriod.YEAR, Integer.toString(local.getYear())))) {
                trade.merge(key, Trade.ZERO.plus(g), (a, b) -> a.plus(g));
            }
        }
        return new Expected(new Aggregates(coverage, daily, trade),
                Map.of(Topics.VACCINATION_DOSES.name(), doses.keySet(), Topics.DOSE_CORRECTIONS.name(), correctionIds,
                        Topics.GATE_EVENTS.name(), crossings.keySet()),
                records[0], doses.size(), correctedDoses, crossings.size());
    }

    /** The latest committed value of every key of the three aggregate topics, keyed like {@link Aggregates}. */
    static Aggregates fromAggregateTopics(String bootstrapServers, String registryUrl) {
        Map<String, Counts> coverage = new TreeMap<>();
        Map<String, Counts> daily = new TreeMap<>();
        Map<String, Trade> trade = new TreeMap<>();
        Deserializer<Object> avro = avroDeserializer(registryUrl);
        readAll(bootstrapServers, Topics.VACCINATION_COVERAGE.name(), true, r -> {
            if (r.value() != null) {
                CohortCoverage c = (CohortCoverage) avro.deserialize(r.topic(), r.value());
                coverage.put(AggregateKeys.cohort(c.getDistrictCode(), c.getAgeGroup()), new Counts(c.getFirstDoses(), c.getSecondDoses(), c.getBoosterDoses()));
            }
        });
        readAll(bootstrapServers, Topics.DAILY_DOSES.name(), true, r -> {
            if (r.value() != null) {
                DailyDoses d = (DailyDoses) avro.deserialize(r.topic(), r.value());
                daily.put(AggregateKeys.dailyDoses(d.getDistrictCode(), d.getAgeGroup(), d.getDay()),
                        new Counts(d.getFirstDoses(), d.getSecondDoses(), d.getBoosterDoses()));
            }
        });
        readAll(bootstrapServers, Topics.GATE_TRADE.name(), true, r -> {
            if (r.value() != null) {
                GateTrade t = (GateTrade) avro.deserialize(r.topic(), r.value());
                trade.put(tradeKey(t), Trade.of(t));
            }
        });
        avro.close();
        return new Aggregates(coverage, daily, trade);
    }

    static String tradeKey(GateTrade t) {
        return AggregateKeys.gateTrade(t.getGateCode(), t.getGranularity(), t.getPeriod());
    }

    /**
     * Every key whose figures differ, with both sides. A key on one side only is compared with zero
     * (a cohort whose every dose was corrected may show 0 or be absent).
     */
    static List<String> differences(Aggregates expected, Aggregates actual) {
        List<String> out = new ArrayList<>();
        compare("coverage", expected.coverage(), actual.coverage(), Counts.ZERO, Counts::equals, out);
        compare("daily-doses", expected.daily(), actual.daily(), Counts.ZERO, Counts::equals, out);
        compare("gate-trade", expected.trade(), actual.trade(), Trade.ZERO, Trade::sameAs, out);
        return out;
    }

    private static <V> void compare(String what, Map<String, V> expected, Map<String, V> actual, V zero,
                                    java.util.function.BiPredicate<V, V> same, List<String> out) {
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            V e = expected.getOrDefault(key, zero);
            V a = actual.getOrDefault(key, zero);
            if (!same.test(e, a)) {
                out.add(what + " " + key + ": expected " + e + ", topic has " + a);
            }
        }
    }

    static Deserializer<Object> avroDeserializer(String registryUrl) {
        KafkaAvroDeserializer d = new KafkaAvroDeserializer();
        d.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl, AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);
        return d;
    }

    /** Reads every record of {@code topic} from the beginning to its current end (the LSO when read_committed). */
    static long readAll(String bootstrapServers, String topic, boolean readCommitted, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers, readCommitted),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(60)) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " to its end took more than 3 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                        count++;
                    }
                }
            }
            return count;
        }
    }

    static Map<String, Object> consumerConfig(String bootstrapServers, boolean readCommitted) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    }
}
