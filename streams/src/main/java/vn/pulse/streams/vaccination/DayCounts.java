package vn.pulse.streams.vaccination;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import vn.pulse.schemas.health.DoseKind;

/**
 * Dose counts of one district, age group and administration day, as the dose ledger's task keeps them
 * (its own doses only: a partial total) and as it sends what changed since its last commit to the
 * task that owns the cohort (a change). Exact: a sum that would overflow throws
 * {@link ArithmeticException}.
 *
 * @param epochDay  the administration day (Asia/Ho_Chi_Minh), as {@link LocalDate#toEpochDay()}
 * @param asOfMillis the latest administration time among the doses added (0 if none: retractions
 *                   never move it), epoch millis
 * @param latestTimestamp the newest record timestamp among the reports counted, epoch millis
 */
record DayCounts(int epochDay, long first, long second, long booster, long asOfMillis, long latestTimestamp) {

    /** Fixed size of the binary form: no schema, no registry, no copy beyond the buffer. */
    static final int BYTES = Integer.BYTES + 5 * Long.BYTES;

    /** Nothing counted yet on {@code epochDay}. */
    static DayCounts empty(int epochDay) {
        return new DayCounts(epochDay, 0, 0, 0, 0, Long.MIN_VALUE);
    }

    /** These counts with one dose of {@code kind} added ({@code change} +1) or retracted (-1). */
    DayCounts plus(DoseKind kind, int change, Instant administeredAt, long timestamp) {
        long f = first;
        long s = second;
        long b = booster;
        switch (kind) {
            case FIRST -> f = Math.addExact(f, change);
            case SECOND -> s = Math.addExact(s, change);
            case BOOSTER -> b = Math.addExact(b, change);
            default -> throw new IllegalArgumentException("doseKind: unknown kind " + kind);
        }
        long asOf = change > 0 ? Math.max(asOfMillis, administeredAt.toEpochMilli()) : asOfMillis;
        return new DayCounts(epochDay, f, s, b, asOf, Math.max(latestTimestamp, timestamp));
    }

    /** What changed from {@code before} (null: nothing counted) to these counts; {@code null} if nothing did. */
    DayCounts since(DayCounts before) {
        if (before == null) {
            before = empty(epochDay);
        }
        if (equals(before)) {
            return null;
        }
        return new DayCounts(epochDay, Math.subtractExact(first, before.first), Math.subtractExact(second, before.second),
                Math.subtractExact(booster, before.booster), asOfMillis, latestTimestamp);
    }

    LocalDate day() {
        return LocalDate.ofEpochDay(epochDay);
    }

    Instant asOf() {
        return Instant.ofEpochMilli(asOfMillis);
    }

    static Serde<DayCounts> serde() {
        return Serdes.serdeFrom(new Writer(), new Reader());
    }

    private static final class Writer implements Serializer<DayCounts> {
        @Override
        public byte[] serialize(String topic, DayCounts counts) {
            if (counts == null) {
                return null;
            }
            return ByteBuffer.allocate(BYTES).putInt(counts.epochDay).putLong(counts.first).putLong(counts.second)
                    .putLong(counts.booster).putLong(counts.asOfMillis).putLong(counts.latestTimestamp).array();
        }
    }

    private static final class Reader implements Deserializer<DayCounts> {
        @Override
        public DayCounts deserialize(String topic, byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != BYTES) {
                throw new SerializationException("day counts: expected " + BYTES + " bytes, got " + bytes.length + " (topic " + topic + ")");
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            return new DayCounts(in.getInt(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong());
        }
    }
}
