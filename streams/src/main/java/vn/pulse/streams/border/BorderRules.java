package vn.pulse.streams.border;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.reference.Gates;
import vn.pulse.schemas.border.CheckpointScreening;
import vn.pulse.schemas.border.GateEvent;

/**
 * Why a border record cannot be processed, or {@code null} when it can. Each reason names the field
 * and what is wrong with it; it travels with the record to the dead-letter topic.
 */
final class BorderRules {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private BorderRules() {
    }

    /**
     * Field rules of a gate event. Gate events are keyed by gate code: one gate's events stay in one
     * partition, in the order its yard reported them, and one task keeps all of the gate's state.
     */
    static String gateEventReason(String key, GateEvent e, Instant now) {
        String text = firstNonNull(text("eventId", e.getEventId()), text("vehicleRef", e.getVehicleRef()));
        if (text != null) {
            return text;
        }
        String gate = gateReason(e.getGateCode());
        if (gate != null) {
            return gate;
        }
        if (!e.getGateCode().equals(key)) {
            return "key: '" + key + "' must be the gate code '" + e.getGateCode()
                    + "' (a gate's events are kept in one partition, in order)";
        }
        String time = occurredAt(e.getOccurredAt(), now);
        if (time != null) {
            return time;
        }
        return firstNonNull(
                field("tons", DomainRules.tons(e.getTons()), e.getTons()),
                field("declaredValueUsd", DomainRules.declaredValueUsd(e.getDeclaredValueUsd()), e.getDeclaredValueUsd()));
    }

    /**
     * Lateness: an event is accepted while its clock hour is open, that is until stream time (the
     * latest event time accepted, this event's included) reaches the end of that hour plus the grace period.
     */
    static String lateReason(long eventTime, long streamTime, Duration grace) {
        long hourEnd = Math.floorDiv(eventTime, HOUR) * HOUR + HOUR;
        long closesAt = hourEnd + grace.toMillis();
        if (streamTime < closesAt) {
            return null;
        }
        return "occurredAt: " + Instant.ofEpochMilli(eventTime) + " is too late; its hour closed at "
                + Instant.ofEpochMilli(closesAt) + " (hour end + grace " + grace + ") and stream time is "
                + Instant.ofEpochMilli(streamTime);
    }

    /** Field rules of a checkpoint screening report. */
    static String screeningReason(CheckpointScreening s) {
        String problem = firstNonNull(
                text("eventId", s.getEventId()),
                gateReason(s.getGateCode()),
                occurredAt(s.getOccurredAt(), Instant.now()),
                count("peopleScreened", s.getPeopleScreened()),
                count("tested", s.getTested()),
                count("positive", s.getPositive()));
        if (problem != null) {
            return problem;
        }
        if (s.getTested() > s.getPeopleScreened()) {
            return "tested: " + s.getTested() + " exceeds peopleScreened " + s.getPeopleScreened();
        }
        if (s.getPositive() > s.getTested()) {
            return "positive: " + s.getPositive() + " exceeds tested " + s.getTested();
        }
        return null;
    }

    private static String gateReason(String gateCode) {
        return Gates.isKnown(gateCode) ? null : "gateCode: unknown gate '" + gateCode + "'";
    }

    /** Event time: after the earliest border event, and not further ahead of the clock than the contract allows. */
    private static String occurredAt(Instant at, Instant now) {
        if (at == null || at.isBefore(DomainRules.EARLIEST_BORDER_EVENT)) {
            return "occurredAt: missing or before " + DomainRules.EARLIEST_BORDER_EVENT;
        }
        String future = DomainRules.notInFuture(at, now, DomainRules.MAX_CLOCK_SKEW);
        return future == null ? null : "occurredAt: " + future;
    }

    private static String text(String field, String value) {
        String problem = DomainRules.text(value);
        return problem == null ? null : field + ": " + problem;
    }

    private static String count(String field, int n) {
        String problem = DomainRules.peopleCount(n);
        return problem == null ? null : field + ": " + problem + ", was " + n;
    }

    private static String field(String field, String problem, BigDecimal value) {
        return problem == null ? null : field + ": " + problem + (value == null ? "" : ", was " + value.toPlainString());
    }

    private static String firstNonNull(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
