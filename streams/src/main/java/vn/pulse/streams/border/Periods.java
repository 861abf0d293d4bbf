package vn.pulse.streams.border;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Calendar periods of an instant in the province's time zone: the local day, month and year that
 * trade totals are kept for, and the clock hour of throughput and waits. Remembers the last day it
 * computed, since consecutive events mostly fall on the same day. Not thread-safe (one per processor).
 */
final class Periods {

    private final ZoneId zone;
    private long dayStart = Long.MAX_VALUE;
    private long dayEnd = Long.MIN_VALUE;
    private String day;
    private String month;
    private String year;

    Periods(ZoneId zone) {
        this.zone = zone;
    }

    /** The local date, e.g. {@code 2021-12-24}. */
    String day(long epochMillis) {
        locate(epochMillis);
        return day;
    }

    /** The local month, e.g. {@code 2021-12}. */
    String month(long epochMillis) {
        locate(epochMillis);
        return month;
    }

    /** The local year, e.g. {@code 2021}. */
    String year(long epochMillis) {
        locate(epochMillis);
        return year;
    }

    /** Start of the clock hour (in the zone) containing the instant, epoch millis. */
    long hourStart(long epochMillis) {
        locate(epochMillis);
        // Within one local day every hour starts a whole number of hours after the day's start
        // (true for zones whose offsets are whole hours, such as Asia/Ho_Chi_Minh).
        return dayStart + (epochMillis - dayStart) / 3_600_000L * 3_600_000L;
    }

    private void locate(long epochMillis) {
        if (epochMillis >= dayStart && epochMillis < dayEnd) {
            return;
        }
        LocalDate date = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
        ZonedDateTime start = date.atStartOfDay(zone);
        dayStart = start.toInstant().toEpochMilli();
        dayEnd = start.plus(1, ChronoUnit.DAYS).toInstant().toEpochMilli();
        day = date.toString();
        month = day.substring(0, 7);
        year = day.substring(0, 4);
    }
}
