package vn.pulse.registry.serde;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;

/** Sample records for serde tests and the benchmark. */
public final class Doses {

    private Doses() {
    }

    public static DoseAdministered dose(int n) {
        Instant given = Instant.parse("2021-09-01T08:00:00Z").plus(n, ChronoUnit.MINUTES);
        return DoseAdministered.newBuilder()
                .setEventId("evt-" + n)
                .setAdministeredAt(given)
                .setReportedAt(given.plusSeconds(90))
                .setSiteId("site-" + (n % 40))
                .setDistrictCode("LS-0" + (n % 11))
                .setAgeGroup("18+")
                .setDoseKind(DoseKind.values()[n % 3])
                .setVaccineProduct("AstraZeneca")
                .setPersonRef(n % 2 == 0 ? null : "p-" + Integer.toHexString(n * 7919))
                .build();
    }
}
