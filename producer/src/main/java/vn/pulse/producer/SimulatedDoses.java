package vn.pulse.producer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.Geography;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;

/** Plausible dose events, deterministic for a seed: the same seed gives the same sequence. Not thread-safe. */
public final class SimulatedDoses {

    private static final List<String> PRODUCTS = List.of("AstraZeneca", "Pfizer-BioNTech", "Vero Cell", "Moderna");

    private final SplittableRandom random;

    public SimulatedDoses(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next dose, reported at {@code now} and given up to ten minutes before. */
    public DoseAdministered next(Instant now) {
        // A unit that exists on the day (in langson-2025: a commune, not a former district).
        LocalDate day = DomainRules.localDate(now);
        List<AdminUnit> units = Geography.selected().countingUnits().stream().filter(u -> u.validOn(day)).toList();
        AdminUnit district = units.get(random.nextInt(units.size()));
        int kind = random.nextInt(100);
        DoseKind doseKind = kind < 45 ? DoseKind.FIRST : kind < 90 ? DoseKind.SECOND : DoseKind.BOOSTER;
        return DoseAdministered.newBuilder()
                .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                .setAdministeredAt(now.minusSeconds(random.nextInt(600)))
                .setReportedAt(now)
                .setSiteId("site-" + district.code() + "-" + (1 + random.nextInt(8)))
                .setDistrictCode(district.code())
                .setAgeGroup(random.nextInt(100) < 87 ? "18+" : "12-17")
                .setDoseKind(doseKind)
                .setVaccineProduct(PRODUCTS.get(random.nextInt(PRODUCTS.size())))
                .setPersonRef(null)
                .build();
    }
}
