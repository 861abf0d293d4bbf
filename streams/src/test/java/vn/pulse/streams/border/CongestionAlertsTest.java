package vn.pulse.streams.border;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.border.AlertStatus;
import vn.pulse.schemas.border.CongestionAlert;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.GateHour;
import vn.pulse.schemas.border.TradeDirection;

/** Congestion alerts: raised at the raise mark, cleared only below the lower clear mark, per gate. */
class CongestionAlertsTest {

    private static final Instant T0 = Instant.parse("2021-12-20T01:00:00Z");

    private BorderDriver border;

    @BeforeEach
    void start() {
        BorderConfig config = BorderConfig.defaults()
                .withThresholds("HUU_NGHI", new AlertThresholds(3, 1, 60, 30, 3));
        border = new BorderDriver(config);
    }

    @AfterEach
    void stop() {
        border.close();
    }

    @Test
    void raisesABacklogAlertOnceWhileTheBacklogHoversAroundTheRaiseMarkAndClearsBelowTheClearMark() {
        Instant t = T0;
        border.arrive("HUU_NGHI", "a", t = t.plusSeconds(60));
        border.arrive("HUU_NGHI", "b", t = t.plusSeconds(60));
        border.arrive("HUU_NGHI", "c", t = t.plusSeconds(60));
        // Hovering between 2 and 3: no new alert, no clear.
        border.cross("HUU_NGHI", "a", t = t.plusSeconds(60), "1.00");
        border.arrive("HUU_NGHI", "d", t = t.plusSeconds(60));
        border.cross("HUU_NGHI", "b", t = t.plusSeconds(60), "1.00");
        border.arrive("HUU_NGHI", "e", t = t.plusSeconds(60));
        border.arrive("HUU_NGHI", "f", t = t.plusSeconds(60));
        // Down to 1: still not below the clear mark of 1.
        border.cross("HUU_NGHI", "c", t = t.plusSeconds(60), "1.00");
        border.cross("HUU_NGHI", "d", t = t.plusSeconds(60), "1.00");
        border.cross("HUU_NGHI", "e", t = t.plusSeconds(60), "1.00");
        List<TestRecord<String, CongestionAlert>> events = border.records(BorderDriver.TOPICS.name(Topics.ALERTS));
        assertThat(events).extracting(r -> r.value().getStatus()).containsExactly(AlertStatus.RAISED);

        Instant clearedAt = t.plusSeconds(60);
        border.cross("HUU_NGHI", "f", clearedAt, "1.00");
        border.flush();

        events = border.records(BorderDriver.TOPICS.name(Topics.ALERTS));
        assertThat(events).hasSize(1);
        CongestionAlert cleared = events.get(0).value();
        assertThat(events.get(0).key()).isEqualTo("HUU_NGHI");
        assertThat(cleared.getStatus()).isEqualTo(AlertStatus.CLEARED);
        assertThat(cleared.getKind()).isEqualTo(CongestionKind.BACKLOG);
        assertThat(cleared.getRaisedAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(cleared.getClearedAt()).isEqualTo(clearedAt);
        assertThat(cleared.getPeakValue()).isEqualTo(4);
        assertThat(cleared.getValue()).isZero();
        assertThat(cleared.getAlertId()).isEqualTo("HUU_NGHI|BACKLOG|2021-12-20T01:03:00Z");

        Map<String, CongestionAlert> states = border.latest(BorderDriver.TOPICS.name(Topics.ALERT_STATES));
        assertThat(states).containsOnlyKeys(cleared.getAlertId());
        assertThat(states.get(cleared.getAlertId()).getStatus()).isEqualTo(AlertStatus.CLEARED);
    }

    @Test
    void keepsTheRaisedAlertsStateCurrentWithItsLatestAndPeakValue() {
        for (int i = 0; i < 5; i++) {
            border.arrive("HUU_NGHI", "v" + i, T0.plusSeconds(i));
        }
        border.cross("HUU_NGHI", "v0", T0.plusSeconds(10), "1.00");
        border.flush();

        Map<String, CongestionAlert> states = border.latest(BorderDriver.TOPICS.name(Topics.ALERT_STATES));
        CongestionAlert state = states.get("HUU_NGHI|BACKLOG|2021-12-20T01:00:02Z");
        assertThat(state.getStatus()).isEqualTo(AlertStatus.RAISED);
        assertThat(state.getValue()).isEqualTo(4);
        assertThat(state.getPeakValue()).isEqualTo(5);
        assertThat(state.getRaiseThreshold()).isEqualTo(3);
        assertThat(state.getMessage()).contains("HUU_NGHI").contains("backlog 4 vehicles");
    }

    @Test
    void raisesAWaitAlertWhenAnHoursNinetiethPercentilePassesItsMarkAndClearsWhenAnHourFallsBelowTheLowerMark() {
        Instant hour1 = T0.plus(Duration.ofHours(2));
        for (int i = 0; i < 3; i++) {
            border.arrive("HUU_NGHI", "slow" + i, hour1.minus(Duration.ofMinutes(90)).plusSeconds(i));
        }
        for (int i = 0; i < 3; i++) {
            border.cross("HUU_NGHI", "slow" + i, hour1.plusSeconds(i), "1.00");
        }
        assertThat(waitAlerts()).as("the hour is judged once it is over").isEmpty();

        Instant hour2 = hour1.plus(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            border.arrive("HUU_NGHI", "fast" + i, hour2.plusSeconds(i));
        }
        List<CongestionAlert> raised = waitAlerts();
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).getStatus()).isEqualTo(AlertStatus.RAISED);
        assertThat(raised.get(0).getValue()).isEqualTo(90);
        assertThat(raised.get(0).getRaisedAt()).isEqualTo(hour2);

        for (int i = 0; i < 3; i++) {
            border.cross("HUU_NGHI", "fast" + i, hour2.plus(Duration.ofMinutes(10)).plusSeconds(i), "1.00");
        }
        border.arrive("HUU_NGHI", "next", hour2.plus(Duration.ofHours(1)));
        List<CongestionAlert> later = waitAlerts();
        assertThat(later).hasSize(1);
        assertThat(later.get(0).getStatus()).isEqualTo(AlertStatus.CLEARED);
        assertThat(later.get(0).getValue()).isEqualTo(10);
        assertThat(later.get(0).getPeakValue()).isEqualTo(90);
    }

    @Test
    void judgesAnHoursWaitsOnlyWithEnoughSamples() {
        Instant hour = T0.plus(Duration.ofHours(2));
        border.arrive("HUU_NGHI", "a", hour.minus(Duration.ofHours(5)));
        border.arrive("HUU_NGHI", "b", hour.minus(Duration.ofHours(5)));
        border.cross("HUU_NGHI", "a", hour, "1.00");
        border.cross("HUU_NGHI", "b", hour.plusSeconds(1), "1.00");
        border.arrive("HUU_NGHI", "c", hour.plus(Duration.ofHours(1)));

        assertThat(waitAlerts()).as("two crossings are too few to judge the hour").isEmpty();
    }

    @Test
    void watchesTheNormalLaneSoGreenLaneVehiclesPassingAStuckQueueDoNotClearTheWaitAlert() {
        Instant hour1 = T0.plus(Duration.ofHours(2));
        for (int i = 0; i < 3; i++) {
            border.arrive("HUU_NGHI", "slow" + i, hour1.minus(Duration.ofMinutes(90)).plusSeconds(i));
        }
        for (int i = 0; i < 3; i++) {
            border.cross("HUU_NGHI", "slow" + i, hour1.plusSeconds(i), "1.00");
        }
        Instant hour2 = hour1.plus(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            border.send(green(GateEventKind.ARRIVED, "green" + i, hour2.plusSeconds(i)));
            border.send(green(GateEventKind.CROSSED, "green" + i, hour2.plus(Duration.ofMinutes(5)).plusSeconds(i)));
        }
        border.arrive("HUU_NGHI", "next", hour2.plus(Duration.ofHours(1)));

        assertThat(waitAlerts()).extracting(CongestionAlert::getStatus).containsExactly(AlertStatus.RAISED);
        border.flush();
        GateHour greenHour = border.<GateHour>latest(BorderDriver.TOPICS.name(Topics.GATE_HOURS)).get("HUU_NGHI|2021-12-20T04:00:00Z");
        assertThat(greenHour.getWaitP90Minutes()).isEqualTo(5);
        assertThat(greenHour.getNormalLaneWaitSamples()).isZero();
    }

    private GateEvent green(GateEventKind kind, String vehicle, Instant at) {
        return GateEvent.newBuilder(border.event("HUU_NGHI", kind, TradeDirection.EXPORT, vehicle, at, "1.00"))
                .setGreenLane(true).build();
    }

    private List<CongestionAlert> waitAlerts() {
        return border.<CongestionAlert>records(BorderDriver.TOPICS.name(Topics.ALERTS)).stream().map(TestRecord::value)
                .filter(a -> a.getKind() == CongestionKind.WAIT_P90).toList();
    }

    @Test
    void judgesEachGateAgainstItsOwnMarks() {
        for (int i = 0; i < 5; i++) {
            border.arrive("CHI_MA", "v" + i, T0.plusSeconds(i));
        }
        assertThat(border.records(BorderDriver.TOPICS.name(Topics.ALERTS))).as("CHI_MA's default raise mark is far higher").isEmpty();
    }
}
