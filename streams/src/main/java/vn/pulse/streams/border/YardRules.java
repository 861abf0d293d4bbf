package vn.pulse.streams.border;

import java.time.Instant;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.YardVisit;

/**
 * What one gate event does to a vehicle's yard visit: the rules behind the backlog and the waits.
 *
 * <p>A vehicle that arrives waits in the yard (backlog + 1) until it crosses (backlog − 1, one wait
 * sample) or leaves without crossing (backlog − 1, no sample). Raw events are keyed by event id, so
 * a vehicle's arrival and exit can reach the gate's partition in either order; an exit seen first is
 * remembered ("orphan") and paired with the arrival when it comes, if the arrival is not later than
 * the exit. A crossing whose arrival never comes still counts as trade and throughput, without a
 * wait sample ({@code crossingsWithoutArrival}). Pure: no state of its own.
 */
final class YardRules {

    private YardRules() {
    }

    /**
     * The result of one event.
     *
     * @param next                   the visit to keep, or {@code null} to forget the vehicle
     * @param backlogDelta           change of the gate's backlog (−1, 0 or +1)
     * @param waitMillis             a wait sample (arrival to crossing), or {@code null}
     * @param sampleAt               event time of the crossing the sample belongs to (its hour)
     * @param unmatchedCrossingDelta change of the count of crossings without a known arrival
     */
    record Outcome(YardVisit next, int backlogDelta, Long waitMillis, long sampleAt, int unmatchedCrossingDelta) {
    }

    static Outcome apply(YardVisit visit, GateEventKind kind, Instant at) {
        return kind == GateEventKind.ARRIVED ? arrive(visit, at) : exit(visit, kind, at);
    }

    private static Outcome arrive(YardVisit visit, Instant at) {
        if (visit == null) {
            return new Outcome(waiting(at), 1, null, 0, 0);
        }
        if (visit.getArrivedAt() != null) {
            // Arrived again without an exit in between: the earlier exit was never reported. The
            // vehicle is still one vehicle in the yard; its wait counts from the latest arrival.
            Instant latest = at.isAfter(visit.getArrivedAt()) ? at : visit.getArrivedAt();
            return new Outcome(waiting(latest), 0, null, 0, 0);
        }
        Instant exited = visit.getExitedAt();
        if (exited != null && !exited.isBefore(at)) {
            // The exit came first; this is its arrival. Backlog: the exit never counted, nor does this.
            if (visit.getExitKind() == GateEventKind.CROSSED) {
                return new Outcome(null, 0, exited.toEpochMilli() - at.toEpochMilli(), exited.toEpochMilli(), -1);
            }
            return new Outcome(null, 0, null, 0, 0);
        }
        // An orphan exit older than this arrival belongs to an earlier trip: a new visit starts.
        return new Outcome(waiting(at), 1, null, 0, 0);
    }

    private static Outcome exit(YardVisit visit, GateEventKind kind, Instant at) {
        boolean crossed = kind == GateEventKind.CROSSED;
        if (visit != null && visit.getArrivedAt() != null) {
            Instant arrived = visit.getArrivedAt();
            if (!arrived.isAfter(at)) {
                Long wait = crossed ? at.toEpochMilli() - arrived.toEpochMilli() : null;
                return new Outcome(null, -1, wait, at.toEpochMilli(), 0);
            }
            // An exit before the waiting arrival: it ends an earlier trip we never saw arrive.
            return new Outcome(visit, 0, null, 0, crossed ? 1 : 0);
        }
        YardVisit orphan = YardVisit.newBuilder().setArrivedAt(null).setExitedAt(at).setExitKind(kind).build();
        return new Outcome(orphan, 0, null, 0, crossed ? 1 : 0);
    }

    private static YardVisit waiting(Instant arrivedAt) {
        return YardVisit.newBuilder().setArrivedAt(arrivedAt).setExitedAt(null).setExitKind(null).build();
    }
}
