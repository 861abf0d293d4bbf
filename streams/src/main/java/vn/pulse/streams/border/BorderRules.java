package vn.pulse.streams.border;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
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
    static String gateEventReason(String key, GateEvent e) {
        if (e.getEventId() == null || e.getEventId().isBlank()) {
            return "eventId: missing";
        }
        String gate = gateReason(e.getGateCode());
        if (gate != null) {
            return gate;
        }
        if (!e.getGateCode().equals(key)) {
            return "key: '" + key + "' must be the gate code '" + e.getGateCode()
                    + "' (a gate's events are kept in one partition, in order)";
        }
        if (e.getOccurredAt() == null || e.getOccurredAt().toEpochMilli() < 0) {
            return "occurredAt: missing or before 1970";
        }
        if (e.getVehicleRef() == null || e.getVehicleRef().isBlank()) {
            return "vehicleRef: missing";
        }
        String tons = notNegative("tons", e.getTons());
        return tons != null ? tons : notNegative("declaredValueUsd", e.getDeclaredValueUsd());
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
        String gate = gateReason(s.getGateCode());
        if (gate != null) {
            return gate;
        }
        if (s.getOccurredAt() == null || s.getOccurredAt().toEpochMilli() < 0) {
            return "occurredAt: missing or before 1970";
        }
        if (s.getPeopleScreened() < 0) {
            return "peopleScreened: must not be negative, was " + s.getPeopleScreened();
        }
        if (s.getTested() < 0) {
            return "tested: must not be negative, was " + s.getTested();
        }
        if (s.getPositive() < 0) {
            return "positive: must not be negative, was " + s.getPositive();
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

    private static String notNegative(String field, BigDecimal value) {
        if (value == null) {
            return field + ": missing";
        }
        return value.signum() < 0 ? field + ": must not be negative, was " + value.toPlainString() : null;
    }
}
