package vn.pulse.producer.ingest;

import java.time.Instant;
import java.util.List;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.schemas.health.DoseCorrection;

/** The retraction of a dose reported in error ({@code dose-corrections}): its fields and how it is keyed. */
final class CorrectionRules {

    /** Field names, required ones first. */
    static final List<String> FIELDS = List.of("correctionId", "doseEventId", "districtCode", "reason", "correctedAt");

    private CorrectionRules() {
    }

    static ValidatedEvent read(EventFields f) {
        String correctionId = f.text("correctionId", true);
        String doseEventId = f.text("doseEventId", true);
        String district = f.district("districtCode", true);
        String reason = f.text("reason", true);
        Instant correctedAt = f.has("correctedAt") ? f.eventTime("correctedAt", DomainRules.CAMPAIGN_START) : f.now();
        if (f.hasErrors()) {
            return null;
        }
        DoseCorrection c = DoseCorrection.newBuilder().setCorrectionId(correctionId).setDoseEventId(doseEventId)
                .setDistrictCode(district).setCorrectedAt(correctedAt).setReason(reason).build();
        // Keyed by the dose's event id: co-partitioned with the dose. Scoped like a dose: the key must cover
        // the district, and the topology retracts the dose only if it was reported for that district.
        return new ValidatedEvent(IngestKind.DOSE_CORRECTIONS, correctionId, doseEventId, correctedAt.toEpochMilli(), district, c);
    }
}
