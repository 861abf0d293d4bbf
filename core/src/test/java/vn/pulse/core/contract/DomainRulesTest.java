package vn.pulse.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DomainRulesTest {

    @Test
    void theCampaignStartsOnTheFirstLocalDayOf2021() {
        assertThat(DomainRules.CAMPAIGN_START).isEqualTo(Instant.parse("2020-12-31T17:00:00Z"));
        assertThat(DomainRules.localDate(Instant.parse("2021-08-01T17:30:00Z"))).isEqualTo(LocalDate.of(2021, 8, 2));
    }

    @Test
    void boundsWeightAndValueOfOneVehicle() {
        assertThat(DomainRules.tons(new BigDecimal("20.000"))).isNull();
        assertThat(DomainRules.tons(DomainRules.MAX_TONS)).isNull();
        assertThat(DomainRules.tons(new BigDecimal("10000.001"))).isEqualTo("at most 10000.000 t");
        assertThat(DomainRules.tons(new BigDecimal("-1"))).isEqualTo("must not be negative");
        assertThat(DomainRules.tons(new BigDecimal("1.0005"))).isEqualTo("at most 3 decimals");
        assertThat(DomainRules.tons(new BigDecimal("1.5000000"))).as("trailing zeros are not decimals").isNull();
        assertThat(DomainRules.declaredValueUsd(new BigDecimal("0"))).isNull();
        assertThat(DomainRules.declaredValueUsd(DomainRules.MAX_DECLARED_VALUE_USD)).isNull();
        assertThat(DomainRules.declaredValueUsd(new BigDecimal("9999999999999999.99"))).isEqualTo("at most 100000000.00 USD");
        assertThat(DomainRules.declaredValueUsd(null)).isEqualTo("required");
    }

    @Test
    void refusesHugeMagnitudesAndScalesWithoutArithmetic() {
        long start = System.nanoTime();
        assertThat(DomainRules.tons(new BigDecimal("1e30000000"))).isEqualTo("at most 10000.000 t");
        assertThat(DomainRules.tons(new BigDecimal("1e-30000000"))).isEqualTo("at most 3 decimals");
        assertThat(DomainRules.declaredValueUsd(new BigDecimal("1E+309"))).isEqualTo("at most 100000000.00 USD");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void noYearOfAcceptedValuesOverflowsAnAggregate() {
        // The widest sum is a year's trade: decimal(18,2). 10^8 - 1 vehicles at the largest value still fit,
        // about 200 times the busiest gate's yearly traffic.
        BigDecimal largestYear = DomainRules.MAX_DECLARED_VALUE_USD.multiply(BigDecimal.valueOf(99_999_999L));
        assertThat(largestYear.precision() - largestYear.scale()).isLessThanOrEqualTo(18 - 2);
        BigDecimal largestTons = DomainRules.MAX_TONS.multiply(BigDecimal.valueOf(100_000_000L));
        assertThat(largestTons.precision() - largestTons.scale()).isLessThanOrEqualTo(18 - 3);
        assertThat(Math.multiplyHigh(DomainRules.MAX_ALLOCATION_DOSES, 100_000_000L)).as("allocations fit a long").isZero();
    }

    @Test
    void countsAndTimes() {
        assertThat(DomainRules.allocationDoses(0)).isEqualTo("must be positive");
        assertThat(DomainRules.allocationDoses(Long.MAX_VALUE)).isEqualTo("at most 10000000");
        assertThat(DomainRules.peopleCount(-1)).isEqualTo("must not be negative");
        assertThat(DomainRules.peopleCount(100_001)).isEqualTo("at most 100000");
        Instant now = Instant.parse("2021-08-01T02:00:00Z");
        assertThat(DomainRules.notInFuture(now.plus(DomainRules.MAX_CLOCK_SKEW), now, DomainRules.MAX_CLOCK_SKEW)).isNull();
        assertThat(DomainRules.notInFuture(Instant.parse("2099-01-01T00:00:00Z"), now, DomainRules.MAX_CLOCK_SKEW))
                .contains("is in the future");
        assertThat(DomainRules.administeredAt(Instant.parse("2020-12-31T16:59:59Z"), now)).contains("before the vaccination campaign");
        assertThat(DomainRules.administeredAt(now.plus(Duration.ofMinutes(61)), now)).contains("is after reportedAt");
        assertThat(DomainRules.DEFAULT_CLOCK_SKEW).isLessThanOrEqualTo(DomainRules.MAX_CLOCK_SKEW);
    }
}
