package vn.pulse.api.projections;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import vn.pulse.api.projections.CoverageProjection.Projection;
import vn.pulse.api.table.Table;
import vn.pulse.api.table.Tabular;
import vn.pulse.api.vaccination.VaccinationView;
import vn.pulse.core.geography.CoverageTarget;
import vn.pulse.core.reference.District;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;

/**
 * The projections of {@code GET /api/v1/vaccination/projections}: for the province and each district,
 * every coverage target with the coverage as of a day and when it is reached at the rate of the 7 days
 * ending that day. Counted from the same records as {@code /summary?asOf=}: the daily doses up to that day
 * (net of every correction known now) against the population reference in force now of the units valid
 * that day (where a data set holds districts and the communes that replaced them, one generation counts).
 */
public final class VaccinationProjections {

    private VaccinationProjections() {
    }

    /** The projections of {@code province} (every district and the doses it holds itself) and of each of {@code districts}. */
    public static Answer of(VaccinationView view, List<CoverageTarget> targets, LocalDate asOf, Unit province, List<District> districts) {
        List<CohortCoverage> cohorts = view.cohorts();
        List<DailyDoses> days = view.dailyDoses();
        List<UnitProjections> byDistrict = new ArrayList<>();
        for (District d : districts) {
            String level = view.geography().unit(d.code()).map(u -> u.level().key()).orElse("district");
            byDistrict.add(new UnitProjections(d.code(), d.name(), level,
                    project(targets, asOf, cohorts, days, d.code()::equals, d.code()::equals)));
        }
        return new Answer(asOf, CoverageProjection.RATE_WINDOW_DAYS,
                targets.stream().map(t -> new Target(t.ageGroup(), t.measure(), t.targetPct())).toList(),
                new UnitProjections(province.code(), province.name(), province.level(), project(targets, asOf, cohorts, days, code -> true,
                        code -> view.populationCounts(code, asOf))),
                byDistrict);
    }

    private static List<Projection> project(List<CoverageTarget> targets, LocalDate asOf, List<CohortCoverage> cohorts,
                                            List<DailyDoses> days, Predicate<String> districtIncluded,
                                            Predicate<String> populationCounts) {
        Map<String, Long> population = new HashMap<>();
        for (CohortCoverage c : cohorts) {
            if (populationCounts.test(c.getDistrictCode()) && c.getPopulation() != null) {
                population.merge(c.getAgeGroup(), c.getPopulation(), Long::sum);
            }
        }
        LocalDate windowStart = asOf.minusDays(CoverageProjection.RATE_WINDOW_DAYS - 1L);
        // Per age group: first doses, second doses up to asOf; first, second doses of the window.
        Map<String, long[]> sums = new HashMap<>();
        for (DailyDoses d : days) {
            if (d.getDay().isAfter(asOf) || !districtIncluded.test(d.getDistrictCode())) {
                continue;
            }
            long[] s = sums.computeIfAbsent(d.getAgeGroup(), g -> new long[4]);
            s[0] += d.getFirstDoses();
            s[1] += d.getSecondDoses();
            if (!d.getDay().isBefore(windowStart)) {
                s[2] += d.getFirstDoses();
                s[3] += d.getSecondDoses();
            }
        }
        List<Projection> projections = new ArrayList<>();
        for (CoverageTarget t : targets) {
            long[] s = sums.getOrDefault(t.ageGroup(), new long[4]);
            boolean first = t.measure().equals(CoverageTarget.AT_LEAST_ONE_DOSE);
            projections.add(CoverageProjection.project(t.ageGroup(), t.measure(), t.targetPct(),
                    population.getOrDefault(t.ageGroup(), 0L), first ? s[0] : s[1], first ? s[2] : s[3], asOf));
        }
        return projections;
    }

    /** The unit the province's projections are of: its code, name and level (the data set's province). */
    public record Unit(String code, String name, String level) {

        /** A province. */
        public Unit(String code, String name) {
            this(code, name, "province");
        }
    }

    /** One target as the reference data gives it. */
    public record Target(String ageGroup, String measure, BigDecimal targetPct) {
    }

    /** A unit, its level ({@code province}, {@code district}, {@code commune}; {@code country} atop several provinces) and its projections, one per target. */
    public record UnitProjections(String code, String name, String level, List<Projection> projections) {
    }

    /** One row of the table: a unit and one of its projections. */
    public record Row(String level, String code, String name, String ageGroup, String measure, BigDecimal currentPct,
                      BigDecimal targetPct, BigDecimal peoplePerDay, CoverageProjection.Status status, LocalDate projectedDate) {
    }

    /** {@code /vaccination/projections}: the day, the rate's window, the targets, the province and every counting unit valid that day. */
    public record Answer(LocalDate asOf, int rateWindowDays, List<Target> targets, UnitProjections province,
                         List<UnitProjections> districts) implements Tabular {

        /** One row per unit and target: the province first, then the counting units in the data set's order. */
        @Override
        public Table table() {
            List<Row> rows = new ArrayList<>();
            add(rows, province);
            districts.forEach(d -> add(rows, d));
            return Table.of("vaccination-projections", asOf.toString(), Row.class, rows);
        }

        private static void add(List<Row> rows, UnitProjections unit) {
            for (Projection p : unit.projections()) {
                rows.add(new Row(unit.level(), unit.code(), unit.name(), p.ageGroup(), p.measure(), p.currentPct(), p.targetPct(),
                        p.peoplePerDay(), p.status(), p.projectedDate()));
            }
        }
    }
}
