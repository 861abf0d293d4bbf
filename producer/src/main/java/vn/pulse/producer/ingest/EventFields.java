package vn.pulse.producer.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.reference.Gates;

/**
 * Reads the fields of one submitted event, collecting every error instead of stopping at the first.
 * Each reader returns the value, or null after recording why the field is wrong; the event's rules
 * ({@link GateEventRules} and its siblings) build the record only when {@link #hasErrors()} is false.
 */
final class EventFields {

    private final ObjectNode node;
    private final String path;
    private final boolean textNumbers;
    private final Clock clock;
    private final Duration clockSkew;
    private final Set<String> read = new LinkedHashSet<>();
    private final List<FieldError> errors = new ArrayList<>();

    /**
     * @param path        how errors name the event, e.g. {@code $} or {@code $[3]}; fields are appended
     * @param textNumbers whether numbers and booleans may come as strings (CSV)
     * @param clock       "now" for the future check and for defaulted times
     * @param clockSkew   how far in the future an event time may be
     */
    EventFields(ObjectNode node, String path, boolean textNumbers, Clock clock, Duration clockSkew) {
        this.node = node;
        this.path = path;
        this.textNumbers = textNumbers;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    /** The gateway's clock reading: the default of an optional report or correction time. */
    Instant now() {
        return clock.instant();
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<FieldError> errors() {
        return List.copyOf(errors);
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
        return knownCode(field, true, "gate", Gates::isKnown, Gates.ALL.stream().map(g -> g.code()));
    }

    String district(String field, boolean required) {
        return knownCode(field, required, "district", Districts::isKnown, Districts.ALL.stream().map(d -> d.code()));
    }

    /**
     * Refuses {@code code} in {@code field} unless its unit exists on {@code day} in the selected data
     * set (a district after 2025-06-30 in {@code langson-2025}, a commune before it): the error names
     * the unit's validity.
     */
    void unitValidOn(String field, String code, LocalDate day) {
        if (code == null || day == null) {
            return;
        }
        String refusal = Geography.selected().refusal(code, day);
        if (refusal != null) {
            error(field, refusal);
        }
    }

    private String knownCode(String field, boolean required, String what, Predicate<String> known, Stream<String> all) {
        String code = text(field, required);
        if (code != null && !known.test(code)) {
            error(field, "unknown " + what + " code '" + code + "' (known: " + all.collect(Collectors.joining(", ")) + ")");
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
            at = OffsetDateTime.parse(s).toInstant();
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
    Long integer(String field, LongFunction<String> rule) {
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
    BigDecimal decimal(String field, int scale, Function<BigDecimal, String> rule) {
        JsonNode v = value(field, true);
        if (v == null) {
            return null;
        }
        BigDecimal d;
        if (v.isNumber()) {
            // The gateway reads floating-point JSON numbers as BigDecimal (its mapper's USE_BIG_DECIMAL_FOR_FLOATS),
            // so 1e309 stays a (too large) number. A double from a caller's default mapper counts as the
            // shortest decimal that reads as it; an infinite or NaN one is no number.
            if (v.isFloatingPointNumber() && !v.isBigDecimal() && !Double.isFinite(v.doubleValue())) {
                error(field, "must be a decimal number");
                return null;
            }
            d = v.decimalValue();
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

    /** Records "unknown field" for every field of the event that no reader asked for. */
    void rejectUnknown() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                error(name, "unknown field");
            }
        }
    }
}
