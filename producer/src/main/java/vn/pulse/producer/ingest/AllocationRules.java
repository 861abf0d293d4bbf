package vn.pulse.producer.ingest;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.schemas.health.VaccineAllocation;

/** A delivery of vaccine to a district or the province's stock ({@code vaccine-allocations}): its fields and how it is keyed. */
final class AllocationRules {

    /** Field names, required ones first. */
    static final List<String> FIELDS = List.of("allocationId", "vaccineProduct", "doses", "deliveredOn", "districtCode");

    private AllocationRules() {
    }

    static ValidatedEvent read(EventFields f) {
        String allocationId = f.text("allocationId", true);
        String district = f.district("districtCode", false);
        String product = f.text("vaccineProduct", true);
        if (product != null && DomainRules.vaccineProduct(product) != null) {
            f.error("vaccineProduct", DomainRules.vaccineProduct(product));
        }
        Long doses = f.integer("doses", DomainRules::allocationDoses);
        LocalDate deliveredOn = f.date("deliveredOn");
        f.unitValidOn("districtCode", district, deliveredOn);
        if (f.hasErrors()) {
            return null;
        }
        VaccineAllocation a = VaccineAllocation.newBuilder().setAllocationId(allocationId).setDistrictCode(district)
                .setVaccineProduct(product).setDoses(doses).setDeliveredOn(deliveredOn).build();
        // Keyed by allocationId (de-duplicated on it), stamped 08:00 local on the delivery day like the replay.
        long timestamp = deliveredOn.atTime(LocalTime.of(8, 0)).atZone(DomainRules.ZONE).toInstant().toEpochMilli();
        return new ValidatedEvent(IngestKind.VACCINE_ALLOCATIONS, allocationId, allocationId, timestamp, district, a);
    }
}
