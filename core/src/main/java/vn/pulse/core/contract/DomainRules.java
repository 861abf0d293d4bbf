package vn.pulse.core.contract;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * The rules every service applies alike to what sources report: the province's time zone, the
 * earliest and latest event times, and the largest count, weight and amount one event may carry.
 * The ingest gateway and the CSV import refuse an event that breaks one (400, naming the field); the
 * Streams topology dead-letters such a record when it arrives by another way; the simulator and the
 * scenarios generate within them. Each check returns why a value is refused, or {@code null}.
 *
 * <p>The per-event bounds are chosen so that no sum of accepted values can overflow an aggregate:
 * the widest sum is a gate's (or the province's) trade in one year, a {@code decimal(18,2)} that holds
 * just under 10<sup>16</sup> USD: 10<sup>8</sup> - 1 vehicles at {@link #MAX_DECLARED_VALUE_USD} each in
 * that year, about 200 times the busiest gate's traffic; tons ({@code decimal(18,3)}) and counts
 * ({@code long}) have more room still. The topology checks each addition all the same
 * ({@link Math#addExact}, precision), and dead-letters a record whose sum would not fit.
 */
public final class DomainRules {

    /** The province's time zone: days, months and years of every figure are local dates there. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    /** No COVID-19 vaccine was given in Vietnam before 2021 (the campaign began on 8 March 2021). */
    public static final Instant CAMPAIGN_START = LocalDate.of(2021, 1, 1).atStartOfDay(ZONE).toInstant();
    /** The earliest event time of a border event. */
    public static final Instant EARLIEST_BORDER_EVENT = Instant.EPOCH;
    /** A dose may be reported at most this long before the time it says it was given (clocks differ). */
    public static final Duration REPORT_TOLERANCE = Duration.ofHours(1);
    /**
     * The furthest ahead of the clock an event time may lie. The gateway and the import may be set
     * stricter ({@link #DEFAULT_CLOCK_SKEW}), never looser; the topology applies this bound against its
     * own clock when it processes the record, which is never earlier than when it was accepted.
     */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);
    /** The gateway's and the import's default for how far ahead an event time may lie. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Ids, codes and names longer than this are refused (they are keys and labels, not documents). */
    public static final int MAX_TEXT = 200;
    /** Longest decimal number accepted as text (digits, sign, point and exponent), checked before any arithmetic. */
    public static final int MAX_NUMBER_TEXT = 40;

    /** Decimals of a weight in tons. */
    public static final int TONS_SCALE = 3;
    /** Decimals of an amount in USD. */
    public static final int USD_SCALE = 2;
    /** The heaviest cargo one vehicle may declare: a whole freight train, generously. */
    public static final BigDecimal MAX_TONS = new BigDecimal("10000.000");
    /** The largest declared customs value of one vehicle's cargo. */
    public static final BigDecimal MAX_DECLARED_VALUE_USD = new BigDecimal("100000000.00");
    /** The most people one checkpoint screening report may count. */
    public static final int MAX_PEOPLE_SCREENED = 100_000;
    /** The most doses one vaccine allocation (one delivery) may carry. */
    public static final long MAX_ALLOCATION_DOSES = 10_000_000L;

    private static final Pattern PERSON_REF = Pattern.compile("[0-9a-f]{64}");

    private DomainRules() {
    }

    /**
     * Why {@code text} cannot be an id, code or name, or null: blank, longer than {@link #MAX_TEXT}, a
     * control character (other than tab and line breaks), or an unpaired UTF-16 surrogate (invalid
     * UTF-8 on the wire, which Avro would silently turn into '?').
     */
    public static String text(String text) {
        if (text == null || text.isBlank()) {
            return "must not be blank";
        }
        if (text.length() > MAX_TEXT) {
            return "longer than " + MAX_TEXT + " characters";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return "contains the control character U+" + String.format("%04X", (int) c) + " at position " + i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate at position " + i + " (not valid UTF-8)";
            }
        }
        return null;
    }

    /**
     * Why {@code personRef} cannot be a person reference, or null (it is optional). A reference is the
     * hex HMAC-SHA-256 of the person's ID with a salt kept outside Kafka (docs/security.md), never the ID.
     */
    public static String personRef(String personRef) {
        if (personRef == null || PERSON_REF.matcher(personRef).matches()) {
            return null;
        }
        return "must be a pseudonymous reference (64 lowercase hex characters, HMAC-SHA-256 with the"
                + " provincial salt), never a name or an ID number; see docs/security.md";
    }

    /** Why {@code tons} cannot be a vehicle's cargo weight, or null. */
    public static String tons(BigDecimal tons) {
        return bounded(tons, TONS_SCALE, MAX_TONS, "t");
    }

    /** Why {@code usd} cannot be a vehicle's declared value, or null. */
    public static String declaredValueUsd(BigDecimal usd) {
        return bounded(usd, USD_SCALE, MAX_DECLARED_VALUE_USD, "USD");
    }

    /** Why {@code people} cannot be a count of one screening report, or null. */
    public static String peopleCount(long people) {
        return count(people, 0, MAX_PEOPLE_SCREENED);
    }

    /**
     * Why {@code product} cannot name a vaccine product, or null: a text ({@link #text}) without
     * {@code |}, which separates the parts of the stock's aggregate key ({@code AggregateKeys.vaccineStock}).
     */
    public static String vaccineProduct(String product) {
        String problem = text(product);
        if (problem != null) {
            return problem;
        }
        return product.indexOf('|') >= 0 ? "must not contain '|', was '" + product + "'" : null;
    }

    /** Why {@code doses} cannot be one allocation's doses, or null. */
    public static String allocationDoses(long doses) {
        return count(doses, 1, MAX_ALLOCATION_DOSES);
    }

    /** Why a dose given at {@code administeredAt} and reported at {@code reportedAt} cannot be counted, or null. */
    public static String administeredAt(Instant administeredAt, Instant reportedAt) {
        if (administeredAt.isBefore(CAMPAIGN_START)) {
            return administeredAt + " is before the vaccination campaign (2021)";
        }
        if (reportedAt != null && administeredAt.isAfter(reportedAt.plus(REPORT_TOLERANCE))) {
            return "is after reportedAt " + reportedAt + " (by more than " + REPORT_TOLERANCE.toMinutes() + " min)";
        }
        return null;
    }

    /** Why {@code at} cannot be an event time when the clock reads {@code now}, allowing {@code skew} ahead; or null. */
    public static String notInFuture(Instant at, Instant now, Duration skew) {
        return at.isAfter(now.plus(skew))
                ? at + " is in the future (more than " + skew + " ahead of " + now + ")"
                : null;
    }

    /** The local day of {@code at} in the province. */
    public static LocalDate localDate(Instant at) {
        return LocalDate.ofInstant(at, ZONE);
    }

    /**
     * Why {@code value} is not a non-negative amount with at most {@code scale} decimals and at most
     * {@code max}; or null. Looks at magnitude and scale only (no arithmetic on the value), so a value
     * such as {@code 1e30000000} is refused at once.
     */
    static String bounded(BigDecimal value, int scale, BigDecimal max, String unit) {
        if (value == null) {
            return "required";
        }
        if (value.signum() < 0) {
            return "must not be negative";
        }
        if (value.signum() == 0) {
            return null;
        }
        // Digits before the point: precision - scale (negative scales are powers of ten).
        long integerDigits = (long) value.precision() - value.scale();
        long maxIntegerDigits = (long) max.precision() - max.scale();
        if (integerDigits > maxIntegerDigits || (integerDigits == maxIntegerDigits && value.compareTo(max) > 0)) {
            return "at most " + max.toPlainString() + " " + unit;
        }
        if (value.scale() > scale && value.scale() - scale > value.precision()) {
            // More decimals than digits to strip: certainly too precise, without stripping.
            return "at most " + scale + " decimals";
        }
        if (value.scale() > scale && value.stripTrailingZeros().scale() > scale) {
            return "at most " + scale + " decimals";
        }
        return null;
    }

    private static String count(long n, long min, long max) {
        if (n < min) {
            return min == 0 ? "must not be negative" : min == 1 ? "must be positive" : "must be at least " + min;
        }
        return n > max ? "at most " + max : null;
    }
}
