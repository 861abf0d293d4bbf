package vn.pulse.streams.vaccination;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortDoses;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.health.VaccineAllocation;

/** The aggregates' sums fail loudly instead of wrapping into a wrong (negative) figure. */
class CountsTest {

    private static final LocalDate DAY = LocalDate.parse("2021-08-01");

    @Test
    void anAllocationTotalThatWouldOverflowThrows() {
        AllocationTotal total = AllocationTotal.newBuilder().setDistrictCode("189").setDosesAllocated(Long.MAX_VALUE)
                .setLastDeliveredOn(DAY).build();
        VaccineAllocation one = VaccineAllocation.newBuilder().setAllocationId("a").setDistrictCode("189")
                .setVaccineProduct("AstraZeneca").setDoses(1).setDeliveredOn(DAY).build();

        assertThatThrownBy(() -> Counts.addAllocation(one, total)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void aCohortTotalThatWouldOverflowThrows() {
        DayCounts change = new DayCounts((int) DAY.toEpochDay(), Long.MAX_VALUE, 0, 0, 0, 0);
        CohortDoses total = CohortDoses.newBuilder().setDistrictCode("189").setAgeGroup("18+")
                .setFirstDoses(1).setSecondDoses(0).setBoosterDoses(0).setAsOf(Instant.EPOCH).build();

        assertThatThrownBy(() -> Counts.addToCohort(change, new AggregateKeys.Cohort("189", "18+"), total))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void aDailyCountThatWouldOverflowThrows() {
        DayCounts change = new DayCounts((int) DAY.toEpochDay(), 0, 0, 1, 0, 0);
        DailyDoses day = DailyDoses.newBuilder().setDistrictCode("189").setAgeGroup("18+").setDay(DAY)
                .setFirstDoses(0).setSecondDoses(0).setBoosterDoses(Long.MAX_VALUE).setAsOf(Instant.EPOCH).build();

        assertThatThrownBy(() -> Counts.addToDay(change, new AggregateKeys.Cohort("189", "18+"), day))
                .isInstanceOf(ArithmeticException.class);
    }
}
