package vn.pulse.streams.vaccination;

import java.time.Instant;
import java.time.LocalDate;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.geography.Geography;
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

    private Validation() {
    }

    static String dose(DoseAdministered d) {
        String problem = firstNonNull(
                blank("eventId", d.getEventId()),
                blank("siteId", d.getSiteId()),
                field("vaccineProduct", DomainRules.vaccineProduct(d.getVaccineProduct())),
                field("personRef", DomainRules.personRef(d.getPersonRef())),
                district("districtCode", d.getDistrictCode()),
                ageGroup(d.getAgeGroup()));
        if (problem != null) {
            return problem;
        }
        Instant now = Instant.now();
        return firstNonNull(
                field("administeredAt", DomainRules.administeredAt(d.getAdministeredAt(), d.getReportedAt())),
                field("administeredAt", DomainRules.notInFuture(d.getAdministeredAt(), now, DomainRules.MAX_CLOCK_SKEW)),
                field("reportedAt", d.getReportedAt().isBefore(DomainRules.CAMPAIGN_START)
                        ? d.getReportedAt() + " is before the vaccination campaign (2021)" : null),
                field("reportedAt", DomainRules.notInFuture(d.getReportedAt(), now, DomainRules.MAX_CLOCK_SKEW)),
                validOn("districtCode", d.getDistrictCode(), DomainRules.localDate(d.getAdministeredAt())));
    }

    static String correction(DoseCorrection c) {
        return firstNonNull(
                blank("correctionId", c.getCorrectionId()),
                blank("doseEventId", c.getDoseEventId()),
                c.getDistrictCode() == null
                        ? "districtCode: required (the district of the dose being retracted); a correction without it cannot be checked"
                        : district("districtCode", c.getDistrictCode()),
                blank("reason", c.getReason()),
                field("correctedAt", c.getCorrectedAt().isBefore(DomainRules.CAMPAIGN_START)
                        ? c.getCorrectedAt() + " is before the vaccination campaign (2021)" : null),
                field("correctedAt", DomainRules.notInFuture(c.getCorrectedAt(), Instant.now(), DomainRules.MAX_CLOCK_SKEW)));
    }

    static String allocation(VaccineAllocation a) {
        String problem = firstNonNull(
                blank("allocationId", a.getAllocationId()),
                field("vaccineProduct", DomainRules.vaccineProduct(a.getVaccineProduct())),
                a.getDistrictCode() == null ? null : district("districtCode", a.getDistrictCode()));
        if (problem != null) {
            return problem;
        }
        String doses = DomainRules.allocationDoses(a.getDoses());
        if (doses != null) {
            return "doses: " + doses + ", was " + a.getDoses();
        }
        LocalDate latest = DomainRules.localDate(Instant.now().plus(DomainRules.MAX_CLOCK_SKEW));
        if (a.getDeliveredOn().isAfter(latest)) {
            return "deliveredOn: " + a.getDeliveredOn() + " is in the future";
        }
        if (a.getDeliveredOn().isBefore(DomainRules.localDate(DomainRules.CAMPAIGN_START))) {
            return "deliveredOn: " + a.getDeliveredOn() + " is before the vaccination campaign (2021)";
        }
        return a.getDistrictCode() == null ? null : validOn("districtCode", a.getDistrictCode(), a.getDeliveredOn());
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
        return field(field, DomainRules.text(value));
    }

    /** {@code field: problem}, or null without a problem. */
    private static String field(String field, String problem) {
        return problem == null ? null : field + ": " + problem;
    }

    private static String district(String field, String code) {
        return Districts.isKnown(code) ? null : field + ": unknown district code '" + code + "'";
    }

    /**
     * Why the unit {@code code} of the selected geography data set may not take an event of
     * {@code day} (it ended before or began after it, or has units below it), as the gateway refuses it.
     */
    private static String validOn(String field, String code, LocalDate day) {
        return field(field, Geography.selected().refusal(code, day));
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
