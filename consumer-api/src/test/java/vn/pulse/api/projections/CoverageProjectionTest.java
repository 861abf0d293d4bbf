package vn.pulse.api.projections;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.pulse.api.projections.CoverageProjection.Projection;
import vn.pulse.api.projections.CoverageProjection.Status;

/** The projection arithmetic of {@link CoverageProjection}. */
class CoverageProjectionTest {

    private static final LocalDate AS_OF = LocalDate.of(2021, 12, 1);
    private static final BigDecimal NINETY_FIVE = new BigDecimal("95.00");

    @Test
    void aCoverageAtOrAboveTheTargetIsReachedWithoutADate() {
        // 950 of 1,000 is exactly 95 %.
        Projection p = CoverageProjection.project("18+", "twoDoses", NINETY_FIVE, 1_000, 950, 0, AS_OF);
        assertThat(p.status()).isEqualTo(Status.REACHED);
        assertThat(p.projectedDate()).isNull();
        assertThat(p.currentPct()).isEqualByComparingTo("95.00");
        assertThat(p.peoplePerDay()).isEqualByComparingTo("0.00");
    }

    @Test
    void oneShortOfTheTargetIsNotReachedEvenWhenThePercentageTruncatesToIt() {
        // 95 % of 1,001 is 950.95 people: the target is 951; 950 is 94.90 %.
        Projection p = CoverageProjection.project("18+", "twoDoses", NINETY_FIVE, 1_001, 950, 7, AS_OF);
        assertThat(p.status()).isEqualTo(Status.ON_TRACK);
        assertThat(p.projectedDate()).isEqualTo(AS_OF.plusDays(1));
    }

    @Test
    void onTrackGivesTheDayTheMissingPeopleAreVaccinatedAtTheSevenDayRate() {
        // Target 950 of 1,000; 800 vaccinated; 140 doses in 7 days = 20 a day: 150 missing take 7.5, so 8 days.
        Projection p = CoverageProjection.project("12-17", "atLeastOneDose", NINETY_FIVE, 1_000, 800, 140, AS_OF);
        assertThat(p.status()).isEqualTo(Status.ON_TRACK);
        assertThat(p.peoplePerDay()).isEqualByComparingTo("20.00");
        assertThat(p.currentPct()).isEqualByComparingTo("80.00");
        assertThat(p.projectedDate()).isEqualTo(LocalDate.of(2021, 12, 9));
        // Exactly divisible: 150 missing at 30 a day (210 a week) is 5 days.
        assertThat(CoverageProjection.project("12-17", "atLeastOneDose", NINETY_FIVE, 1_000, 800, 210, AS_OF).projectedDate())
                .isEqualTo(LocalDate.of(2021, 12, 6));
    }

    @Test
    void noDosesInTheWindowIsNotAtThisRate() {
        Projection p = CoverageProjection.project("18+", "atLeastOneDose", NINETY_FIVE, 1_000, 500, 0, AS_OF);
        assertThat(p.status()).isEqualTo(Status.NOT_AT_THIS_RATE);
        assertThat(p.projectedDate()).isNull();
        assertThat(p.currentPct()).isEqualByComparingTo("50.00");
    }

    @Test
    void aDateBeyondTheHorizonIsNotAtThisRateAndTheHorizonItselfIsOnTrack() {
        // 365 missing at 1 a day (7 a week): exactly the horizon.
        Projection atHorizon = CoverageProjection.project("18+", "twoDoses", new BigDecimal("100"), 1_000, 635, 7, AS_OF);
        assertThat(atHorizon.status()).isEqualTo(Status.ON_TRACK);
        assertThat(atHorizon.projectedDate()).isEqualTo(AS_OF.plusDays(CoverageProjection.HORIZON_DAYS));
        Projection beyond = CoverageProjection.project("18+", "twoDoses", new BigDecimal("100"), 1_000, 634, 7, AS_OF);
        assertThat(beyond.status()).isEqualTo(Status.NOT_AT_THIS_RATE);
        assertThat(beyond.projectedDate()).isNull();
        assertThat(beyond.peoplePerDay()).isEqualByComparingTo("1.00");
    }

    @Test
    void anUnknownPopulationHasNoPercentageAndNoDate() {
        Projection p = CoverageProjection.project("18+", "twoDoses", NINETY_FIVE, 0, 10, 70, AS_OF);
        assertThat(p.currentPct()).isNull();
        assertThat(p.status()).isEqualTo(Status.NOT_AT_THIS_RATE);
        assertThat(p.projectedDate()).isNull();
    }

    @Test
    void theRateIsTheWindowsDosesOverSevenDaysHalfUp() {
        assertThat(CoverageProjection.project("18+", "twoDoses", NINETY_FIVE, 1_000, 0, 10, AS_OF).peoplePerDay())
                .isEqualByComparingTo("1.43");
    }

    @Test
    void theRunRateScalesTheTradeToDateToTheWholeYear() {
        // 1 March 2021 is day 60 of 365.
        TradeRunRate r = TradeRunRate.of(LocalDate.of(2021, 3, 1), new BigDecimal("600000000.00"), new BigDecimal("3080100000.00"),
                new BigDecimal("2811300000.00"));
        assertThat(r.daysElapsed()).isEqualTo(60);
        assertThat(r.daysInYear()).isEqualTo(365);
        assertThat(r.runRateUsd()).isEqualByComparingTo("3650000000.00");
        assertThat(r.runRatePlanPct()).isEqualByComparingTo("118.50"); // 3,650.0 / 3,080.1 M = 118.503 %
        assertThat(r.runRateGrowthPct()).isEqualByComparingTo("29.83"); // (3,650.0 − 2,811.3) / 2,811.3 M = 29.833 %
        // On the last day of the year the run-rate is the year's trade; a leap year has 366 days.
        TradeRunRate december = TradeRunRate.of(LocalDate.of(2021, 12, 31), new BigDecimal("4380000000"), new BigDecimal("3080100000.00"), null);
        assertThat(december.runRateUsd()).isEqualByComparingTo("4380000000.00");
        assertThat(december.runRatePlanPct()).isEqualByComparingTo("142.20");
        assertThat(december.runRateGrowthPct()).isNull();
        assertThat(TradeRunRate.of(LocalDate.of(2024, 12, 31), BigDecimal.ONE, null, null).daysInYear()).isEqualTo(366);
        assertThat(TradeRunRate.of(LocalDate.of(2024, 1, 1), BigDecimal.ZERO, null, null).runRatePlanPct()).isNull();
    }
}
