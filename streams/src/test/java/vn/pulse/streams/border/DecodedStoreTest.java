package vn.pulse.streams.border;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.streams.DriverProperties;

class DecodedStoreTest {

    /** A mutable value, as the aggregator keeps them. */
    static final class Counter {
        long n;
    }

    private static final DecodedStore.Codec<Counter> CODEC = new DecodedStore.Codec<>() {
        @Override
        public byte[] encode(String topic, Counter value) {
            return Long.toString(value.n).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Counter decode(String topic, byte[] bytes) {
            Counter c = new Counter();
            c.n = Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
            return c;
        }
    };

    private DecodedStore<Counter> store;

    @BeforeEach
    void open() {
        store = DecodedStore.builder("counters", false, CODEC, 3).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void writesEachChangedKeyOnceWhenStreamsFlushesBeforeACommit() {
        Counter a = new Counter();
        store.put("a", a);
        for (int i = 0; i < 1_000; i++) {
            a.n++;
            store.changed("a");
        }
        assertThat(stored()).isEmpty();

        store.flushCache();

        assertThat(stored()).containsExactly(Map.entry("a", "1000"));
        assertThat(store.get("a")).isSameAs(a);
    }

    @Test
    void writesWhatItsBeforeFlushActionChangesInTheSameFlush() {
        Counter a = new Counter();
        store.put("a", a);
        store.beforeFlush(() -> {
            a.n = 5;
            store.changed("a");
            store.put("b", new Counter());
        });

        store.flushCache();

        assertThat(stored()).containsExactly(Map.entry("a", "5"), Map.entry("b", "0"));
    }

    @Test
    void readsWhatIsNotInMemoryFromTheUnderlyingStore() {
        Counter a = new Counter();
        a.n = 7;
        store.put("a", a);
        store.flushCache();
        store.clearCache();

        Counter read = store.get("a");
        assertThat(read).isNotSameAs(a);
        assertThat(read.n).isEqualTo(7);
        assertThat(store.get("missing")).isNull();
    }

    @Test
    void dropsUnwrittenChangesWhenItsTaskStartsAgain() {
        Counter a = new Counter();
        a.n = 1;
        store.put("a", a);
        store.flushCache();
        a.n = 2;
        store.changed("a");
        store.put("b", new Counter());

        store.clearCache();

        assertThat(store.get("a").n).isEqualTo(1);
        assertThat(store.get("b")).isNull();
        store.flushCache();
        assertThat(stored()).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void deletesAtTheNextFlush() {
        store.put("a", new Counter());
        store.flushCache();

        store.delete("a");
        assertThat(store.get("a")).isNull();
        assertThat(stored()).containsKey("a");
        store.flushCache();
        assertThat(stored()).isEmpty();
    }

    @Test
    void keepsAtMostItsBoundInMemoryAfterAFlush() {
        Counter[] counters = new Counter[5];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new Counter();
            counters[i].n = i;
            store.put("k" + i, counters[i]);
        }
        store.flushCache();

        // More than 3 keys were held: all written, then dropped from memory and read back on demand.
        assertThat(store.get("k4")).isNotSameAs(counters[4]);
        assertThat(store.get("k4").n).isEqualTo(4);
        assertThat(stored()).hasSize(5);
    }

    @Test
    void listsTheStoredEntriesOnlyBeforeAnyChange() {
        Counter a = new Counter();
        a.n = 3;
        store.put("a", a);
        assertThatThrownBy(() -> store.forEachStored((k, v) -> { })).isInstanceOf(IllegalStateException.class);
        store.flushCache();

        Map<String, Long> seen = new HashMap<>();
        store.forEachStored((k, v) -> seen.put(k, v.n));
        assertThat(seen).containsExactly(Map.entry("a", 3L));
    }

    @Test
    void writesNothingForAKeyPutAndDeletedBetweenTwoCommitsThatTheStoreNeverHeld() {
        // Each input record is one commit of the driver: "put k" / "delete k" / "put-delete k" (both in one commit).
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(DecodedStore.builder("counters", false, CODEC, 100));
        builder.stream("commands", Consumed.with(Serdes.String(), Serdes.String()).withName("commands-source"))
                .processValues(() -> new FixedKeyProcessor<String, String, String>() {
                    private DecodedStore<Counter> counters;

                    @Override
                    public void init(FixedKeyProcessorContext<String, String> context) {
                        counters = context.getStateStore("counters");
                    }

                    @Override
                    public void process(FixedKeyRecord<String, String> record) {
                        String key = record.key();
                        counters.get(key);
                        if (!record.value().equals("delete")) {
                            counters.put(key, new Counter());
                        }
                        if (!record.value().equals("put")) {
                            counters.delete(key);
                        }
                    }
                }, Named.as("commands"), "counters");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), DriverProperties.of("decoded-test"))) {
            var commands = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
            commands.pipeInput("never-held", "put-delete");
            commands.pipeInput("held", "put");
            commands.pipeInput("held", "delete");
            commands.pipeInput("held", "put-delete");

            var changelog = driver.createOutputTopic("decoded-test-counters-changelog", new StringDeserializer(), new StringDeserializer());
            // "held" is written, then deleted; its second put-and-delete, after the delete was written, leaves no trace.
            assertThat(changelog.readKeyValuesToList()).containsExactly(new KeyValue<>("held", "0"), new KeyValue<>("held", null));
        }
    }

    @Test
    void deletesAKeyItHoldsEvenWhenItWasPutAgainFirst() {
        Counter a = new Counter();
        a.n = 1;
        store.put("a", a);
        store.flushCache();
        store.clearCache();

        store.put("a", new Counter());
        store.delete("a");
        store.flushCache();

        assertThat(stored()).isEmpty();
    }

    private Map<String, String> stored() {
        Map<String, String> entries = new HashMap<>();
        try (var all = store.wrapped().all()) {
            all.forEachRemaining(kv -> entries.put(new String(kv.key.get(), StandardCharsets.UTF_8),
                    new String(kv.value, StandardCharsets.UTF_8)));
        }
        return entries;
    }

}
