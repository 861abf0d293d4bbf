package vn.pulse.api.http;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import vn.pulse.core.contract.DomainRules;

/**
 * The optional {@code asOf=YYYY-MM-DD} of the figures' endpoints: the figures as they stood at the end
 * of that local day ({@link DomainRules#ZONE}), by event time. A value that is not a date, lies before
 * the earliest day the domain has figures for, or after today is a 400 naming {@code asOf} and why.
 */
public final class AsOfParameter {

    public static final String NAME = "asOf";

    private AsOfParameter() {
    }

    /**
     * The request's {@code asOf} day, or {@code null} when it has none (the figures now).
     *
     * @param earliest the first day with figures; {@code earliestWhat} says what it is, for the error
     */
    public static LocalDate parse(Request request, LocalDate earliest, String earliestWhat, Clock clock) {
        String value = request.queryParam(NAME);
        if (value == null) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw new ApiProblem.BadParameter(NAME, "asOf must be a date as YYYY-MM-DD, was '" + value + "'");
        }
        if (day.isBefore(earliest)) {
            throw new ApiProblem.BadParameter(NAME, "asOf must not be before " + earliest + " (" + earliestWhat + "), was '" + value + "'");
        }
        LocalDate today = LocalDate.now(clock.withZone(DomainRules.ZONE));
        if (day.isAfter(today)) {
            throw new ApiProblem.BadParameter(NAME, "asOf must not be in the future (today is " + today + " in "
                    + DomainRules.ZONE + "), was '" + value + "'");
        }
        return day;
    }
}
