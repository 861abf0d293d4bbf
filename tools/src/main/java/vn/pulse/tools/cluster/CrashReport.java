package vn.pulse.tools.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a crash test did and found. {@link #passed()} when nothing was lost or counted twice (every
 * aggregate and the API equal the recomputation), the read_committed reader saw no rolled-back value,
 * no dead letter was written and every fault was survived.
 */
public record CrashReport(String profile, long seed, Duration elapsed, Duration caughtUpIn, Map<String, Long> injected,
                          Map<String, Integer> kills, long inputRecords, long aggregateKeysCompared, long dosesCounted,
                          long dosesCorrected, long crossingsCounted, Watcher committedReader, Watcher uncommittedReader,
                          long deadLetters, Map<String, Long> lagAtEnd, Map<String, Long> peakRssMib, List<String> timeline,
                          List<String> failures) {

    /** One watcher's outcome: records it read, of those rolled back, and gate-trade values that went backwards or too high. */
    public record Watcher(long recordsSeen, long rolledBack, List<String> tradeRegressions) {
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /** A few lines for a person (the CLI prints it; the IT too). */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("Crash test, profile %s, seed %d: %s in %d s (caught up %d s after the workload)%n", profile, seed,
                passed() ? "PASSED" : "FAILED", elapsed.toSeconds(), caughtUpIn.toSeconds()));
        b.append("  faults survived: ").append(kills).append('\n');
        b.append("  injected: ").append(injected).append('\n');
        long aggregateDiffs = failures.stream().filter(f -> f.startsWith("aggregate differs")).count();
        long apiDiffs = failures.stream().filter(f -> f.startsWith("API differs")).count();
        b.append(String.format("  verified: %d input records; %d aggregate keys against the recomputation: %s (%d doses counted, %d corrected away, %d crossings); API totals: %s%n",
                inputRecords, aggregateKeysCompared, aggregateDiffs == 0 ? "all equal" : aggregateDiffs + " differ",
                dosesCounted, dosesCorrected, crossingsCounted, apiDiffs == 0 ? "equal" : apiDiffs + " differ"));
        b.append(String.format("  read_committed reader: %d records, %d rolled back, %d trade values backwards or above final%n",
                committedReader.recordsSeen(), committedReader.rolledBack(), committedReader.tradeRegressions().size()));
        b.append(String.format("  read_uncommitted reader: %d records, %d from aborted transactions, %d trade values backwards or above final%n",
                uncommittedReader.recordsSeen(), uncommittedReader.rolledBack(), uncommittedReader.tradeRegressions().size()));
        b.append("  dead letters: ").append(deadLetters).append("; Streams group lag at the end: ").append(lagAtEnd)
                .append(" (last stable offset minus committed offset)\n");
        b.append("  peak RSS (MiB): ").append(peakRssMib).append('\n');
        b.append("  timeline:\n");
        timeline.forEach(t -> b.append("    ").append(t).append('\n'));
        if (!failures.isEmpty()) {
            b.append("  FAILURES:\n");
            failures.stream().limit(40).forEach(f -> b.append("    ").append(f).append('\n'));
            if (failures.size() > 40) {
                b.append("    ... ").append(failures.size() - 40).append(" more\n");
            }
        }
        return b.toString();
    }

    static final class Builder {
        private final CrashHarness.Profile profile;
        private final long seed;
        private Duration elapsed = Duration.ZERO;
        private Duration caughtUpIn = Duration.ZERO;
        private final Map<String, Long> injected = new LinkedHashMap<>();
        private final Map<String, Integer> kills = new LinkedHashMap<>();
        private Recomputation.Expected expected;
        private long aggregateKeys;
        private Watcher committed = new Watcher(0, 0, List.of());
        private Watcher uncommitted = new Watcher(0, 0, List.of());
        private long deadLetters;
        private final Map<String, Long> lagAtEnd = new LinkedHashMap<>();
        private final Map<String, Long> peakRss = new LinkedHashMap<>();
        private List<String> timeline = List.of();
        private final List<String> failures = new ArrayList<>();

        Builder(CrashHarness.Profile profile, long seed) {
            this.profile = profile;
            this.seed = seed;
        }

        void failure(String what) {
            failures.add(what);
        }

        void workload(CrashWorkload.Stats s) {
            injected.put("doses", s.doses.get());
            injected.put("corrections", s.corrections.get());
            injected.put("crossings", s.crossings.get());
            injected.put("duplicates re-sent", s.duplicates.get());
            injected.put("late doses (1-20 days)", s.lateDoses.get());
            injected.put("late crossings (5-30 min)", s.lateCrossings.get());
            injected.put("repeated corrections", s.repeatedCorrections.get());
            injected.put("via ingest HTTP", s.viaIngest.get());
            injected.put("via producer", s.viaProducer.get());
            injected.put("ingest retries (503 / no answer)", s.ingestRetries.get());
            injected.put("producer re-sends", s.producerResends.get());
        }

        void kills(PulseCluster cluster) {
            int streamsKills = cluster.streamsInstances().stream().mapToInt(ServiceProcess::kills).sum();
            kills.put("streams kill -9", streamsKills);
            kills.put("api kill -9", cluster.api().kills());
            kills.put("broker kill -9", cluster.brokers().stream().mapToInt(ServiceProcess::kills).sum());
            kills.put("registry stops", cluster.registry().starts() - 1);
        }

        /** A fault that is no process kill (network faults, the kill of a partition leader), counted by name. */
        void fault(String what, int times) {
            kills.merge(what, times, Integer::sum);
        }

        void expected(Recomputation.Expected e) {
            expected = e;
        }

        void aggregateKeysCompared(long n) {
            aggregateKeys = n;
        }

        void caughtUpIn(Duration d) {
            caughtUpIn = d;
        }

        void lagAtEnd(Map<TopicPartition, Long> lag) {
            lag.forEach((tp, l) -> {
                if (l != 0) {
                    failures.add("input " + tp + " not processed: lag " + l);
                }
            });
            lagAtEnd.put("inputs", lag.values().stream().mapToLong(Long::longValue).sum());
        }

        void repartitionLag(Map<TopicPartition, Long> lag) {
            lagAtEnd.put("repartition", lag.values().stream().mapToLong(Long::longValue).sum());
        }

        void watcher(boolean readCommitted, long seen, long rolledBack, List<String> regressions) {
            Watcher w = new Watcher(seen, rolledBack, List.copyOf(regressions));
            if (readCommitted) {
                committed = w;
                if (rolledBack > 0) {
                    failures.add("the read_committed reader saw " + rolledBack + " records that are not in the committed log");
                }
                regressions.stream().limit(10).forEach(r -> failures.add("read_committed reader: " + r));
            } else {
                uncommitted = w;
            }
        }

        void deadLetters(long n) {
            deadLetters = n;
            if (n > 0) {
                failures.add(n + " dead letters (expected none)");
            }
        }

        void peakRss(List<ServiceProcess> services) {
            services.forEach(s -> peakRss.put(s.name(), s.peakRssBytes() / (1024 * 1024)));
        }

        void timeline(List<String> lines) {
            timeline = List.copyOf(lines);
        }

        void elapsed(Duration d) {
            elapsed = d;
        }

        private static <V> Map<String, V> ordered(Map<String, V> m) {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
        }

        CrashReport build() {
            return new CrashReport(profile.name(), seed, elapsed, caughtUpIn, ordered(injected), ordered(kills),
                    expected == null ? 0 : expected.inputRecords(), aggregateKeys,
                    expected == null ? 0 : expected.aggregates().dosesCounted(),
                    expected == null ? 0 : expected.dosesCorrected(), expected == null ? 0 : expected.distinctCrossings(),
                    committed, uncommitted, deadLetters, ordered(lagAtEnd), ordered(peakRss), timeline, List.copyOf(failures));
        }
    }
}
