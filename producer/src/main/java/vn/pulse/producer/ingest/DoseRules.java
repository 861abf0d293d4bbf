package vn.pulse.producer.ingest;

import java.time.Instant;
import java.util.List;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;

/** One vaccine dose given ({@code vaccination-doses}): its fields and how it is keyed. */
final class DoseRules {

    /** Field names, required ones first. */
    static final List<String> FIELDS = List.of("eventId", "administeredAt", "siteId", "districtCode", "ageGroup", "doseKind",
            "vaccineProduct", "reportedAt", "personRef");

    private DoseRules() {
    }

    static ValidatedEvent read(EventFields f) {
        String eventId = f.text("eventId", true);
        Instant administeredAt = f.eventTime("administeredAt", DomainRules.CAMPAIGN_START);
        Instant reportedAt = f.has("reportedAt") ? f.eventTime("reportedAt", DomainRules.CAMPAIGN_START) : f.now();
        if (administeredAt != null && reportedAt != null) {
            String problem = DomainRules.administeredAt(administeredAt, reportedAt);
            if (problem != null) {
                f.error("administeredAt", problem);
            }
        }
        String siteId = f.text("siteId", true);
        String district = f.district("districtCode", true);
        if (administeredAt != null) {
            f.unitValidOn("districtCode", district, DomainRules.localDate(administeredAt));
        }
        String ageGroup = f.text("ageGroup", true);
        if (ageGroup != null && !AgeGroups.isKnown(ageGroup)) {
            f.error("ageGroup", "unknown age group '" + ageGroup + "' (known: " + String.join(", ", AgeGroups.ALL) + ")");
        }
        DoseKind doseKind = f.symbol("doseKind", DoseKind.class);
        String product = f.text("vaccineProduct", true);
        if (product != null && DomainRules.vaccineProduct(product) != null) {
            f.error("vaccineProduct", DomainRules.vaccineProduct(product));
        }
        String personRef = f.text("personRef", false);
        String personProblem = DomainRules.personRef(personRef);
        if (personProblem != null) {
            f.error("personRef", personProblem);
        }
        if (f.hasErrors()) {
            return null;
        }
        DoseAdministered d = DoseAdministered.newBuilder().setEventId(eventId).setAdministeredAt(administeredAt)
                .setReportedAt(reportedAt).setSiteId(siteId).setDistrictCode(district).setAgeGroup(ageGroup)
                .setDoseKind(doseKind).setVaccineProduct(product).setPersonRef(personRef).build();
        // Keyed by eventId (the dose ledger drops a re-sent id); stamped with event time like the replay.
        return new ValidatedEvent(IngestKind.VACCINATION_DOSES, eventId, eventId, administeredAt.toEpochMilli(), district, d);
    }
}
