package vn.pulse.streams.vaccination;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A change of one vaccine stock (one product held by one district or by the province), on its way to
 * the task that keeps the stock ({@link StockLedger}): doses allocated (an allocation, or an
 * amendment's reversal) or doses administered on one day. The dose ledger's task also keeps its own
 * doses per stock and day in this form (a partial total) and sends what changed at each commit, as it
 * does for the cohorts' {@link DayCounts}. Exact: a sum that would overflow throws.
 *
 * @param epochDay        the administration day (Asia/Ho_Chi_Minh; for an allocation its delivery day)
 * @param allocated       doses allocated (negative: an amended allocation taken out)
 * @param administered    doses given that day (negative: retracted)
 * @param latestTimestamp the newest record timestamp among the reports included, epoch millis
 */
record StockChange(int epochDay, long allocated, long administered, long latestTimestamp) {

    /** Fixed size of the binary form. */
    static final int BYTES = Integer.BYTES + 3 * Long.BYTES;

    static StockChange allocation(LocalDate deliveredOn, long doses, long timestamp) {
        return new StockChange((int) deliveredOn.toEpochDay(), doses, 0, timestamp);
    }

    /** Nothing given on {@code epochDay} yet. */
    static StockChange noDoses(int epochDay) {
        return new StockChange(epochDay, 0, 0, Long.MIN_VALUE);
    }

    /** These doses with one more given ({@code change} +1) or retracted (-1). */
    StockChange plusDose(int change, long timestamp) {
        return new StockChange(epochDay, allocated, Math.addExact(administered, change), Math.max(latestTimestamp, timestamp));
    }

    /** What changed from {@code before} (null: nothing) to this partial total; {@code null} if nothing did. */
    StockChange since(StockChange before) {
        if (before == null) {
            before = noDoses(epochDay);
        }
        if (equals(before)) {
            return null;
        }
        return new StockChange(epochDay, Math.subtractExact(allocated, before.allocated),
                Math.subtractExact(administered, before.administered), latestTimestamp);
    }

    LocalDate day() {
        return LocalDate.ofEpochDay(epochDay);
    }

    static Serde<StockChange> serde() {
        return Serdes.serdeFrom(new Writer(), new Reader());
    }

    private static final class Writer implements Serializer<StockChange> {
        @Override
        public byte[] serialize(String topic, StockChange change) {
            if (change == null) {
                return null;
            }
            return ByteBuffer.allocate(BYTES).putInt(change.epochDay).putLong(change.allocated).putLong(change.administered)
                    .putLong(change.latestTimestamp).array();
        }
    }

    private static final class Reader implements Deserializer<StockChange> {
        @Override
        public StockChange deserialize(String topic, byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != BYTES) {
                throw new SerializationException("stock change: expected " + BYTES + " bytes, got " + bytes.length + " (topic " + topic + ")");
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            return new StockChange(in.getInt(), in.getLong(), in.getLong(), in.getLong());
        }
    }
}
