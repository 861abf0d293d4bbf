package vn.pulse.api.border;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.schemas.border.GateHour;
import vn.pulse.schemas.border.GateScreenings;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.border.TradePeriod;
import vn.pulse.schemas.reference.Gate;

/**
 * The border aggregates as read from their topics (latest value per key), and the figures the API
 * answers with. Thread-safe: readers apply records while HTTP threads query. Keys follow the
 * topics' documented shapes ({@link AggregateKeys}); calendar periods are local to the province
 * ({@link DomainRules#ZONE}), the zone the Streams app writes them in.
 */
public final class BorderView {

    private static final BigDecimal ZERO_USD = BigDecimal.ZERO.setScale(2);
    private static final BigDecimal ZERO_TONS = BigDecimal.ZERO.setScale(3);
    private static final long HOUR = 3_600_000L;

    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    private final Map<String, GateYard> yards = new ConcurrentHashMap<>();
    private final Map<String, GateTrade> trades = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, HourFigures>> hours = new ConcurrentHashMap<>();
    private final Map<String, GateScreenings> screenings = new ConcurrentHashMap<>();
    private final Map<Integer, ProvinceTrade> years = new ConcurrentHashMap<>();

    public BorderView() {
    }

    // Sinks of the aggregate readers: key, and value or null for a deletion.

    void applyGate(String code, Gate gate) {
        put(gates, code, gate);
    }

    void applyYard(String code, GateYard yard) {
        put(yards, code, yard);
    }

    void applyTrade(String key, GateTrade trade) {
        put(trades, key, trade);
    }

    void applyScreenings(String key, GateScreenings day) {
        put(screenings, key, day);
    }

    void applyYear(String key, ProvinceTrade trade) {
        Integer year = parsed(key, AggregateKeys::parseProvinceYear);
        if (year != null) {
            put(years, year, trade);
        }
    }

    void applyHour(String key, GateHour hour) {
        AggregateKeys.GateHourKey parsed = parsed(key, AggregateKeys::parseGateHour);
        if (parsed == null) {
            return;
        }
        long start = parsed.hourStart().toEpochMilli();
        NavigableMap<Long, HourFigures> gateHours = hours.computeIfAbsent(parsed.gateCode(), g -> new ConcurrentSkipListMap<>());
        if (hour == null) {
            gateHours.remove(start);
        } else {
            gateHours.put(start, HourFigures.of(hour));
        }
    }

    // Queries.

    /** The latest event time seen at any gate: "now" for the figures (a replay's now is in the past). */
    public Optional<Instant> asOf() {
        return yards.values().stream().map(GateYard::getAsOf).max(Instant::compareTo);
    }

    /** The first local day any gate traded or reported screenings; empty before any. */
    public Optional<LocalDate> firstDay() {
        java.util.stream.Stream<LocalDate> tradeDays = trades.values().stream().filter(t -> t.getGranularity() == TradePeriod.DAY)
                .map(t -> parsed(t.getPeriod(), LocalDate::parse));
        java.util.stream.Stream<LocalDate> screeningDays = screenings.values().stream().map(s -> parsed(s.getDate(), LocalDate::parse));
        return java.util.stream.Stream.concat(tradeDays, screeningDays).filter(java.util.Objects::nonNull).min(LocalDate::compareTo);
    }

    /** Gate codes known from the reference topic or from data, sorted. */
    public TreeSet<String> gateCodes() {
        TreeSet<String> codes = new TreeSet<>(gates.keySet());
        codes.addAll(yards.keySet());
        return codes;
    }

    public Optional<Gate> gate(String code) {
        return Optional.ofNullable(gates.get(code));
    }

    public Optional<GateYard> yard(String code) {
        return Optional.ofNullable(yards.get(code));
    }

    /** The province's figures for a year, if any trade crossed or a plan is known. */
    public Optional<ProvinceTrade> year(int year) {
        return Optional.ofNullable(years.get(year));
    }

    /** The latest year with figures. */
    public Optional<Integer> latestYear() {
        return years.keySet().stream().max(Integer::compareTo);
    }

    /** A gate's trade in one local day (zero when nothing crossed). */
    public TradeFigures dayTrade(String gate, LocalDate day) {
        return trade(gate, TradePeriod.DAY, day.toString());
    }

    public TradeFigures monthTrade(String gate, YearMonth month) {
        return trade(gate, TradePeriod.MONTH, month.toString());
    }

    public TradeFigures yearTrade(String gate, int year) {
        return trade(gate, TradePeriod.YEAR, Integer.toString(year));
    }

    private TradeFigures trade(String gate, TradePeriod granularity, String period) {
        GateTrade t = trades.get(AggregateKeys.gateTrade(gate, granularity, period));
        return t == null ? TradeFigures.zero(period) : TradeFigures.of(t);
    }

    /**
     * A gate's trade from {@code from} to {@code to} (inclusive), summed from its days, labelled
     * {@code period}; with the latest crossing included, if any.
     */
    public Summed tradeBetween(String gate, LocalDate from, LocalDate to, String period) {
        return sumDays(t -> t.getGateCode().equals(gate), from, to, period);
    }

    /** The province's trade (every gate) from {@code from} to {@code to} (inclusive), summed from the gates' days. */
    public Summed provinceTradeBetween(LocalDate from, LocalDate to, String period) {
        return sumDays(t -> true, from, to, period);
    }

    /** The latest crossing a gate's figures of {@code day} include, if anything crossed. */
    public Optional<Instant> dayTradeAsOf(String gate, LocalDate day) {
        GateTrade t = trades.get(AggregateKeys.gateTrade(gate, TradePeriod.DAY, day.toString()));
        return t == null ? Optional.empty() : Optional.of(t.getAsOf());
    }

    private Summed sumDays(java.util.function.Predicate<GateTrade> included, LocalDate from, LocalDate to, String period) {
        BigDecimal exports = ZERO_USD;
        BigDecimal imports = ZERO_USD;
        BigDecimal exportTons = ZERO_TONS;
        BigDecimal importTons = ZERO_TONS;
        long exportVehicles = 0;
        long importVehicles = 0;
        long greenLane = 0;
        Instant asOf = null;
        for (GateTrade t : trades.values()) {
            if (t.getGranularity() != TradePeriod.DAY || !included.test(t)) {
                continue;
            }
            LocalDate day = parsed(t.getPeriod(), LocalDate::parse);
            if (day == null || day.isBefore(from) || day.isAfter(to)) {
                continue;
            }
            TradeFigures f = TradeFigures.of(t);
            exports = exports.add(f.exportValueUsd());
            imports = imports.add(f.importValueUsd());
            exportTons = exportTons.add(f.exportTons());
            importTons = importTons.add(f.importTons());
            exportVehicles += f.exportVehicles();
            importVehicles += f.importVehicles();
            greenLane += f.greenLaneVehicles();
            if (asOf == null || t.getAsOf().isAfter(asOf)) {
                asOf = t.getAsOf();
            }
        }
        return new Summed(new TradeFigures(period, exports.add(imports), exports, imports, exportTons, importTons,
                exportVehicles + importVehicles, exportVehicles, importVehicles, greenLane), asOf);
    }

    /** Trade summed over days, and the latest crossing included ({@code null} when nothing crossed). */
    public record Summed(TradeFigures trade, Instant asOf) {
    }

    /** A gate's hour starting at {@code start} (zero when nothing happened). */
    public HourFigures hour(String gate, Instant start) {
        NavigableMap<Long, HourFigures> gateHours = hours.get(gate);
        HourFigures figures = gateHours == null ? null : gateHours.get(start.toEpochMilli());
        return figures != null ? figures : HourFigures.zero(start);
    }

    /** Start of the clock hour containing {@code at}. */
    public Instant hourStart(Instant at) {
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), HOUR) * HOUR);
    }

    public ScreeningFigures screenings(String gate, LocalDate day) {
        GateScreenings s = screenings.get(AggregateKeys.gateScreeningDay(gate, day));
        return s == null ? new ScreeningFigures(day.toString(), 0, 0, 0, 0, null) : ScreeningFigures.of(s);
    }

    public LocalDate localDate(Instant at) {
        return DomainRules.localDate(at);
    }

    /** The parts of {@code key}, or null for a key of another shape (skipped, like a record of another topic). */
    private static <T> T parsed(String key, java.util.function.Function<String, T> parser) {
        try {
            return key == null ? null : parser.apply(key);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return null;
        }
    }

    private static <K, V> void put(Map<K, V> map, K key, V value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /** Percentage half-up to 2 decimals; null when the whole is zero. */
    static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null
                : BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }

    /** Trade in one period; money in USD with 2 decimals, weight in tons with 3. */
    public record TradeFigures(String period, BigDecimal tradeValueUsd, BigDecimal exportValueUsd, BigDecimal importValueUsd,
                               BigDecimal exportTons, BigDecimal importTons, long vehicles, long exportVehicles,
                               long importVehicles, long greenLaneVehicles) {

        static TradeFigures of(GateTrade t) {
            BigDecimal exports = t.getExportValueUsd().setScale(2, RoundingMode.HALF_UP);
            BigDecimal imports = t.getImportValueUsd().setScale(2, RoundingMode.HALF_UP);
            return new TradeFigures(t.getPeriod(), exports.add(imports), exports, imports,
                    t.getExportTons().setScale(3, RoundingMode.HALF_UP), t.getImportTons().setScale(3, RoundingMode.HALF_UP),
                    t.getExportVehicles() + t.getImportVehicles(), t.getExportVehicles(), t.getImportVehicles(),
                    t.getGreenLaneVehicles());
        }

        static TradeFigures zero(String period) {
            return new TradeFigures(period, ZERO_USD, ZERO_USD, ZERO_USD, ZERO_TONS, ZERO_TONS, 0, 0, 0, 0);
        }
    }

    /** One gate-hour; waits in whole minutes, null without samples. */
    public record HourFigures(Instant start, long vehiclesCrossed, long exportVehicles, long importVehicles,
                              long greenLaneVehicles, long arrivals, long departuresWithoutCrossing, long waitSamples,
                              Integer waitP50Minutes, Integer waitP90Minutes) {

        static HourFigures of(GateHour h) {
            return new HourFigures(h.getHourStart(), h.getVehiclesCrossed(), h.getExportVehicles(), h.getImportVehicles(),
                    h.getGreenLaneVehicles(), h.getArrivals(), h.getDeparturesWithoutCrossing(), h.getWaitSamples(),
                    h.getWaitP50Minutes(), h.getWaitP90Minutes());
        }

        static HourFigures zero(Instant start) {
            return new HourFigures(start, 0, 0, 0, 0, 0, 0, 0, null, null);
        }
    }

    /** Screenings at a gate's checkpoint in one local day; positivity = positive / tested, in percent. */
    public record ScreeningFigures(String date, long reports, long peopleScreened, long tested, long positive,
                                   BigDecimal positivityPct) {

        static ScreeningFigures of(GateScreenings s) {
            return new ScreeningFigures(s.getDate(), s.getReports(), s.getPeopleScreened(), s.getTested(), s.getPositive(),
                    percent(s.getPositive(), s.getTested()));
        }
    }
}
