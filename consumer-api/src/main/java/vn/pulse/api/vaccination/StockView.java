package vn.pulse.api.vaccination;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.StockRules;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.schemas.health.VaccineStock;

/**
 * The vaccine stock of each district and of the province, per product, as read from
 * {@code health.vaccine-stock.v1}, and the figures derived from it ({@link StockRules}): the 7-day
 * average of daily doses and the days of stock it leaves. The province's rows sum every holder's
 * (its districts' and its own store's) counts, then derive once. Thread-safe.
 */
public final class StockView {

    /** What a row covers. */
    public static final String PROVINCE = "province";
    public static final String PROVINCE_STORE = "provinceStore";
    public static final String DISTRICT = "district";

    private final Map<String, VaccineStock> stocks = new ConcurrentHashMap<>();

    /** Applies one record of the stock topic ({@code null} forgets the stock). */
    public void apply(String key, VaccineStock value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            stocks.remove(key);
        } else {
            stocks.put(key, value);
        }
    }

    /**
     * One vaccine product's stock of the province, its own store or a district.
     *
     * @param scope           {@code province} (every holder together), {@code provinceStore} (held by the province itself) or {@code district}
     * @param avgDailyDoses7d doses per day over the 7-day window, 2 decimals, half-up
     * @param daysOfStock     days the stock on hand lasts at that average, 1 decimal, rounded down; 0 when
     *                        nothing is on hand; {@code null} when no dose was given in the window
     * @param windowEndsOn    the window's last day (the latest administration day seen); {@code null} before any dose
     * @param alertActive     a stock-out alert is open (for the province: for any of its holders)
     * @param alertRaisedAt   when the open alert was raised (for the province: the earliest open), else {@code null}
     */
    public record Row(String scope, String districtCode, String districtName, String vaccineProduct, long allocated,
                      long administered, long onHand, BigDecimal avgDailyDoses7d, BigDecimal daysOfStock, LocalDate windowEndsOn,
                      boolean alertActive, Instant alertRaisedAt) {
    }

    /** The province's rows, then its own store's, then each district's (code order); products in name order. */
    public List<Row> rows() {
        List<VaccineStock> all = stocks.values().stream()
                .sorted(Comparator.comparing(VaccineStock::getVaccineProduct)).toList();
        List<Row> rows = new ArrayList<>();
        Map<String, List<VaccineStock>> byProduct = new TreeMap<>();
        all.forEach(s -> byProduct.computeIfAbsent(s.getVaccineProduct(), p -> new ArrayList<>()).add(s));
        byProduct.forEach((product, holders) -> rows.add(sum(product, holders)));
        all.stream().filter(s -> s.getDistrictCode() == null).forEach(s -> rows.add(row(PROVINCE_STORE, null, null, s)));
        for (District district : Districts.ALL) {
            all.stream().filter(s -> district.code().equals(s.getDistrictCode()))
                    .forEach(s -> rows.add(row(DISTRICT, district.code(), district.name(), s)));
        }
        return rows;
    }

    /**
     * The key of a row on the live feed ({@code vaccination.stock} events): its scope or district code,
     * and its product: {@code province|Moderna}, {@code provinceStore|Moderna}, {@code 101|Moderna}.
     */
    public static String liveKey(Row row) {
        return (row.scope().equals(DISTRICT) ? row.districtCode() : row.scope()) + "|" + row.vaccineProduct();
    }

    /** The row with this {@link #liveKey}, or {@code null}. */
    Row row(String liveKey) {
        return rows().stream().filter(r -> liveKey(r).equals(liveKey)).findFirst().orElse(null);
    }

    /** The stock-out alerts as {@code /alerts} lists them: each stock's open episode, else its latest cleared one. */
    public List<AlertsView.Alert> alerts(Boolean active) {
        List<AlertsView.Alert> alerts = new ArrayList<>();
        for (VaccineStock s : stocks.values()) {
            AlertsView.Alert alert = s.getAlertRaisedAt() != null ? alert(s, true)
                    : s.getLastAlertRaisedAt() != null ? alert(s, false) : null;
            if (alert != null && (active == null || active == alert.active())) {
                alerts.add(alert);
            }
        }
        alerts.sort(Comparator.comparing(AlertsView.Alert::raisedAt).reversed().thenComparing(AlertsView.Alert::id));
        return alerts;
    }

    VaccineStock stock(String key) {
        return stocks.get(key);
    }

    /** The open stock-out alerts. */
    public long openAlerts() {
        return stocks.values().stream().filter(s -> s.getAlertRaisedAt() != null).count();
    }

    /** The alert of the stock under {@code key} as {@code /alerts} shows it now, or {@code null}. */
    AlertsView.Alert alertOf(String key) {
        VaccineStock s = stocks.get(key);
        if (s == null) {
            return null;
        }
        return s.getAlertRaisedAt() != null ? alert(s, true) : s.getLastAlertRaisedAt() != null ? alert(s, false) : null;
    }

    private static AlertsView.Alert alert(VaccineStock s, boolean open) {
        String holder = AggregateKeys.allocationTotal(s.getDistrictCode());
        Instant raisedAt = open ? s.getAlertRaisedAt() : s.getLastAlertRaisedAt();
        long window = window(s);
        BigDecimal days = StockRules.daysOfStock(s.getOnHand(), window);
        long value = days == null ? 0 : days.setScale(0, RoundingMode.DOWN).longValueExact();
        String where = s.getDistrictCode() == null ? "the province's own stock"
                : "district " + s.getDistrictCode() + Districts.byCode(s.getDistrictCode()).map(d -> " (" + d.name() + ")").orElse("");
        String message = (open ? "Low stock of " : "Stock restored: ") + s.getVaccineProduct() + " in " + where + ": "
                + s.getOnHand() + " doses on hand, " + (days == null ? "no doses given in the last 7 days"
                : days + " days at the 7-day average of " + StockRules.averageDailyDoses(window) + " doses");
        return new AlertsView.Alert(AggregateKeys.vaccineStock(s.getDistrictCode(), s.getVaccineProduct()) + "|" + raisedAt,
                null, "STOCK_OUT", open ? "RAISED" : "CLEARED", open, raisedAt, open ? null : s.getLastAlertClearedAt(),
                value, value, s.getAlertRaiseBelowDays(), s.getAlertClearAtDays(), "days", message, holder, s.getVaccineProduct());
    }

    private static Row row(String scope, String code, String name, VaccineStock s) {
        long window = window(s);
        return new Row(scope, code, name, s.getVaccineProduct(), s.getDosesAllocated(), s.getDosesAdministered(), s.getOnHand(),
                StockRules.averageDailyDoses(window), StockRules.daysOfStock(s.getOnHand(), window), s.getWindowEndsOn(),
                s.getAlertRaisedAt() != null, s.getAlertRaisedAt());
    }

    private static Row sum(String product, List<VaccineStock> holders) {
        long allocated = 0;
        long administered = 0;
        long window = 0;
        LocalDate end = null;
        Instant raisedAt = null;
        for (VaccineStock s : holders) {
            allocated = Math.addExact(allocated, s.getDosesAllocated());
            administered = Math.addExact(administered, s.getDosesAdministered());
            window = Math.addExact(window, window(s));
            if (s.getWindowEndsOn() != null && (end == null || s.getWindowEndsOn().isAfter(end))) {
                end = s.getWindowEndsOn();
            }
            if (s.getAlertRaisedAt() != null && (raisedAt == null || s.getAlertRaisedAt().isBefore(raisedAt))) {
                raisedAt = s.getAlertRaisedAt();
            }
        }
        long onHand = Math.subtractExact(allocated, administered);
        return new Row(PROVINCE, null, null, product, allocated, administered, onHand, StockRules.averageDailyDoses(window),
                StockRules.daysOfStock(onHand, window), end, raisedAt != null, raisedAt);
    }

    private static long window(VaccineStock s) {
        long sum = 0;
        for (long d : s.getDailyDoses7d()) {
            sum = Math.addExact(sum, d);
        }
        return sum;
    }
}
