package vn.pulse.api.vaccination;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.pulse.schemas.health.DistrictDoses;

/** The latest per-district dose aggregates, as read from the aggregate topic; thread-safe. */
public final class VaccinationView {

    private final Map<String, DistrictDoses> districts = new ConcurrentHashMap<>();

    /** Applies one record of the aggregate topic ({@code null} removes the district). */
    public void apply(String districtCode, DistrictDoses value) {
        if (districtCode == null) {
            return;
        }
        if (value == null) {
            districts.remove(districtCode);
        } else {
            districts.put(districtCode, value);
        }
    }

    /** Province totals over every district. */
    public Summary summary() {
        long doses = 0;
        Instant asOf = null;
        for (DistrictDoses d : districts.values()) {
            doses += d.getDosesAdministered();
            if (asOf == null || d.getAsOf().isAfter(asOf)) {
                asOf = d.getAsOf();
            }
        }
        return new Summary(asOf, doses);
    }

    /** Province totals. */
    public record Summary(Instant asOf, long dosesAdministered) {
    }
}
