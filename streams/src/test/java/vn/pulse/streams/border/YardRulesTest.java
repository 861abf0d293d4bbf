package vn.pulse.streams.border;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.YardVisit;

class YardRulesTest {

    private static final Instant T0 = Instant.parse("2021-12-24T02:00:00Z");

    @Test
    void aSecondArrivalWithoutAnExitKeepsOneVehicleWaitingSinceTheLatestArrival() {
        YardVisit waiting = YardRules.apply(null, GateEventKind.ARRIVED, T0).next();
        YardRules.Outcome again = YardRules.apply(waiting, GateEventKind.ARRIVED, T0.plus(Duration.ofDays(2)));

        assertThat(again.backlogDelta()).isZero();
        assertThat(again.next().getArrivedAt()).isEqualTo(T0.plus(Duration.ofDays(2)));
    }

    @Test
    void anArrivalAfterAnOldOrphanExitStartsANewVisit() {
        YardVisit orphan = YardRules.apply(null, GateEventKind.CROSSED, T0).next();
        YardRules.Outcome next = YardRules.apply(orphan, GateEventKind.ARRIVED, T0.plus(Duration.ofDays(3)));

        assertThat(next.backlogDelta()).isEqualTo(1);
        assertThat(next.waitMillis()).isNull();
        assertThat(next.unmatchedCrossingDelta()).as("the old crossing stays without arrival").isZero();
    }

    @Test
    void aVehicleThatLeftBeforeItsArrivalWasSeenGivesNoWaitAndNoBacklog() {
        YardVisit orphan = YardRules.apply(null, GateEventKind.LEFT, T0).next();
        YardRules.Outcome arrival = YardRules.apply(orphan, GateEventKind.ARRIVED, T0.minusSeconds(600));

        assertThat(arrival.next()).isNull();
        assertThat(arrival.backlogDelta()).isZero();
        assertThat(arrival.waitMillis()).isNull();
        assertThat(arrival.unmatchedCrossingDelta()).isZero();
    }

    @Test
    void anExitEarlierThanTheWaitingArrivalEndsAnUnseenEarlierTrip() {
        YardVisit waiting = YardRules.apply(null, GateEventKind.ARRIVED, T0).next();
        YardRules.Outcome exit = YardRules.apply(waiting, GateEventKind.CROSSED, T0.minusSeconds(3600));

        assertThat(exit.next()).isEqualTo(waiting);
        assertThat(exit.backlogDelta()).isZero();
        assertThat(exit.waitMillis()).isNull();
        assertThat(exit.unmatchedCrossingDelta()).isEqualTo(1);
    }
}
