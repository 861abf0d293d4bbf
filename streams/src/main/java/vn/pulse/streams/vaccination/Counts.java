package vn.pulse.streams.vaccination;

import java.time.Instant;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.CohortDoses;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.health.DoseDelta;
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

    /** One dose added to (or, with change -1, retracted from) its day. */
    static DailyDoses addToDay(DoseDelta delta, DailyDoses day) {
        DailyDoses.Builder next = DailyDoses.newBuilder(day)
                .setDistrictCode(delta.getDistrictCode())
                .setAgeGroup(delta.getAgeGroup())
                .setDay(delta.getDay());
        int change = delta.getChange();
        switch (delta.getDoseKind()) {
            case FIRST -> next.setFirstDoses(Math.addExact(day.getFirstDoses(), change));
            case SECOND -> next.setSecondDoses(Math.addExact(day.getSecondDoses(), change));
            case BOOSTER -> next.setBoosterDoses(Math.addExact(day.getBoosterDoses(), change));
            default -> throw new IllegalArgumentException("doseKind: unknown kind " + delta.getDoseKind());
        }
        if (change > 0 && delta.getAdministeredAt().isAfter(day.getAsOf())) {
            next.setAsOf(delta.getAdministeredAt());
        }
        return next.build();
    }

    /** A day's counts added to ({@code sign} +1) or taken out of ({@code sign} -1) the cohort's totals. */
    static CohortDoses addDay(DailyDoses day, CohortDoses total, int sign) {
        CohortDoses.Builder next = CohortDoses.newBuilder(total)
                .setDistrictCode(day.getDistrictCode())
                .setAgeGroup(day.getAgeGroup())
                .setFirstDoses(Math.addExact(total.getFirstDoses(), Math.multiplyExact(sign, day.getFirstDoses())))
                .setSecondDoses(Math.addExact(total.getSecondDoses(), Math.multiplyExact(sign, day.getSecondDoses())))
                .setBoosterDoses(Math.addExact(total.getBoosterDoses(), Math.multiplyExact(sign, day.getBoosterDoses())));
        if (sign > 0 && day.getAsOf().isAfter(total.getAsOf())) {
            next.setAsOf(day.getAsOf());
        }
        return next.build();
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
