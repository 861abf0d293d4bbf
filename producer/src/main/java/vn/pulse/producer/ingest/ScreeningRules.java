package vn.pulse.producer.ingest;

import java.time.Instant;
import java.util.List;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.schemas.border.CheckpointScreening;

/** One checkpoint's health screening report ({@code checkpoint-screenings}): its fields and how it is keyed. */
final class ScreeningRules {

    /** Field names, required ones first. */
    static final List<String> FIELDS = List.of("eventId", "gateCode", "occurredAt", "peopleScreened", "tested", "positive");

    private ScreeningRules() {
    }

    static ValidatedEvent read(EventFields f) {
        String eventId = f.text("eventId", true);
        String gate = f.gate("gateCode");
        Instant occurredAt = f.eventTime("occurredAt", DomainRules.EARLIEST_BORDER_EVENT);
        Long people = f.integer("peopleScreened", DomainRules::peopleCount);
        Long tested = f.integer("tested", DomainRules::peopleCount);
        Long positive = f.integer("positive", DomainRules::peopleCount);
        if (people != null && tested != null && tested > people) {
            f.error("tested", "must not exceed peopleScreened (" + tested + " > " + people + ")");
        }
        if (tested != null && positive != null && positive > tested) {
            f.error("positive", "must not exceed tested (" + positive + " > " + tested + ")");
        }
        if (f.hasErrors()) {
            return null;
        }
        CheckpointScreening s = CheckpointScreening.newBuilder().setEventId(eventId).setGateCode(gate).setOccurredAt(occurredAt)
                .setPeopleScreened(people.intValue()).setTested(tested.intValue()).setPositive(positive.intValue()).build();
        // Keyed by eventId: the topology de-duplicates on the key.
        return new ValidatedEvent(IngestKind.CHECKPOINT_SCREENINGS, eventId, eventId, null, gate, s);
    }
}
