package vn.pulse.tools.bench;

import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.streams.PulseSerdes;

/**
 * The fair floor of rows 3a and 3b: the least a Streams application must do with the same input to
 * give the same kind of answer. It decodes each record with the app's Avro serdes, drops a repeated
 * event id with one point lookup in a persistent key-value store (a get, and a put for a new id), and
 * counts per district (doses: one repartition, as the input is keyed by event id) or per gate (gate
 * events are keyed by gate already), into a persistent store whose changes go to an output topic.
 * Run with the Streams app's own properties, like the topologies it is the yardstick for.
 */
final class FairFloor {

    static final String DOSE_DEDUP_STORE = "bench-floor-dose-ids";
    static final String DOSE_COUNT_STORE = "bench-floor-district-counts";
    static final String GATE_DEDUP_STORE = "bench-floor-gate-event-ids";
    static final String GATE_COUNT_STORE = "bench-floor-gate-counts";

    private FairFloor() {
    }

    /** Doses: decode, dedup by event id, count per district. */
    static Topology vaccination(TopicNames topics, PulseSerdes serdes, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DOSE_DEDUP_STORE), Serdes.String(), Serdes.Long()));
        KStream<String, DoseAdministered> doses = builder.stream(topics.name(Topics.VACCINATION_DOSES),
                Consumed.with(Serdes.String(), serdes.<DoseAdministered>specific()).withName("bench-floor-doses-source"));
        doses.processValues(() -> new FirstById<DoseAdministered>(DOSE_DEDUP_STORE, DoseAdministered::getEventId),
                        Named.as("bench-floor-dose-dedup"), DOSE_DEDUP_STORE)
                .filter((id, dose) -> dose != null, Named.as("bench-floor-dose-new"))
                .groupBy((id, dose) -> dose.getDistrictCode(), Grouped.with("bench-floor-by-district", Serdes.String(),
                        serdes.<DoseAdministered>specific()))
                .count(Named.as("bench-floor-district-count"), Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(DOSE_COUNT_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("bench-floor-district-changes"))
                .to(output, Produced.with(Serdes.String(), Serdes.Long()).withName("bench-floor-district-sink"));
        return builder.build();
    }

    /** Gate events (keyed by gate): decode, dedup by event id, count per gate. */
    static Topology border(TopicNames topics, PulseSerdes serdes, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GATE_DEDUP_STORE), Serdes.String(), Serdes.Long()));
        KStream<String, GateEvent> events = builder.stream(topics.name(Topics.GATE_EVENTS),
                Consumed.with(Serdes.String(), serdes.<GateEvent>specific()).withName("bench-floor-gate-events-source"));
        events.processValues(() -> new FirstById<GateEvent>(GATE_DEDUP_STORE, GateEvent::getEventId),
                        Named.as("bench-floor-gate-dedup"), GATE_DEDUP_STORE)
                .filter((gate, event) -> event != null, Named.as("bench-floor-gate-new"))
                .groupByKey(Grouped.with("bench-floor-by-gate", Serdes.String(), serdes.<GateEvent>specific()))
                .count(Named.as("bench-floor-gate-count"), Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(GATE_COUNT_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("bench-floor-gate-changes"))
                .to(output, Produced.with(Serdes.String(), Serdes.Long()).withName("bench-floor-gate-sink"));
        return builder.build();
    }

    /** Passes a record's value on the first time its event id is seen, {@code null} after (one get, one put for a new id). */
    private static final class FirstById<V> implements FixedKeyProcessor<String, V, V> {

        private final String storeName;
        private final Function<V, String> id;
        private FixedKeyProcessorContext<String, V> context;
        private KeyValueStore<String, Long> seen;

        FirstById(String storeName, Function<V, String> id) {
            this.storeName = storeName;
            this.id = Objects.requireNonNull(id);
        }

        @Override
        public void init(FixedKeyProcessorContext<String, V> context) {
            this.context = context;
            this.seen = context.getStateStore(storeName);
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            String eventId = id.apply(record.value());
            if (seen.get(eventId) != null) {
                context.forward(record.withValue(null));
                return;
            }
            seen.put(eventId, record.timestamp());
            context.forward(record);
        }
    }
}
