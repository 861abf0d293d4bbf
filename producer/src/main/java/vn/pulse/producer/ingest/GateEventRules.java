package vn.pulse.producer.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.VehicleType;

/** A vehicle passing a border gate ({@code gate-events}): its fields and how it is keyed. */
final class GateEventRules {

    /** Field names, required ones first. */
    static final List<String> FIELDS = List.of("eventId", "gateCode", "occurredAt", "kind", "direction", "vehicleRef", "vehicleType",
            "cargoCategory", "tons", "declaredValueUsd", "greenLane");

    private GateEventRules() {
    }

    static ValidatedEvent read(EventFields f) {
        String eventId = f.text("eventId", true);
        String gate = f.gate("gateCode");
        Instant occurredAt = f.eventTime("occurredAt", DomainRules.EARLIEST_BORDER_EVENT);
        GateEventKind kind = f.symbol("kind", GateEventKind.class);
        TradeDirection direction = f.symbol("direction", TradeDirection.class);
        String vehicleRef = f.text("vehicleRef", true);
        VehicleType vehicleType = f.symbol("vehicleType", VehicleType.class);
        CargoCategory cargo = f.symbol("cargoCategory", CargoCategory.class);
        BigDecimal tons = f.decimal("tons", DomainRules.TONS_SCALE, DomainRules::tons);
        BigDecimal value = f.decimal("declaredValueUsd", DomainRules.USD_SCALE, DomainRules::declaredValueUsd);
        boolean greenLane = f.bool("greenLane", false);
        if (f.hasErrors()) {
            return null;
        }
        GateEvent e = GateEvent.newBuilder().setEventId(eventId).setGateCode(gate).setOccurredAt(occurredAt).setKind(kind)
                .setDirection(direction).setVehicleRef(vehicleRef).setVehicleType(vehicleType).setCargoCategory(cargo)
                .setGreenLane(greenLane).setTons(tons).setDeclaredValueUsd(value).build();
        // Keyed by gate (one gate's events in order in one partition); the topology de-duplicates by eventId.
        // No record timestamp of our own: like the border replay, the producer stamps it.
        return new ValidatedEvent(IngestKind.GATE_EVENTS, eventId, gate, null, gate, e);
    }
}
