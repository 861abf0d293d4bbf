package vn.pulse.streams.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import vn.pulse.registry.client.InMemorySchemaRegistryClient;
import vn.pulse.schemas.health.VaccineStock;
import vn.pulse.streams.PulseSerdes;

/** The stock step as Kafka Streams drives it around a failure: a task's state thrown away and restored, the step initialized again. */
class StockLedgerTest {

    private static final LocalDate DAY = LocalDate.parse("2021-08-01");

    private final MockProcessorContext<String, StockLedger.Emitted> context = new MockProcessorContext<>();
    private final KeyValueStore<String, VaccineStock> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("stock"),
            Serdes.String(), PulseSerdes.forClient(new InMemorySchemaRegistryClient()).<VaccineStock>specific())
            .withLoggingDisabled().build();
    private final StockLedger ledger = new StockLedger("stock", 7, 14);

    @Test
    void aDayReplayedAfterTheTasksStateWasRestoredSlidesEveryOtherStockAgain() {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        ledger.init(context);
        change("178|Pfizer", StockChange.allocation(DAY, 100, 0));
        change("178|Pfizer", new StockChange((int) DAY.toEpochDay(), 0, 5, 1));
        change("180|Pfizer", StockChange.allocation(DAY, 100, 0));
        change("180|Pfizer", new StockChange((int) DAY.toEpochDay(), 0, 5, 1));
        Map<String, VaccineStock> committed = contents();

        // The next day's doses: every stock of the task moves on to it...
        StockChange nextDay = new StockChange((int) DAY.plusDays(1).toEpochDay(), 0, 3, 2);
        context.resetForwards();
        change("178|Pfizer", nextDay);
        assertThat(forwardedStocks()).containsExactly("178|Pfizer", "180|Pfizer");

        // ...then the transaction is aborted: the state goes back to the last commit, the step is initialized
        // again and the same record comes again. The other stock must move on again, as it did the first time.
        committed.forEach(store::put);
        ledger.init(context);
        context.resetForwards();
        change("178|Pfizer", nextDay);
        assertThat(forwardedStocks()).containsExactly("178|Pfizer", "180|Pfizer");
        assertThat(store.get("180|Pfizer").getWindowEndsOn()).isEqualTo(DAY.plusDays(1));
    }

    private void change(String key, StockChange change) {
        ledger.process(new Record<>(key, change, 1_627_783_200_000L));
    }

    private List<String> forwardedStocks() {
        return context.forwarded().stream().filter(f -> f.record().value().stock() != null).map(f -> (String) f.record().key()).toList();
    }

    private Map<String, VaccineStock> contents() {
        Map<String, VaccineStock> all = new HashMap<>();
        try (KeyValueIterator<String, VaccineStock> it = store.all()) {
            it.forEachRemaining((KeyValue<String, VaccineStock> kv) -> all.put(kv.key, kv.value));
        }
        return all;
    }
}
