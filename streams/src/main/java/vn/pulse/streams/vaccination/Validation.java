package vn.pulse.streams.vaccination;

import java.time.Duration;
import java.time.Instant;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.Districts;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.VaccineAllocation;
import vn.pulse.schemas.reference.Population;

/**
 * Why a vaccination record cannot be counted, or {@code null} if it can: each reason names the
 * field and what is wrong with it. Rejected records go to the dead-letter topic.
 */
final class Validation {

    /** No COVID-19 vaccine was given in Vietnam before 2021 (the campaign began on 8 March 2021). */
    static final Instant CAMPAIGN_START = Instant.parse("2020-12-31T17:00:00Z");
    /** Clocks of sites and servers differ a little; more than this is an impossible report. */
    static final Duration CLOCK_TOLERANCE = Duration.ofHours(1);

    private Validation() {
    }

    static String dose(DoseAdministered d) {
        String problem = firstNonNull(
                blank("eventId", d.getEventId()),
                blank("siteId", d.getSiteId()),
                blank("vaccineProduct", d.getVaccineProduct()),
                district("districtCode", d.getDistrictCode()),
                ageGroup(d.getAgeGroup()));
        if (problem != null) {
            return problem;
        }
        if (d.getAdministeredAt().isBefore(CAMPAIGN_START)) {
            return "administeredAt: " + d.getAdministeredAt() + " is before the vaccination campaign (2021)";
        }
        if (d.getAdministeredAt().isAfter(d.getReportedAt().plus(CLOCK_TOLERANCE))) {
            return "administeredAt: " + d.getAdministeredAt() + " is after reportedAt " + d.getReportedAt();
        }
        return null;
    }

    static String correction(DoseCorrection c) {
        return firstNonNull(
                blank("correctionId", c.getCorrectionId()),
                blank("doseEventId", c.getDoseEventId()),
                blank("reason", c.getReason()));
    }

    static String allocation(VaccineAllocation a) {
        String problem = firstNonNull(
                blank("allocationId", a.getAllocationId()),
                blank("vaccineProduct", a.getVaccineProduct()),
                a.getDistrictCode() == null ? null : district("districtCode", a.getDistrictCode()));
        if (problem != null) {
            return problem;
        }
        if (a.getDoses() <= 0) {
            return "doses: must be positive, was " + a.getDoses();
        }
        return a.getDoses() <= VaccinationTopology.MAX_DOSES_PER_ALLOCATION ? null
                : "doses: at most " + VaccinationTopology.MAX_DOSES_PER_ALLOCATION + " per allocation, was " + a.getDoses();
    }

    static String population(Population p) {
        String problem = firstNonNull(district("districtCode", p.getDistrictCode()), ageGroup(p.getAgeGroup()));
        if (problem != null) {
            return problem;
        }
        if (p.getPopulation() < 0) {
            return "population: must not be negative, was " + p.getPopulation();
        }
        return p.getYear() >= 2000 && p.getYear() <= 2100 ? null : "year: " + p.getYear() + " is not a plausible estimate year";
    }

    private static String blank(String field, String value) {
        return value == null || value.isBlank() ? field + ": must not be blank" : null;
    }

    private static String district(String field, String code) {
        return Districts.isKnown(code) ? null : field + ": unknown district code '" + code + "'";
    }

    private static String ageGroup(String ageGroup) {
        return AgeGroups.isKnown(ageGroup) ? null
                : "ageGroup: unknown age group '" + ageGroup + "' (known: " + String.join(", ", AgeGroups.ALL) + ")";
    }

    private static String firstNonNull(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
