package vn.pulse.streams.vaccination;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
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
        DailyDoses day = DailyDoses.newBuilder().setDistrictCode("189").setAgeGroup("18+").setDay(DAY)
                .setFirstDoses(Long.MAX_VALUE).setSecondDoses(0).setBoosterDoses(0).setAsOf(Instant.EPOCH).build();
        CohortDoses total = CohortDoses.newBuilder().setDistrictCode("189").setAgeGroup("18+")
                .setFirstDoses(1).setSecondDoses(0).setBoosterDoses(0).setAsOf(Instant.EPOCH).build();

        assertThatThrownBy(() -> Counts.addDay(day, total, +1)).isInstanceOf(ArithmeticException.class);
    }
}
