package vn.pulse.streams.border;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import vn.pulse.schemas.border.GateHour;

/**
 * A gate's throughput and waits in one clock hour, as the aggregator keeps it in memory: counts as
 * longs and the waits as sparse histograms in arrays (minutes ascending, the crossings at each).
 * Percentiles are computed only when the hour is stored or written out ({@link #toAvro}). Mutable;
 * one processor's.
 */
final class HourTally {

    final String gate;
    final long hourStart;
    long vehiclesCrossed;
    long exportVehicles;
    long importVehicles;
    long greenLaneVehicles;
    long arrivals;
    long departuresWithoutCrossing;
    final Histogram waits;
    final Histogram normalLaneWaits;
    long asOf;

    HourTally(String gate, long hourStart) {
        this(gate, hourStart, new Histogram(), new Histogram());
        this.asOf = hourStart;
    }

    private HourTally(String gate, long hourStart, Histogram waits, Histogram normalLaneWaits) {
        this.gate = gate;
        this.hourStart = hourStart;
        this.waits = waits;
        this.normalLaneWaits = normalLaneWaits;
    }

    static HourTally of(GateHour h) {
        HourTally tally = new HourTally(h.getGateCode(), h.getHourStart().toEpochMilli(),
                Histogram.of(h.getWaitMinutes(), h.getWaitCounts()), Histogram.of(h.getNormalLaneWaitMinutes(), h.getNormalLaneWaitCounts()));
        tally.vehiclesCrossed = h.getVehiclesCrossed();
        tally.exportVehicles = h.getExportVehicles();
        tally.importVehicles = h.getImportVehicles();
        tally.greenLaneVehicles = h.getGreenLaneVehicles();
        tally.arrivals = h.getArrivals();
        tally.departuresWithoutCrossing = h.getDeparturesWithoutCrossing();
        tally.asOf = h.getAsOf().toEpochMilli();
        return tally;
    }

    /** The normal lane's 90th percentile wait (nearest rank), or {@code null} without samples. */
    Integer normalLaneWaitP90Minutes() {
        return normalLaneWaits.percentile(90);
    }

    GateHour toAvro() {
        return GateHour.newBuilder()
                .setGateCode(gate).setHourStart(Instant.ofEpochMilli(hourStart))
                .setVehiclesCrossed(vehiclesCrossed).setExportVehicles(exportVehicles).setImportVehicles(importVehicles)
                .setGreenLaneVehicles(greenLaneVehicles).setArrivals(arrivals).setDeparturesWithoutCrossing(departuresWithoutCrossing)
                .setWaitSamples(waits.samples).setWaitMinutes(waits.minutes()).setWaitCounts(waits.counts())
                .setWaitP50Minutes(waits.percentile(50)).setWaitP90Minutes(waits.percentile(90))
                .setNormalLaneWaitSamples(normalLaneWaits.samples)
                .setNormalLaneWaitMinutes(normalLaneWaits.minutes()).setNormalLaneWaitCounts(normalLaneWaits.counts())
                .setNormalLaneWaitP90Minutes(normalLaneWaits.percentile(90))
                .setAsOf(Instant.ofEpochMilli(asOf))
                .build();
    }

    /** Waits in whole minutes: distinct minutes ascending in {@code minute[0..size)}, crossings at each in {@code count}. */
    static final class Histogram {
        private int[] minute;
        private long[] count;
        private int size;
        long samples;

        Histogram() {
            this(new int[8], new long[8], 0);
        }

        private Histogram(int[] minute, long[] count, int size) {
            this.minute = minute;
            this.count = count;
            this.size = size;
            for (int i = 0; i < size; i++) {
                samples += count[i];
            }
        }

        static Histogram of(List<Integer> minutes, List<Long> counts) {
            int n = minutes.size();
            int[] m = new int[Math.max(8, n)];
            long[] c = new long[m.length];
            for (int i = 0; i < n; i++) {
                m[i] = minutes.get(i);
                c[i] = counts.get(i);
            }
            return new Histogram(m, c, n);
        }

        /** Adds one wait of {@code m} minutes (already capped). */
        void add(int m) {
            int i = Arrays.binarySearch(minute, 0, size, m);
            if (i >= 0) {
                count[i] = Math.incrementExact(count[i]);
            } else {
                int at = -i - 1;
                if (size == minute.length) {
                    minute = Arrays.copyOf(minute, size * 2);
                    count = Arrays.copyOf(count, size * 2);
                }
                System.arraycopy(minute, at, minute, at + 1, size - at);
                System.arraycopy(count, at, count, at + 1, size - at);
                minute[at] = m;
                count[at] = 1;
                size++;
            }
            samples = Math.incrementExact(samples);
        }

        /** The smallest wait with at least {@code percent}% of the samples at or below it (nearest rank); null without samples. */
        Integer percentile(int percent) {
            if (samples == 0) {
                return null;
            }
            long rank = Math.max(1, (samples * percent + 99) / 100);
            long seen = 0;
            for (int i = 0; i < size; i++) {
                seen += count[i];
                if (seen >= rank) {
                    return minute[i];
                }
            }
            return minute[size - 1];
        }

        List<Integer> minutes() {
            List<Integer> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(minute[i]);
            }
            return list;
        }

        List<Long> counts() {
            List<Long> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(count[i]);
            }
            return list;
        }
    }
}
