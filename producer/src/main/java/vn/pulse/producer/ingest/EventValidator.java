package vn.pulse.producer.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import vn.pulse.core.contract.DomainRules;

/**
 * Turns one submitted event (a JSON object, or a CSV line read as one) into the Avro record the
 * topology expects, or lists every field that is wrong. The gateway and the CSV import share it,
 * so both accept exactly the same events. The rules are the schema's (types, required fields,
 * enum symbols, decimal scale) and the domain's (known gate and district codes, non-negative counts
 * and values, no event time in the future beyond the clock skew); they include every field rule the
 * Streams topology checks, so an accepted event is not dead-lettered there for its fields (a gate
 * event can still be too late for its gate's closed hour: only the topology knows its stream time).
 *
 * <p>{@link EventFields} reads and checks single fields; one class per kind ({@link GateEventRules},
 * {@link ScreeningRules}, {@link DoseRules}, {@link CorrectionRules}, {@link AllocationRules}) names
 * the kind's fields, checks the rules between them and builds the record with its key.
 */
public final class EventValidator {

    private final Clock clock;
    private final Duration clockSkew;

    /**
     * @param clock     "now" for the future check and for defaulted report times
     * @param clockSkew how far in the future an event time may be (sources' clocks differ); at most
     *                  {@link DomainRules#MAX_CLOCK_SKEW}, the bound the topology applies
     */
    public EventValidator(Clock clock, Duration clockSkew) {
        if (clockSkew.isNegative() || clockSkew.compareTo(DomainRules.MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clock skew " + clockSkew + " must be between 0 and " + DomainRules.MAX_CLOCK_SKEW
                    + " (the Streams topology dead-letters events further ahead of its clock)");
        }
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    /** The outcome for one event: the validated event, or the errors (never both). */
    public record Result(ValidatedEvent event, List<FieldError> errors) {
        public boolean valid() {
            return event != null;
        }
    }

    /**
     * Validates {@code node} as a {@code kind} event.
     *
     * @param path        how errors name the event, e.g. {@code $} or {@code $[3]}; fields are appended ({@code $[3].tons})
     * @param textNumbers whether numbers and booleans may come as strings (CSV); JSON must use JSON types
     */
    public Result validate(IngestKind kind, JsonNode node, String path, boolean textNumbers) {
        if (node == null || !node.isObject()) {
            return new Result(null, List.of(new FieldError(path, "must be a JSON object (one event)")));
        }
        EventFields f = new EventFields((ObjectNode) node, path, textNumbers, clock, clockSkew);
        ValidatedEvent event = switch (kind) {
            case GATE_EVENTS -> GateEventRules.read(f);
            case CHECKPOINT_SCREENINGS -> ScreeningRules.read(f);
            case VACCINATION_DOSES -> DoseRules.read(f);
            case DOSE_CORRECTIONS -> CorrectionRules.read(f);
            case VACCINE_ALLOCATIONS -> AllocationRules.read(f);
        };
        f.rejectUnknown();
        return f.hasErrors() ? new Result(null, f.errors()) : new Result(event, List.of());
    }

    /** The field names a {@code kind} event has (CSV headers use them), required ones first. */
    public static List<String> fieldNames(IngestKind kind) {
        return switch (kind) {
            case GATE_EVENTS -> GateEventRules.FIELDS;
            case CHECKPOINT_SCREENINGS -> ScreeningRules.FIELDS;
            case VACCINATION_DOSES -> DoseRules.FIELDS;
            case DOSE_CORRECTIONS -> CorrectionRules.FIELDS;
            case VACCINE_ALLOCATIONS -> AllocationRules.FIELDS;
        };
    }
}
