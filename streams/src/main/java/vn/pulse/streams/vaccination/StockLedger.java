package vn.pulse.streams.vaccination;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.StockRules;
import vn.pulse.schemas.border.AlertStatus;
import vn.pulse.schemas.health.StockAlert;
import vn.pulse.schemas.health.VaccineStock;

/**
 * Keeps each vaccine stock (one product held by one district, or by the province) after the
 * repartition by stock: doses allocated, doses administered net of corrections, the doses of each day
 * of the 7-day window, and the stock-out alert with its hysteresis ({@link StockRules}). Each change
 * emits the stock's new state, and a stock-out alert raised or cleared.
 *
 * <p>The window ends on the latest administration day the task has seen (its "today" in event time):
 * when that day moves on, every stock of the task slides its window and is judged again, so a stock no
 * longer used sees its average fall and a stock whose doses continue elsewhere is not left behind.
 * A report for a day before the window changes the doses administered only.
 */
final class StockLedger implements Processor<String, StockChange, String, StockLedger.Emitted> {

    /** What this step sends on: a stock's new state, or a stock-out alert raised or cleared; both keyed by the stock. */
    record Emitted(VaccineStock stock, StockAlert alert) {
    }

    private final String storeName;
    private final int raiseBelowDays;
    private final int clearAtDays;
    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<String, VaccineStock> stocks;
    /** The latest administration day of the task (epoch day), {@code null} before any dose. */
    private Integer today;

    StockLedger(String storeName, int raiseBelowDays, int clearAtDays) {
        this.storeName = storeName;
        this.raiseBelowDays = raiseBelowDays;
        this.clearAtDays = clearAtDays;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.stocks = context.getStateStore(storeName);
        // Initialized again on the same object after a task's state was restored: the latest day is the store's.
        this.today = null;
        try (KeyValueIterator<String, VaccineStock> all = stocks.all()) {
            while (all.hasNext()) {
                LocalDate end = all.next().value.getWindowEndsOn();
                if (end != null && (today == null || end.toEpochDay() > today)) {
                    today = (int) end.toEpochDay();
                }
            }
        }
    }

    @Override
    public void process(Record<String, StockChange> record) {
        StockChange change = record.value();
        boolean newDay = change.administered() != 0 && (today == null || change.epochDay() > today);
        if (newDay) {
            today = change.epochDay();
        }
        VaccineStock before = stocks.get(record.key());
        VaccineStock stock = before == null ? empty(record.key()) : before;
        stock = slide(stock);
        List<Long> days = new ArrayList<>(stock.getDailyDoses7d());
        if (change.administered() != 0) {
            int index = change.epochDay() - windowStart(stock);
            if (index >= 0 && index < StockRules.WINDOW_DAYS) {
                days.set(index, Math.addExact(days.get(index), change.administered()));
            }
        }
        long allocated = Math.addExact(stock.getDosesAllocated(), change.allocated());
        long administered = Math.addExact(stock.getDosesAdministered(), change.administered());
        stock = VaccineStock.newBuilder(stock).setDosesAllocated(allocated).setDosesAdministered(administered)
                .setOnHand(Math.subtractExact(allocated, administered)).setDailyDoses7d(days)
                .setAsOf(Instant.ofEpochMilli(Math.max(stock.getAsOf().toEpochMilli(), record.timestamp())))
                .build();
        judge(record.key(), stock, record.timestamp());
        if (newDay) {
            slideOthers(record.key(), record.timestamp());
        }
    }

    /** Every other stock of the task whose window ends before today: slid, judged, emitted. */
    private void slideOthers(String changedKey, long timestamp) {
        List<KeyValue<String, VaccineStock>> behind = new ArrayList<>();
        try (KeyValueIterator<String, VaccineStock> all = stocks.all()) {
            while (all.hasNext()) {
                KeyValue<String, VaccineStock> next = all.next();
                LocalDate end = next.value.getWindowEndsOn();
                if (!next.key.equals(changedKey) && (end == null || end.toEpochDay() < today)) {
                    behind.add(next);
                }
            }
        }
        for (KeyValue<String, VaccineStock> stock : behind) {
            judge(stock.key, slide(stock.value), timestamp);
        }
    }

    /** Raises or clears the stock's alert as its figures now require, then stores and emits it. */
    private void judge(String key, VaccineStock stock, long timestamp) {
        if (stock.getAlertRaiseBelowDays() != raiseBelowDays || stock.getAlertClearAtDays() != clearAtDays) {
            stock = VaccineStock.newBuilder(stock).setAlertRaiseBelowDays(raiseBelowDays).setAlertClearAtDays(clearAtDays).build();
        }
        long window = sum(stock.getDailyDoses7d());
        long onHand = stock.getOnHand();
        StockAlert alert = null;
        // The newest time the stock knows: a delivery recorded late, dated before the doses that emptied
        // the stock, must not clear the alert before it was raised.
        Instant at = Instant.ofEpochMilli(Math.max(timestamp, stock.getAsOf().toEpochMilli()));
        if (stock.getAlertRaisedAt() == null && StockRules.raises(onHand, window, raiseBelowDays)) {
            stock = VaccineStock.newBuilder(stock).setAlertRaisedAt(at).build();
            alert = alert(key, stock, AlertStatus.RAISED, at, null, window);
        } else if (stock.getAlertRaisedAt() != null && StockRules.clears(onHand, window, clearAtDays)) {
            Instant raisedAt = stock.getAlertRaisedAt();
            // Raised by the window sliding on another stock's newer day, the alert may be newer than this stock's asOf.
            Instant clearedAt = at.isBefore(raisedAt) ? raisedAt : at;
            stock = VaccineStock.newBuilder(stock).setAlertRaisedAt(null).setLastAlertRaisedAt(raisedAt).setLastAlertClearedAt(clearedAt).build();
            alert = alert(key, stock, AlertStatus.CLEARED, raisedAt, clearedAt, window);
        }
        stocks.put(key, stock);
        context.forward(new Record<>(key, new Emitted(stock, null), timestamp));
        if (alert != null) {
            context.forward(new Record<>(key, new Emitted(null, alert), timestamp));
        }
    }

    private StockAlert alert(String key, VaccineStock stock, AlertStatus status, Instant raisedAt, Instant clearedAt, long window) {
        return StockAlert.newBuilder()
                .setAlertId(key + "|" + raisedAt)
                .setDistrictCode(stock.getDistrictCode())
                .setVaccineProduct(stock.getVaccineProduct())
                .setStatus(status).setRaisedAt(raisedAt).setClearedAt(clearedAt)
                .setOnHand(stock.getOnHand()).setDosesLast7Days(window)
                .setRaiseBelowDays(raiseBelowDays).setClearAtDays(clearAtDays)
                .setMessage(message(stock, status, window))
                .build();
    }

    /** One line for people: what is short, where, how long it lasts. */
    static String message(VaccineStock stock, AlertStatus status, long window) {
        String holder = stock.getDistrictCode() == null ? "the province's own stock" : "district " + stock.getDistrictCode();
        BigDecimal days = StockRules.daysOfStock(stock.getOnHand(), window);
        String lasts = days == null ? "no doses given in the last 7 days" : days + " days at the 7-day average of "
                + StockRules.averageDailyDoses(window) + " doses";
        return (status == AlertStatus.RAISED ? "Low stock of " : "Stock restored: ") + stock.getVaccineProduct() + " in " + holder
                + ": " + stock.getOnHand() + " doses on hand, " + lasts + " (raise below " + stock.getAlertRaiseBelowDays()
                + " days, clear at " + stock.getAlertClearAtDays() + ")";
    }

    /** The stock with its window ending today (unchanged before the task's first dose). */
    private VaccineStock slide(VaccineStock stock) {
        if (today == null) {
            return stock;
        }
        LocalDate end = stock.getWindowEndsOn();
        if (end != null && end.toEpochDay() >= today) {
            return stock;
        }
        List<Long> days = new ArrayList<>(Collections.nCopies(StockRules.WINDOW_DAYS, 0L));
        if (end != null) {
            long shift = today - end.toEpochDay();
            for (int i = 0; i + shift < StockRules.WINDOW_DAYS; i++) {
                days.set(i, stock.getDailyDoses7d().get((int) (i + shift)));
            }
        }
        return VaccineStock.newBuilder(stock).setWindowEndsOn(LocalDate.ofEpochDay(today)).setDailyDoses7d(days).build();
    }

    /** The first day of the stock's window (epoch day); before any dose, a window that holds nothing. */
    private static int windowStart(VaccineStock stock) {
        LocalDate end = stock.getWindowEndsOn();
        return end == null ? Integer.MIN_VALUE / 2 : (int) end.toEpochDay() - (StockRules.WINDOW_DAYS - 1);
    }

    private VaccineStock empty(String key) {
        String holder = key.substring(0, key.indexOf('|'));
        return VaccineStock.newBuilder()
                .setDistrictCode(AggregateKeys.PROVINCE_STOCK.equals(holder) ? null : holder)
                .setVaccineProduct(key.substring(key.indexOf('|') + 1))
                .setDosesAllocated(0).setDosesAdministered(0).setOnHand(0)
                .setWindowEndsOn(null).setDailyDoses7d(new ArrayList<>(Collections.nCopies(StockRules.WINDOW_DAYS, 0L)))
                .setAlertRaisedAt(null).setLastAlertRaisedAt(null).setLastAlertClearedAt(null)
                .setAlertRaiseBelowDays(raiseBelowDays).setAlertClearAtDays(clearAtDays)
                .setAsOf(Instant.EPOCH)
                .build();
    }

    private static long sum(List<Long> days) {
        long sum = 0;
        for (long d : days) {
            sum = Math.addExact(sum, d);
        }
        return sum;
    }
}
