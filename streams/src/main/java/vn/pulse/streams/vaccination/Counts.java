package vn.pulse.streams.vaccination;

import java.time.Instant;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.CohortDoses;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.health.VaccineAllocation;
import vn.pulse.schemas.reference.Population;

/**
 * The arithmetic of the vaccination aggregates: pure functions, each returning a new value. Sums are
 * exact: one that would overflow throws {@link ArithmeticException} (the record is dead-lettered with
 * that reason, see DeadLetterOnFailure) instead of wrapping into a wrong figure.
 */
final class Counts {

    private Counts() {
    }

    /** A change of a day's counts (from one dose ledger task) added to the day ({@code null}: nothing counted yet). */
    static DailyDoses addToDay(DayCounts change, AggregateKeys.Cohort cohort, DailyDoses day) {
        if (day == null) {
            return DailyDoses.newBuilder().setDistrictCode(cohort.districtCode()).setAgeGroup(cohort.ageGroup()).setDay(change.day())
                    .setFirstDoses(change.first()).setSecondDoses(change.second()).setBoosterDoses(change.booster())
                    .setAsOf(change.asOf()).build();
        }
        return DailyDoses.newBuilder(day)
                .setFirstDoses(Math.addExact(day.getFirstDoses(), change.first()))
                .setSecondDoses(Math.addExact(day.getSecondDoses(), change.second()))
                .setBoosterDoses(Math.addExact(day.getBoosterDoses(), change.booster()))
                .setAsOf(later(day.getAsOf(), change))
                .build();
    }

    /** A change of one of its days' counts added to the cohort's totals ({@code null}: nothing counted yet). */
    static CohortDoses addToCohort(DayCounts change, AggregateKeys.Cohort cohort, CohortDoses total) {
        if (total == null) {
            return CohortDoses.newBuilder().setDistrictCode(cohort.districtCode()).setAgeGroup(cohort.ageGroup())
                    .setFirstDoses(change.first()).setSecondDoses(change.second()).setBoosterDoses(change.booster())
                    .setAsOf(change.asOf()).build();
        }
        return CohortDoses.newBuilder(total)
                .setFirstDoses(Math.addExact(total.getFirstDoses(), change.first()))
                .setSecondDoses(Math.addExact(total.getSecondDoses(), change.second()))
                .setBoosterDoses(Math.addExact(total.getBoosterDoses(), change.booster()))
                .setAsOf(later(total.getAsOf(), change))
                .build();
    }

    /** The later of {@code asOf} and the change's: only doses added move it (a retraction keeps it). */
    private static Instant later(Instant asOf, DayCounts change) {
        return change.asOfMillis() > asOf.toEpochMilli() ? change.asOf() : asOf;
    }

    /**
     * The cohort's totals with the population they are measured against: either side may be missing
     * (no dose yet: zero counts and {@code asOf} at the epoch; population unknown: {@code null}).
     */
    static CohortCoverage coverage(CohortDoses doses, Population population) {
        CohortCoverage.Builder coverage = CohortCoverage.newBuilder()
                .setPopulation(population == null ? null : population.getPopulation())
                .setPopulationYear(population == null ? null : population.getYear());
        if (doses == null) {
            return coverage.setDistrictCode(population.getDistrictCode()).setAgeGroup(population.getAgeGroup())
                    .setFirstDoses(0).setSecondDoses(0).setBoosterDoses(0).setAsOf(Instant.EPOCH).build();
        }
        return coverage.setDistrictCode(doses.getDistrictCode()).setAgeGroup(doses.getAgeGroup())
                .setFirstDoses(doses.getFirstDoses())
                .setSecondDoses(doses.getSecondDoses())
                .setBoosterDoses(doses.getBoosterDoses())
                .setAsOf(doses.getAsOf())
                .build();
    }

    static AllocationTotal addAllocation(VaccineAllocation allocation, AllocationTotal total) {
        AllocationTotal.Builder next = AllocationTotal.newBuilder(total)
                .setDistrictCode(allocation.getDistrictCode())
                .setDosesAllocated(Math.addExact(total.getDosesAllocated(), allocation.getDoses()));
        // A reversal (negative doses, AllocationRegister) takes doses out; the last delivery stays.
        if (allocation.getDoses() > 0 && allocation.getDeliveredOn().isAfter(total.getLastDeliveredOn())) {
            next.setLastDeliveredOn(allocation.getDeliveredOn());
        }
        return next.build();
    }
}
