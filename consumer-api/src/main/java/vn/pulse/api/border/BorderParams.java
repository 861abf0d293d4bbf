package vn.pulse.api.border;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import vn.pulse.api.http.ApiProblem;

/** Parses the border endpoints' query parameters; a bad one throws {@link ApiProblem.BadParameter} naming it and why. */
final class BorderParams {

    private BorderParams() {
    }

    static int year(String name, String value) {
        try {
            int year = Integer.parseInt(value);
            if (year >= 1900 && year <= 2999) {
                return year;
            }
        } catch (NumberFormatException e) {
            // fall through to the explanation
        }
        throw new ApiProblem.BadParameter(name, name + " must be a year such as 2021, was '" + value + "'");
    }

    /**
     * An instant given as {@code 2021-12-24T03:00:00Z}, a local date-time {@code 2021-12-24T10:00} or a
     * local date {@code 2021-12-24}: its start, or with {@code endOfDay} the start of the next day (so
     * {@code to=2021-12-24} includes the whole 24th).
     */
    static Instant instant(String name, String value, ZoneId zone, boolean endOfDay) {
        try {
            return Instant.parse(value);
        } catch (DateTimeException notInstant) {
            try {
                return LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (DateTimeException notDateTime) {
                try {
                    LocalDate date = LocalDate.parse(value);
                    return (endOfDay ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
                } catch (DateTimeException notDate) {
                    throw new ApiProblem.BadParameter(name, name + " must be an instant (2021-12-24T03:00:00Z), a local date-time"
                            + " (2021-12-24T10:00) or a date (2021-12-24), was '" + value + "'");
                }
            }
        }
    }

    static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw new ApiProblem.BadParameter(name, name + " must be a date such as 2021-12-24, was '" + value + "'");
        }
    }

    /** A month given as {@code 2021-12} or as any date in it. */
    static YearMonth month(String name, String value) {
        try {
            return YearMonth.parse(value);
        } catch (DateTimeException notMonth) {
            try {
                return YearMonth.from(LocalDate.parse(value));
            } catch (DateTimeException notDate) {
                throw new ApiProblem.BadParameter(name, name + " must be a month such as 2021-12, was '" + value + "'");
            }
        }
    }

    /**
     * Refuses an empty or reversed range, or one longer than {@code max} units.
     *
     * @param inclusive whether {@code to} is part of the range (dates, months) or its end (instants)
     */
    static void range(long units, long max, String unit, boolean inclusive) {
        if (units <= 0) {
            throw new ApiProblem.BadParameter("to", inclusive ? "to must not be before from" : "to must be after from");
        }
        if (units > max) {
            throw new ApiProblem.BadParameter("from", "at most " + max + " " + unit + " per request, asked for " + units);
        }
    }
}
