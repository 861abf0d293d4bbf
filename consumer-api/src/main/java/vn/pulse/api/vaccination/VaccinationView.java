package vn.pulse.api.vaccination;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import vn.pulse.api.table.Table;
import vn.pulse.api.table.Tabular;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;

/**
 * The latest vaccination aggregates, as read from the aggregate topics, and the figures computed
 * from them: for the province or one district, coverage per age group against the population the
 * Streams app joined in, doses against allocations, and daily doses with their 7-day average.
 * Thread-safe: readers apply records while HTTP handlers compute.
 *
 * <p>Percentages are truncated to 2 decimals (rounded toward zero), the report's own convention:
 * 1,155,156 of 1,182,158 doses is 97.7159 %, which it prints as 97.71 %. Roll-ups sum counts and
 * populations first and divide once, so they are exact.
 */
public final class VaccinationView {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int AVERAGE_DAYS = 7;

    private final Map<String, CohortCoverage> coverage = new ConcurrentHashMap<>();
    private final Map<String, DailyDoses> daily = new ConcurrentHashMap<>();
    private final Map<String, AllocationTotal> allocations = new ConcurrentHashMap<>();
    private final Supplier<GeoDataSet> geography;
    private final Clock clock;

    /** A view over the {@linkplain Geography#selected() selected} data set, today being the system clock's. */
    public VaccinationView() {
        this(Geography::selected, Clock.systemUTC());
    }

    /** A view over {@code geography}, today being {@code clock}'s (in the province). */
    public VaccinationView(GeoDataSet geography, Clock clock) {
        this(() -> geography, clock);
    }

    private VaccinationView(Supplier<GeoDataSet> geography, Clock clock) {
        this.geography = geography;
        this.clock = clock;
    }

    /** Today in the province, by this view's clock. */
    public LocalDate today() {
        return DomainRules.localDate(clock.instant());
    }

    /** The data set whose units and population the figures are counted by. */
    public GeoDataSet geography() {
        return geography.get();
    }

    public void applyCoverage(String key, CohortCoverage value) {
        apply(coverage, key, value);
    }

    public void applyDaily(String key, DailyDoses value) {
        apply(daily, key, value);
    }

    public void applyAllocation(String key, AllocationTotal value) {
        apply(allocations, key, value);
    }

    private static <V> void apply(Map<String, V> map, String key, V value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /**
     * Figures of the whole province: every district plus the doses the province holds itself; its
     * population is that of the units valid today ({@link #populationCounts}).
     */
    public Figures province() {
        long allocated = allocations.values().stream().mapToLong(AllocationTotal::getDosesAllocated).sum();
        LocalDate today = DomainRules.localDate(clock.instant());
        return figures(c -> true, code -> populationCounts(code, today), allocated);
    }

    /**
     * Whether the population of unit {@code code} counts in a roll-up on {@code day}: the unit is valid
     * that day. Where a data set holds two generations of units (districts until 2025-06-30, the
     * communes that replaced them from 2025-07-01) each covers the same people, so only one may count.
     * A unit the data set does not know counts.
     */
    public boolean populationCounts(String code, LocalDate day) {
        return geography.get().unit(code).map(u -> u.validOn(day)).orElse(true);
    }

    /** The counting units whose population counts on {@code day} ({@link #populationCounts}), in the data set's order. */
    public List<District> unitsOn(LocalDate day) {
        return Districts.ALL.stream().filter(d -> populationCounts(d.code(), day)).toList();
    }

    /** Figures of one district (doses the province holds are not allocated to any district). */
    public Figures district(String code) {
        long allocated = allocations.values().stream().filter(a -> code.equals(a.getDistrictCode()))
                .mapToLong(AllocationTotal::getDosesAllocated).sum();
        return figures(c -> code.equals(c.getDistrictCode()), unit -> true, allocated);
    }

    /**
     * Figures of the province as they stood at the end of {@code day} (local), by event time: the
     * daily doses up to that day (net of every correction known now), against the population reference
     * in force now of the units valid that day; doses allocated only where every allocation total
     * included was last delivered to by that day, else {@code null} (the totals keep no history).
     */
    public Figures province(LocalDate day) {
        return figuresAsOf(districtCode -> true, districtCode -> populationCounts(districtCode, day), allocatedAsOf(a -> true, day), day);
    }

    /** Figures of one district as they stood at the end of {@code day}; see {@link #province(LocalDate)}. */
    public Figures district(String code, LocalDate day) {
        return figuresAsOf(code::equals, unit -> true, allocatedAsOf(a -> code.equals(a.getDistrictCode()), day), day);
    }

    /** Doses allocated by the end of {@code day}, or null when a total included changed after it. */
    private Long allocatedAsOf(Predicate<AllocationTotal> included, LocalDate day) {
        long allocated = 0;
        for (AllocationTotal a : allocations.values()) {
            if (included.test(a)) {
                if (a.getLastDeliveredOn().isAfter(day)) {
                    return null;
                }
                allocated += a.getDosesAllocated();
            }
        }
        return allocated;
    }

    private Figures figuresAsOf(Predicate<String> districtIncluded, Predicate<String> populationIncluded, Long allocated, LocalDate day) {
        Map<String, long[]> byAgeGroup = new LinkedHashMap<>();
        AgeGroups.ALL.forEach(group -> byAgeGroup.put(group, new long[4]));
        for (CohortCoverage c : coverage.values()) {
            if (districtIncluded.test(c.getDistrictCode()) && populationIncluded.test(c.getDistrictCode())) {
                byAgeGroup.computeIfAbsent(c.getAgeGroup(), g -> new long[4])[0] += c.getPopulation() == null ? 0 : c.getPopulation();
            }
        }
        Instant asOf = null;
        for (DailyDoses d : daily.values()) {
            if (d.getDay().isAfter(day) || !districtIncluded.test(d.getDistrictCode())) {
                continue;
            }
            long[] sums = byAgeGroup.computeIfAbsent(d.getAgeGroup(), g -> new long[4]);
            sums[1] += d.getFirstDoses();
            sums[2] += d.getSecondDoses();
            sums[3] += d.getBoosterDoses();
            boolean anyDose = d.getFirstDoses() + d.getSecondDoses() + d.getBoosterDoses() != 0;
            if (anyDose && (asOf == null || d.getAsOf().isAfter(asOf))) {
                asOf = d.getAsOf();
            }
        }
        return figures(byAgeGroup, asOf, allocated);
    }

    private Figures figures(Predicate<CohortCoverage> included, Predicate<String> populationIncluded, long allocated) {
        Map<String, long[]> byAgeGroup = new LinkedHashMap<>();
        AgeGroups.ALL.forEach(group -> byAgeGroup.put(group, new long[4]));
        Instant asOf = null;
        for (CohortCoverage c : coverage.values()) {
            if (!included.test(c)) {
                continue;
            }
            long[] sums = byAgeGroup.computeIfAbsent(c.getAgeGroup(), g -> new long[4]);
            sums[0] += c.getPopulation() == null || !populationIncluded.test(c.getDistrictCode()) ? 0 : c.getPopulation();
            sums[1] += c.getFirstDoses();
            sums[2] += c.getSecondDoses();
            sums[3] += c.getBoosterDoses();
            boolean anyDose = c.getFirstDoses() + c.getSecondDoses() + c.getBoosterDoses() != 0;
            if (anyDose && (asOf == null || c.getAsOf().isAfter(asOf))) {
                asOf = c.getAsOf();
            }
        }
        return figures(byAgeGroup, asOf, allocated);
    }

    /** Figures from sums per age group: population, first, second and booster doses. */
    private static Figures figures(Map<String, long[]> byAgeGroup, Instant asOf, Long allocated) {
        Map<String, Coverage> groups = new LinkedHashMap<>();
        long doses = 0;
        long boosters = 0;
        for (var entry : byAgeGroup.entrySet()) {
            long[] s = entry.getValue();
            groups.put(entry.getKey(), new Coverage(s[0], s[1], percent(s[1], s[0]), s[2], percent(s[2], s[0]), s[3]));
            doses += s[1] + s[2] + s[3];
            boosters += s[3];
        }
        return new Figures(asOf, doses, allocated, allocated == null ? null : percent(doses, allocated), boosters, groups);
    }

    /**
     * Doses per day from {@code from} to {@code to} (inclusive), for the province or one district,
     * each with the mean of that day and the six before it (days without doses count as 0).
     */
    public List<Day> daily(LocalDate from, LocalDate to, String districtCode) {
        LocalDate windowStart = from.minusDays(AVERAGE_DAYS - 1L);
        TreeMap<LocalDate, long[]> sums = new TreeMap<>();
        for (DailyDoses d : daily.values()) {
            if (d.getDay().isBefore(windowStart) || d.getDay().isAfter(to)
                    || (districtCode != null && !districtCode.equals(d.getDistrictCode()))) {
                continue;
            }
            long[] s = sums.computeIfAbsent(d.getDay(), k -> new long[3]);
            s[0] += d.getFirstDoses();
            s[1] += d.getSecondDoses();
            s[2] += d.getBoosterDoses();
        }
        List<Day> days = new ArrayList<>();
        long window = 0;
        for (LocalDate date = windowStart; !date.isAfter(to); date = date.plusDays(1)) {
            window += total(sums.get(date));
            LocalDate leaving = date.minusDays(AVERAGE_DAYS);
            if (!leaving.isBefore(windowStart)) {
                window -= total(sums.get(leaving));
            }
            if (!date.isBefore(from)) {
                long[] s = sums.getOrDefault(date, new long[3]);
                BigDecimal average = BigDecimal.valueOf(window).divide(BigDecimal.valueOf(AVERAGE_DAYS), 2, RoundingMode.HALF_UP);
                days.add(new Day(date, total(s), s[0], s[1], s[2], average));
            }
        }
        return days;
    }

    private static long total(long[] s) {
        return s == null ? 0 : s[0] + s[1] + s[2];
    }

    /** Every district and age group's latest coverage record (its population; the report sums doses from the daily records). */
    public List<CohortCoverage> cohorts() {
        return List.copyOf(coverage.values());
    }

    /** Every day's doses per district and age group, net of corrections (the report sums them up to a date). */
    public List<DailyDoses> dailyDoses() {
        return List.copyOf(daily.values());
    }

    /** Doses delivered so far, per district and the province's own stock. */
    public List<AllocationTotal> allocationTotals() {
        return List.copyOf(allocations.values());
    }

    /** {@code part} as a percentage of {@code whole}, truncated to 2 decimals; {@code null} when {@code whole} is 0. */
    static BigDecimal percent(long part, long whole) {
        if (whole <= 0) {
            return null;
        }
        return BigDecimal.valueOf(part).multiply(HUNDRED).divide(BigDecimal.valueOf(whole), 2, RoundingMode.DOWN);
    }

    /**
     * Figures of the province or a district; {@code asOf} is the latest administration time included;
     * {@code dosesAllocated} is null only in figures of a past day that the allocation totals cannot give.
     */
    public record Figures(Instant asOf, long dosesAdministered, Long dosesAllocated, BigDecimal dosesUsedPct,
                          long boosterDoses, Map<String, Coverage> coverage) implements Tabular {

        /** The province's figures as one row (the summary's download). */
        @Override
        public Table table() {
            return Table.of("vaccination-summary", null, Figures.class, List.of(this));
        }
    }

    /** One age group's coverage; percentages are {@code null} while its population is unknown. */
    public record Coverage(long population, long atLeastOneDose, BigDecimal atLeastOneDosePct, long twoDoses,
                           BigDecimal twoDosesPct, long boosters) {
    }

    /** One day's doses and the 7-day rolling average ending that day. */
    public record Day(LocalDate date, long doses, long firstDoses, long secondDoses, long boosterDoses,
                      BigDecimal sevenDayAverage) {
    }
}
