package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.schemas.border.GateEvent;

/**
 * Numbers at and beyond every limit, read by the gateway's own parser and validator: each is refused
 * with a field error (or, when the JSON parser cannot hold it, as malformed JSON) within milliseconds,
 * before any arithmetic on its value; none escapes as an exception (a 5xx).
 */
class ExtremeNumbersTest {

    /** A generous bound for one parse and validation; the checks themselves take microseconds. */
    private static final Duration FAST = Duration.ofMillis(50);
    private static final String TEN_THOUSAND_DIGITS = "9".repeat(10_000);

    private final EventValidator validator = new EventValidator(Clock.fixed(IngestFixtures.NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    @BeforeEach
    void warmUp() {
        // Class loading and the first parse are not what is measured.
        validate("12.5", "1000");
        validate("\"1e40\"", "1");
    }

    private EventValidator.Result validate(String tons, String declaredValueUsd) {
        byte[] body = IngestFixtures.gateEvent("g-x", "HUU_NGHI", tons, declaredValueUsd).getBytes(StandardCharsets.UTF_8);
        return validator.validate(IngestKind.GATE_EVENTS, IngestServer.parse(body), "$", false);
    }

    /** The best of three timings of {@code work}: a pause of the shared machine is not the code's. */
    private static <T> T fast(String what, Supplier<T> work) {
        T result = null;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            result = work.get();
            best = Math.min(best, System.nanoTime() - start);
        }
        assertThat(Duration.ofNanos(best)).as(what + " took").isLessThan(FAST);
        return result;
    }

    private void refusesTons(String tons, String reason) {
        EventValidator.Result r = fast(tons.length() > 40 ? tons.substring(0, 40) + "..." : tons, () -> validate(tons, "1"));
        assertThat(r.valid()).isFalse();
        assertThat(r.errors()).extracting(FieldError::toString).containsExactly("$.tons: " + reason);
    }

    @Test
    void aHugeOrTinyExponentInTextIsRefusedAtOnce() {
        refusesTons("\"1e30000000\"", "at most 10000.000 t, was 1e30000000");
        refusesTons("\"1e-30000000\"", "at most 3 decimals, was 1e-30000000");
        refusesTons("\"-1e30000000\"", "must not be negative, was -1e30000000");
        refusesTons("\"1e9999999999\"", "must be a decimal number, was '1e9999999999'");
    }

    @Test
    void aHugeOrTinyExponentAsAJsonNumberIsRefusedAtOnce() {
        refusesTons("1e309", "at most 10000.000 t, was 1E+309");
        refusesTons("1e30000000", "at most 10000.000 t, was 1E+30000000");
        refusesTons("1e-30000000", "at most 3 decimals, was 1E-30000000");
        refusesTons("1e2147483647", "at most 10000.000 t, was 1E+2147483647");
        EventValidator.Result money = fast("declaredValueUsd 1e309", () -> validate("1", "1e309"));
        assertThat(money.errors()).extracting(FieldError::toString).containsExactly("$.declaredValueUsd: at most 100000000.00 USD, was 1E+309");
    }

    @Test
    void aNumberTheParserCannotHoldIsMalformedJsonNotAServerError() {
        for (String tons : new String[] {"1e9999999999", "1e-2147483648", TEN_THOUSAND_DIGITS, "0." + TEN_THOUSAND_DIGITS, "NaN", "Infinity", "-Infinity"}) {
            IngestProblem problem = fast(tons.length() > 40 ? tons.substring(0, 40) + "..." : tons,
                    () -> catchThrowableOfType(IngestProblem.class, () -> validate(tons, "1")));
            assertThat(problem).as(tons.substring(0, Math.min(40, tons.length()))).isNotNull();
            assertThat(problem.status().getCode()).isEqualTo(400);
            assertThat(problem.type()).isEqualTo("malformed-json");
            assertThat(problem.reason()).isEqualTo("validation");
            assertThat(problem.errors()).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("$"));
        }
    }

    @Test
    void notANumberInTextIsRefusedNamingTheField() {
        refusesTons("\"NaN\"", "must be a decimal number, was 'NaN'");
        refusesTons("\"Infinity\"", "must be a decimal number, was 'Infinity'");
        refusesTons("\"-Infinity\"", "must be a decimal number, was '-Infinity'");
    }

    @Test
    void tenThousandDigitsInTextAreRefusedByLengthBeforeAnyParse() {
        refusesTons("\"" + TEN_THOUSAND_DIGITS + "\"", "must be a decimal number of at most 40 characters");
        refusesTons("\"0." + TEN_THOUSAND_DIGITS + "\"", "must be a decimal number of at most 40 characters");
    }

    @Test
    void aThousandDigitNumberWithinTheParsersLimitIsRefusedByMagnitude() {
        String thousand = "1" + "0".repeat(998);
        EventValidator.Result r = fast("999 digits", () -> validate(thousand, "1"));
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("$.tons");
            assertThat(e.reason()).startsWith("at most 10000.000 t");
        });
        EventValidator.Result tiny = fast("999 decimals", () -> validate("0." + "0".repeat(996) + "1", "1"));
        assertThat(tiny.errors()).extracting(FieldError::toString).singleElement().asString().startsWith("$.tons: at most 3 decimals");
    }

    @Test
    void negativeZeroIsZero() {
        for (String zero : new String[] {"-0", "-0.0", "\"-0\"", "\"-0.000\"", "-0e5"}) {
            EventValidator.Result r = fast(zero, () -> validate(zero, zero));
            assertThat(r.errors()).as(zero).isEmpty();
            GateEvent e = (GateEvent) r.event().value();
            assertThat(e.getTons()).as(zero).isEqualTo(new BigDecimal("0.000"));
            assertThat(e.getDeclaredValueUsd()).as(zero).isEqualTo(new BigDecimal("0.00"));
        }
    }
}
