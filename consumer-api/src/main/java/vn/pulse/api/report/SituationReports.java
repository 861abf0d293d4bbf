package vn.pulse.api.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.border.BorderView;
import vn.pulse.api.vaccination.VaccinationView;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.Gates;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.reference.Gate;

/**
 * Builds the {@link SituationReport} of a period from the API's read model, by the same rules as the
 * JSON routes: vaccination percentages truncated to 2 decimals (the province's convention, as
 * {@code /vaccination/summary}), border percentages rounded half-up (as {@code /border/summary}),
 * days local to the province ({@link DomainRules#ZONE}).
 */
public final class SituationReports {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal ZERO_USD = BigDecimal.ZERO.setScale(2);

    private SituationReports() {
    }

    /** The report of {@code from} to {@code to} (both included) over the views as they are now. */
    public static SituationReport build(LocalDate from, LocalDate to, VaccinationView vaccination, BorderView border, AlertsView alerts) {
        Instant start = from.atStartOfDay(DomainRules.ZONE).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(DomainRules.ZONE).toInstant();
        VaccinationPart v = vaccination(from, to, vaccination);
        Instant borderAsOf = border.asOf().map(at -> at.isAfter(end) ? end : at).orElse(null);
        return new SituationReport(from, to, v.asOf, borderAsOf, v.figures, border(from, to, border, alerts, start, end),
                screenings(from, to, border), alerts(alerts, start, end));
    }

    /**
     * The first local day with a figure of any kind: doses given, trade or screenings at a gate, a
     * congestion alert raised; empty while there is none.
     */
    public static Optional<LocalDate> firstDay(VaccinationView vaccination, BorderView border, AlertsView alerts) {
        List<LocalDate> firsts = new ArrayList<>();
        vaccination.dailyDoses().stream().filter(d -> d.getFirstDoses() + d.getSecondDoses() + d.getBoosterDoses() != 0)
                .map(DailyDoses::getDay).min(LocalDate::compareTo).ifPresent(firsts::add);
        border.firstDay().ifPresent(firsts::add);
        alerts.alerts(null).stream().map(a -> DomainRules.localDate(a.raisedAt())).min(LocalDate::compareTo).ifPresent(firsts::add);
        return firsts.stream().min(LocalDate::compareTo);
    }

    private record VaccinationPart(Instant asOf, SituationReport.Vaccination figures) {
    }

    /** Doses per district and age group: [first, second, booster, in the period]. */
    private static VaccinationPart vaccination(LocalDate from, LocalDate to, VaccinationView view) {
        Map<String, long[]> cohorts = new HashMap<>();
        Instant asOf = null;
        for (DailyDoses d : view.dailyDoses()) {
            if (d.getDay().isAfter(to)) {
                continue;
            }
            long[] c = cohorts.computeIfAbsent(d.getDistrictCode() + "|" + d.getAgeGroup(), k -> new long[4]);
            c[0] += d.getFirstDoses();
            c[1] += d.getSecondDoses();
            c[2] += d.getBoosterDoses();
            if (!d.getDay().isBefore(from)) {
                c[3] += d.getFirstDoses() + d.getSecondDoses() + d.getBoosterDoses();
            }
            if (d.getFirstDoses() + d.getSecondDoses() + d.getBoosterDoses() != 0 && (asOf == null || d.getAsOf().isAfter(asOf))) {
                asOf = d.getAsOf();
            }
        }
        Map<String, Long> population = new HashMap<>();
        for (CohortCoverage c : view.cohorts()) {
            if (c.getPopulation() != null) {
                population.put(c.getDistrictCode() + "|" + c.getAgeGroup(), c.getPopulation());
            }
        }
        // The province's people once: the units valid at the end of the period (a district or the communes that replaced it).
        Map<String, Long> provincePopulation = new HashMap<>(population);
        provincePopulation.keySet().removeIf(key -> !view.populationCounts(key.substring(0, key.indexOf('|')), to));

        // The province: every age group (the known ones first), every district.
        Map<String, long[]> groups = new LinkedHashMap<>();
        AgeGroups.ALL.forEach(g -> groups.put(g, new long[4]));
        cohorts.forEach((key, c) -> add(groups.computeIfAbsent(ageGroup(key), g -> new long[4]), c[0], c[1], c[2], 0));
        provincePopulation.forEach((key, p) -> add(groups.computeIfAbsent(ageGroup(key), g -> new long[4]), 0, 0, 0, p));
        List<SituationReport.AgeGroupCoverage> coverage = new ArrayList<>();
        long doses = 0;
        long boosters = 0;
        for (var e : groups.entrySet()) {
            long[] g = e.getValue();
            coverage.add(new SituationReport.AgeGroupCoverage(e.getKey(), g[3], g[0], truncatedPct(g[0], g[3]), g[1],
                    truncatedPct(g[1], g[3]), g[2]));
            doses += g[0] + g[1] + g[2];
            boosters += g[2];
        }
        long inPeriod = cohorts.values().stream().mapToLong(c -> c[3]).sum();
        // Allocations as they stood at the end of the period (null where a total changed after it), as /summary?asOf=.
        Long allocated = view.province(to).dosesAllocated();

        List<SituationReport.DistrictRow> districts = new ArrayList<>();
        for (AdminUnit unit : view.geography().countingUnits()) {
            if (!validInPeriod(unit, from, to)) {
                continue;
            }
            String code = unit.code();
            long[] adults = cohorts.getOrDefault(code + "|" + AgeGroups.ADULTS, new long[4]);
            long[] adolescents = cohorts.getOrDefault(code + "|" + AgeGroups.ADOLESCENTS, new long[4]);
            long districtDoses = 0;
            long districtInPeriod = 0;
            for (var e : cohorts.entrySet()) {
                if (e.getKey().startsWith(code + "|")) {
                    long[] c = e.getValue();
                    districtDoses += c[0] + c[1] + c[2];
                    districtInPeriod += c[3];
                }
            }
            Long districtAllocated = view.district(code, to).dosesAllocated();
            long adultPopulation = population.getOrDefault(code + "|" + AgeGroups.ADULTS, 0L);
            long adolescentPopulation = population.getOrDefault(code + "|" + AgeGroups.ADOLESCENTS, 0L);
            districts.add(new SituationReport.DistrictRow(code, unit.name(), unit.level().key(), districtDoses, districtInPeriod, districtAllocated,
                    truncatedPct(districtDoses, districtAllocated),
                    truncatedPct(adults[0], adultPopulation), truncatedPct(adults[1], adultPopulation),
                    truncatedPct(adolescents[0], adolescentPopulation), truncatedPct(adolescents[1], adolescentPopulation)));
        }
        return new VaccinationPart(asOf, new SituationReport.Vaccination(doses, inPeriod, allocated, truncatedPct(doses, allocated),
                boosters, coverage, districts));
    }

    /** Whether {@code unit} exists on at least one day from {@code from} to {@code to}. */
    static boolean validInPeriod(AdminUnit unit, LocalDate from, LocalDate to) {
        return (unit.validFrom() == null || !unit.validFrom().isAfter(to)) && (unit.validTo() == null || !unit.validTo().isBefore(from));
    }

    private static String ageGroup(String cohortKey) {
        return cohortKey.substring(cohortKey.indexOf('|') + 1);
    }

    private static void add(long[] sums, long first, long second, long boosters, long population) {
        sums[0] += first;
        sums[1] += second;
        sums[2] += boosters;
        sums[3] += population;
    }

    private static SituationReport.Border border(LocalDate from, LocalDate to, BorderView view, AlertsView alerts, Instant start, Instant end) {
        List<GateSums> sums = new ArrayList<>();
        GateSums total = new GateSums();
        for (String code : view.gateCodes()) {
            GateSums gate = new GateSums();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                gate.add(view.dayTrade(code, d));
            }
            gate.code = code;
            sums.add(gate);
            total.add(gate);
        }
        List<SituationReport.GateRow> gates = new ArrayList<>();
        for (GateSums g : sums) {
            gates.add(new SituationReport.GateRow(g.code, gateName(view, g.code), g.trade, roundedPct(g.trade, total.trade), g.exports,
                    g.imports, g.vehicles, g.greenLane));
        }
        List<SituationReport.YearRow> years = new ArrayList<>();
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            year(view, year, to).ifPresent(years::add);
        }
        List<SituationReport.Episode> episodes = alerts.alerts(null).stream()
                .filter(a -> a.raisedAt().isBefore(end) && (a.clearedAt() == null || !a.clearedAt().isBefore(start)))
                .sorted(Comparator.comparing(AlertsView.Alert::raisedAt).thenComparing(AlertsView.Alert::id))
                .map(a -> new SituationReport.Episode(a.gateCode(), gateName(view, a.gateCode()), a.kind(), a.unit(), a.raisedAt(),
                        a.clearedAt() == null || a.clearedAt().isBefore(end) ? a.clearedAt() : null, a.peakValue(), a.raiseThreshold()))
                .toList();
        return new SituationReport.Border(new SituationReport.Trade(total.trade, total.exports, total.imports, total.vehicles,
                total.greenLane), years, gates, episodes);
    }

    /**
     * Calendar year {@code year} as it stood at the end of {@code to}, as {@code /border/summary?year=&asOf=}
     * answers it: the province's aggregate when the year ended by then or {@code to} is the latest
     * day with border figures (or later), else the gates' days from 1 January to {@code to} against the
     * year's plan and the previous year; empty without trade and plan.
     */
    private static Optional<SituationReport.YearRow> year(BorderView view, int year, LocalDate to) {
        LocalDate yearEnd = LocalDate.of(year, 12, 31);
        Optional<LocalDate> latest = view.asOf().map(DomainRules::localDate);
        Optional<ProvinceTrade> reference = view.year(year);
        if (!to.isBefore(yearEnd) || latest.map(day -> !to.isBefore(day)).orElse(true)) {
            return reference.map(t -> new SituationReport.YearRow(t.getYear(), t.getTradeValueUsd(), t.getPlanValueUsd(),
                    t.getPlanPct(), t.getPreviousYearValueUsd(), t.getGrowthPct()));
        }
        BorderView.Summed sum = view.provinceTradeBetween(LocalDate.of(year, 1, 1), to, Integer.toString(year));
        if (reference.isEmpty() && sum.asOf() == null) {
            return Optional.empty();
        }
        BigDecimal trade = sum.trade().tradeValueUsd();
        BigDecimal plan = reference.map(ProvinceTrade::getPlanValueUsd).orElse(null);
        BigDecimal previous = reference.map(ProvinceTrade::getPreviousYearValueUsd).orElse(null);
        return Optional.of(new SituationReport.YearRow(year, trade, plan, plan == null ? null : roundedPct(trade, plan), previous,
                previous == null ? null : roundedPct(trade.subtract(previous), previous)));
    }

    /** Running sums of a gate's (or every gate's) daily trade. */
    private static final class GateSums {
        String code;
        BigDecimal trade = ZERO_USD;
        BigDecimal exports = ZERO_USD;
        BigDecimal imports = ZERO_USD;
        long vehicles;
        long greenLane;

        void add(BorderView.TradeFigures day) {
            trade = trade.add(day.tradeValueUsd());
            exports = exports.add(day.exportValueUsd());
            imports = imports.add(day.importValueUsd());
            vehicles += day.vehicles();
            greenLane += day.greenLaneVehicles();
        }

        void add(GateSums other) {
            trade = trade.add(other.trade);
            exports = exports.add(other.exports);
            imports = imports.add(other.imports);
            vehicles += other.vehicles;
            greenLane += other.greenLane;
        }
    }

    private static SituationReport.Screenings screenings(LocalDate from, LocalDate to, BorderView view) {
        List<SituationReport.GateScreenings> gates = new ArrayList<>();
        long[] total = new long[4];
        for (String code : view.gateCodes()) {
            long[] s = new long[4];
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                BorderView.ScreeningFigures day = view.screenings(code, d);
                s[0] += day.reports();
                s[1] += day.peopleScreened();
                s[2] += day.tested();
                s[3] += day.positive();
            }
            if (s[0] == 0) {
                continue;
            }
            for (int i = 0; i < 4; i++) {
                total[i] += s[i];
            }
            gates.add(new SituationReport.GateScreenings(code, gateName(view, code), s[0], s[1], s[2], s[3], roundedPct(s[3], s[2])));
        }
        return new SituationReport.Screenings(total[0], total[1], total[2], total[3], roundedPct(total[3], total[2]), gates);
    }

    private static SituationReport.Alerts alerts(AlertsView view, Instant start, Instant end) {
        long raised = 0;
        long cleared = 0;
        long open = 0;
        for (AlertsView.Alert a : view.alerts(null)) {
            if (within(a.raisedAt(), start, end)) {
                raised++;
            }
            if (a.clearedAt() != null && within(a.clearedAt(), start, end)) {
                cleared++;
            }
            if (a.raisedAt().isBefore(end) && (a.clearedAt() == null || !a.clearedAt().isBefore(end))) {
                open++;
            }
        }
        return new SituationReport.Alerts(raised, cleared, open);
    }

    private static boolean within(Instant at, Instant start, Instant end) {
        return !at.isBefore(start) && at.isBefore(end);
    }

    /** The gate's name from the reference topic, else from the built-in list, else its code. */
    private static String gateName(BorderView view, String code) {
        return view.gate(code).map(Gate::getName)
                .orElseGet(() -> Gates.byCode(code).map(vn.pulse.core.reference.Gate::name).orElse(code));
    }

    /** {@code part} of {@code whole} in percent, truncated to 2 decimals (the vaccination figures' convention); null for a zero whole. */
    static BigDecimal truncatedPct(long part, long whole) {
        return whole <= 0 ? null
                : BigDecimal.valueOf(part).multiply(HUNDRED).divide(BigDecimal.valueOf(whole), 2, RoundingMode.DOWN);
    }

    /** As {@link #truncatedPct(long, long)}; null for an unknown whole. */
    static BigDecimal truncatedPct(long part, Long whole) {
        return whole == null ? null : truncatedPct(part, whole.longValue());
    }

    /** Half-up to 2 decimals (the border figures' convention); null for a zero whole. */
    static BigDecimal roundedPct(long part, long whole) {
        return whole == 0 ? null : roundedPct(BigDecimal.valueOf(part), BigDecimal.valueOf(whole));
    }

    static BigDecimal roundedPct(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP);
    }
}
