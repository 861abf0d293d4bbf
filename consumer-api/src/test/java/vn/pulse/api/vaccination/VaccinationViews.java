package vn.pulse.api.vaccination;

import java.time.Instant;
import java.time.LocalDate;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;

/** The vaccination module over a view filled by a test, and the adults' records such tests fill it with. */
public final class VaccinationViews {

    private VaccinationViews() {
    }

    public static VaccinationApi api(VaccinationView view) {
        return VaccinationApi.over(view);
    }

    /** The adults' (18+) coverage of {@code unit}: {@code first} first doses, none else. */
    public static CohortCoverage adultCoverage(String unit, Long population, long first, Instant asOf) {
        return CohortCoverage.newBuilder().setDistrictCode(unit).setAgeGroup("18+").setPopulation(population)
                .setPopulationYear(2021).setFirstDoses(first).setSecondDoses(0).setBoosterDoses(0).setAsOf(asOf).build();
    }

    /** The adults' (18+) doses of {@code unit} on {@code day}: {@code first} first doses, none else. */
    public static DailyDoses adultDaily(String unit, String day, long first, Instant asOf) {
        return DailyDoses.newBuilder().setDistrictCode(unit).setAgeGroup("18+").setDay(LocalDate.parse(day))
                .setFirstDoses(first).setSecondDoses(0).setBoosterDoses(0).setAsOf(asOf).build();
    }
}
