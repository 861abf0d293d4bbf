package vn.pulse.producer.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.reference.Gates;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.CheckpointScreening;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.VehicleType;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.VaccineAllocation;

/**
 * Turns one submitted event (a JSON object, or a CSV line read as one) into the Avro record the
 * topology expects, or lists every field that is wrong. The gateway and the CSV import share it,
 * so both accept exactly the same events. The rules are the schema's (types, required fields,
 * enum symbols, decimal scale) and the domain's (known gate and district codes, non-negative counts
 * and values, no event time in the future beyond the clock skew); they include every field rule the
 * Streams topology checks, so an accepted event is not dead-lettered there for its fields (a gate
 * event can still be too late for its gate's closed hour: only the topology knows its stream time).
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
        Fields f = new Fields((ObjectNode) node, path, textNumbers);
        ValidatedEvent event = switch (kind) {
            case GATE_EVENTS -> gateEvent(f);
            case CHECKPOINT_SCREENINGS -> screening(f);
            case VACCINATION_DOSES -> dose(f);
            case DOSE_CORRECTIONS -> correction(f);
            case VACCINE_ALLOCATIONS -> allocation(f);
        };
        f.rejectUnknown();
        return f.errors.isEmpty() ? new Result(event, List.of()) : new Result(null, List.copyOf(f.errors));
    }

    /** The field names a {@code kind} event has (CSV headers use them), required ones first. */
    public static List<String> fieldNames(IngestKind kind) {
        return switch (kind) {
            case GATE_EVENTS -> List.of("eventId", "gateCode", "occurredAt", "kind", "direction", "vehicleRef", "vehicleType",
                    "cargoCategory", "tons", "declaredValueUsd", "greenLane");
            case CHECKPOINT_SCREENINGS -> List.of("eventId", "gateCode", "occurredAt", "peopleScreened", "tested", "positive");
            case VACCINATION_DOSES -> List.of("eventId", "administeredAt", "siteId", "districtCode", "ageGroup", "doseKind",
                    "vaccineProduct", "reportedAt", "personRef");
            case DOSE_CORRECTIONS -> List.of("correctionId", "doseEventId", "reason", "correctedAt");
            case VACCINE_ALLOCATIONS -> List.of("allocationId", "vaccineProduct", "doses", "deliveredOn", "districtCode");
        };
    }

    private ValidatedEvent gateEvent(Fields f) {
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
        if (!f.errors.isEmpty()) {
            return null;
        }
        GateEvent e = GateEvent.newBuilder().setEventId(eventId).setGateCode(gate).setOccurredAt(occurredAt).setKind(kind)
                .setDirection(direction).setVehicleRef(vehicleRef).setVehicleType(vehicleType).setCargoCategory(cargo)
                .setGreenLane(greenLane).setTons(tons).setDeclaredValueUsd(value).build();
        // Keyed by gate (one gate's events in order in one partition); the topology de-duplicates by eventId.
        // No record timestamp of our own: like the border replay, the producer stamps it.
        return new ValidatedEvent(IngestKind.GATE_EVENTS, eventId, gate, null, gate, e);
    }

    private ValidatedEvent screening(Fields f) {
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
        if (!f.errors.isEmpty()) {
            return null;
        }
        CheckpointScreening s = CheckpointScreening.newBuilder().setEventId(eventId).setGateCode(gate).setOccurredAt(occurredAt)
                .setPeopleScreened(people.intValue()).setTested(tested.intValue()).setPositive(positive.intValue()).build();
        // Keyed by eventId: the topology de-duplicates on the key.
        return new ValidatedEvent(IngestKind.CHECKPOINT_SCREENINGS, eventId, eventId, null, gate, s);
    }

    private ValidatedEvent dose(Fields f) {
        String eventId = f.text("eventId", true);
        Instant administeredAt = f.eventTime("administeredAt", DomainRules.CAMPAIGN_START);
        Instant reportedAt = f.has("reportedAt") ? f.eventTime("reportedAt", DomainRules.CAMPAIGN_START) : clock.instant();
        if (administeredAt != null && reportedAt != null) {
            String problem = DomainRules.administeredAt(administeredAt, reportedAt);
            if (problem != null) {
                f.error("administeredAt", problem);
            }
        }
        String siteId = f.text("siteId", true);
        String district = f.district("districtCode", true);
        String ageGroup = f.text("ageGroup", true);
        if (ageGroup != null && !AgeGroups.isKnown(ageGroup)) {
            f.error("ageGroup", "unknown age group '" + ageGroup + "' (known: " + String.join(", ", AgeGroups.ALL) + ")");
        }
        DoseKind doseKind = f.symbol("doseKind", DoseKind.class);
        String product = f.text("vaccineProduct", true);
        String personRef = f.text("personRef", false);
        String personProblem = DomainRules.personRef(personRef);
        if (personProblem != null) {
            f.error("personRef", personProblem);
        }
        if (!f.errors.isEmpty()) {
            return null;
        }
        DoseAdministered d = DoseAdministered.newBuilder().setEventId(eventId).setAdministeredAt(administeredAt)
                .setReportedAt(reportedAt).setSiteId(siteId).setDistrictCode(district).setAgeGroup(ageGroup)
                .setDoseKind(doseKind).setVaccineProduct(product).setPersonRef(personRef).build();
        // Keyed by eventId (the dose ledger drops a re-sent id); stamped with event time like the replay.
        return new ValidatedEvent(IngestKind.VACCINATION_DOSES, eventId, eventId, administeredAt.toEpochMilli(), district, d);
    }

    private ValidatedEvent correction(Fields f) {
        String correctionId = f.text("correctionId", true);
        String doseEventId = f.text("doseEventId", true);
        String reason = f.text("reason", true);
        Instant correctedAt = f.has("correctedAt") ? f.eventTime("correctedAt", DomainRules.CAMPAIGN_START) : clock.instant();
        if (!f.errors.isEmpty()) {
            return null;
        }
        DoseCorrection c = DoseCorrection.newBuilder().setCorrectionId(correctionId).setDoseEventId(doseEventId)
                .setCorrectedAt(correctedAt).setReason(reason).build();
        // Keyed by the dose's event id: co-partitioned with the dose; the topology de-duplicates on it.
        return new ValidatedEvent(IngestKind.DOSE_CORRECTIONS, correctionId, doseEventId, correctedAt.toEpochMilli(), null, c);
    }

    private ValidatedEvent allocation(Fields f) {
        String allocationId = f.text("allocationId", true);
        String district = f.district("districtCode", false);
        String product = f.text("vaccineProduct", true);
        Long doses = f.integer("doses", DomainRules::allocationDoses);
        LocalDate deliveredOn = f.date("deliveredOn");
        if (!f.errors.isEmpty()) {
            return null;
        }
        VaccineAllocation a = VaccineAllocation.newBuilder().setAllocationId(allocationId).setDistrictCode(district)
                .setVaccineProduct(product).setDoses(doses).setDeliveredOn(deliveredOn).build();
        // Keyed by allocationId (de-duplicated on it), stamped 08:00 local on the delivery day like the replay.
        long timestamp = deliveredOn.atTime(LocalTime.of(8, 0)).atZone(DomainRules.ZONE).toInstant().toEpochMilli();
        return new ValidatedEvent(IngestKind.VACCINE_ALLOCATIONS, allocationId, allocationId, timestamp, district, a);
    }

    /** Reads the fields of one event, collecting every error instead of stopping at the first. */
    private final class Fields {
        private final ObjectNode node;
        private final String path;
        private final boolean textNumbers;
        private final Set<String> read = new LinkedHashSet<>();
        private final List<FieldError> errors = new ArrayList<>();

        Fields(ObjectNode node, String path, boolean textNumbers) {
            this.node = node;
            this.path = path;
            this.textNumbers = textNumbers;
        }

        void error(String field, String reason) {
            errors.add(new FieldError(path + "." + field, reason));
        }

        boolean has(String field) {
            JsonNode v = node.get(field);
            return v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty());
        }

        /** The field's value, or null (after recording "required") when absent. */
        private JsonNode value(String field, boolean required) {
            read.add(field);
            if (!has(field)) {
                if (required) {
                    error(field, "required");
                }
                return null;
            }
            return node.get(field);
        }

        String text(String field, boolean required) {
            JsonNode v = value(field, required);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                error(field, "must be a string");
                return null;
            }
            String s = v.asText().trim();
            if (s.isEmpty()) {
                if (required) {
                    error(field, "must not be blank");
                }
                return null;
            }
            String problem = DomainRules.text(s);
            if (problem != null) {
                error(field, problem);
                return null;
            }
            return s;
        }

        String gate(String field) {
            String code = text(field, true);
            if (code != null && !Gates.isKnown(code)) {
                error(field, "unknown gate code '" + code + "' (known: "
                        + Gates.ALL.stream().map(g -> g.code()).collect(Collectors.joining(", ")) + ")");
                return null;
            }
            return code;
        }

        String district(String field, boolean required) {
            String code = text(field, required);
            if (code != null && !Districts.isKnown(code)) {
                error(field, "unknown district code '" + code + "' (known: "
                        + Districts.ALL.stream().map(d -> d.code()).collect(Collectors.joining(", ")) + ")");
                return null;
            }
            return code;
        }

        /** An ISO-8601 instant ({@code 2021-08-01T09:30:00+07:00} or {@code ...Z}) not before {@code earliest} nor in the future. */
        Instant eventTime(String field, Instant earliest) {
            String s = text(field, true);
            if (s == null) {
                return null;
            }
            Instant at;
            try {
                at = java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                error(field, "must be an ISO-8601 date-time with offset, e.g. 2021-08-01T09:30:00+07:00, was '" + s + "'");
                return null;
            }
            if (DomainRules.notInFuture(at, clock.instant(), clockSkew) != null) {
                error(field, s + " is in the future (more than " + clockSkew + " ahead of the gateway's clock)");
                return null;
            }
            if (at.isBefore(earliest)) {
                error(field, s + " is before " + earliest);
                return null;
            }
            return at;
        }

        LocalDate date(String field) {
            String s = text(field, true);
            if (s == null) {
                return null;
            }
            LocalDate date;
            try {
                date = LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                error(field, "must be a date yyyy-MM-dd, was '" + s + "'");
                return null;
            }
            LocalDate latest = DomainRules.localDate(clock.instant().plus(clockSkew));
            if (date.isAfter(latest)) {
                error(field, s + " is in the future");
                return null;
            }
            if (date.isBefore(DomainRules.localDate(DomainRules.CAMPAIGN_START))) {
                error(field, s + " is before the vaccination campaign (2021)");
                return null;
            }
            return date;
        }

        /** A whole number that {@code rule} accepts (it says why not, or null). */
        Long integer(String field, java.util.function.LongFunction<String> rule) {
            JsonNode v = value(field, true);
            if (v == null) {
                return null;
            }
            long n;
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                n = v.asLong();
            } else if (textNumbers && v.isTextual() && v.asText().trim().matches("-?\\d{1,18}")) {
                n = Long.parseLong(v.asText().trim());
            } else if (v.isIntegralNumber() || (textNumbers && v.isTextual() && v.asText().trim().matches("-?\\d+"))) {
                error(field, "too large");
                return null;
            } else {
                error(field, "must be a whole number");
                return null;
            }
            String problem = rule.apply(n);
            if (problem != null) {
                error(field, problem + ", was " + n);
                return null;
            }
            return n;
        }

        /**
         * A decimal that {@code rule} accepts, returned at exactly {@code scale} (Avro needs it). Its
         * size is checked before any arithmetic, so no value costs more than a few microseconds.
         */
        BigDecimal decimal(String field, int scale, java.util.function.Function<BigDecimal, String> rule) {
            JsonNode v = value(field, true);
            if (v == null) {
                return null;
            }
            BigDecimal d;
            if (v.isNumber()) {
                // The gateway's mapper reads floating-point numbers as BigDecimal (USE_BIG_DECIMAL_FOR_FLOATS), so
                // 1e309 stays a (too large) number; a double from another mapper is taken at its shortest form.
                if (v.isBigDecimal() || v.isIntegralNumber()) {
                    d = v.decimalValue();
                } else if (Double.isFinite(v.doubleValue())) {
                    d = new BigDecimal(Double.toString(v.doubleValue()));
                } else {
                    error(field, "too large");
                    return null;
                }
            } else if (v.isTextual()) {
                // A string keeps a money amount exact in every JSON library.
                String text = v.asText().trim();
                if (text.length() > DomainRules.MAX_NUMBER_TEXT) {
                    error(field, "must be a decimal number of at most " + DomainRules.MAX_NUMBER_TEXT + " characters");
                    return null;
                }
                try {
                    d = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    error(field, "must be a decimal number, was '" + v.asText() + "'");
                    return null;
                }
            } else {
                error(field, "must be a decimal number");
                return null;
            }
            String problem = rule.apply(d);
            if (problem != null) {
                // As sent when it was text (at most MAX_NUMBER_TEXT characters); never expanded to plain digits.
                error(field, problem + ", was " + (v.isTextual() ? v.asText().trim() : d.toString()));
                return null;
            }
            return d.setScale(scale, RoundingMode.UNNECESSARY);
        }

        boolean bool(String field, boolean defaultValue) {
            JsonNode v = value(field, false);
            if (v == null) {
                return defaultValue;
            }
            if (v.isBoolean()) {
                return v.asBoolean();
            }
            if (textNumbers && v.isTextual() && (v.asText().trim().equalsIgnoreCase("true") || v.asText().trim().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(v.asText().trim());
            }
            error(field, "must be true or false");
            return defaultValue;
        }

        <E extends Enum<E>> E symbol(String field, Class<E> type) {
            String s = text(field, true);
            if (s == null) {
                return null;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(s)) {
                    return e;
                }
            }
            error(field, "unknown value '" + s + "' (expected one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
            return null;
        }

        void rejectUnknown() {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!read.contains(name)) {
                    error(name, "unknown field");
                }
            }
        }
    }
}
