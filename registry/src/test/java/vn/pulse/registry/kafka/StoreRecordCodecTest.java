package vn.pulse.registry.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.pulse.registry.core.StoreRecord;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.RegistryMode;

class StoreRecordCodecTest {

    @Test
    void everyRecordRoundTrips() {
        List<StoreRecord> records = List.of(
                new StoreRecord.SchemaVersion("s", 2, 7, "\"string\"", false),
                new StoreRecord.SchemaVersion("s", 2, 7, "\"string\"", true),
                new StoreRecord.VersionRemoved("s", 2),
                new StoreRecord.Compatibility(null, CompatibilityLevel.FULL),
                new StoreRecord.Compatibility("s", null),
                new StoreRecord.Mode(null, RegistryMode.READONLY),
                new StoreRecord.Mode("s", null),
                new StoreRecord.MaxId(42));
        for (StoreRecord record : records) {
            StoreRecordCodec.Encoded encoded = StoreRecordCodec.encode(record);
            assertThat(StoreRecordCodec.decode(encoded.key(), encoded.value())).contains(record);
        }
    }

    @Test
    void keysAreStableForCompactionAndUnknownTypesAreSkipped() {
        byte[] live = StoreRecordCodec.encode(new StoreRecord.SchemaVersion("s", 1, 1, "\"int\"", false)).key();
        byte[] tombstone = StoreRecordCodec.encode(new StoreRecord.VersionRemoved("s", 1)).key();
        assertThat(live).isEqualTo(tombstone);
        assertThat(new String(live, StandardCharsets.UTF_8)).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}");
        assertThat(StoreRecordCodec.decode("{\"keytype\":\"NOOP\",\"magic\":0}".getBytes(StandardCharsets.UTF_8), null)).isEmpty();
    }
}
