package vn.pulse.streams.border;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.border.CheckpointScreening;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.GateHour;
import vn.pulse.schemas.border.GateScreenings;
import vn.pulse.schemas.border.GateTrade;
import vn.pulse.schemas.border.GateYard;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.border.TradeDirection;

/** The border topology's rules, one behaviour per test, on a TopologyTestDriver with fixed event times. */
class BorderTopologyTest {

    /** 09:00 in Lạng Sơn (UTC+7). */
    private static final Instant T0 = Instant.parse("2021-12-24T02:00:00Z");
    private static final String HOUR_T0 = "2021-12-24T02:00:00Z";
    private static final BorderDriver.DeadLetter[] NONE = {};

    private BorderDriver border;

    @BeforeEach
    void start() {
        border = new BorderDriver();
    }

    @AfterEach
    void stop() {
        border.close();
    }

    @Test
    void addsCrossingsToTheGatesTradePerLocalDayMonthAndYearByDirection() {
        border.cross("HUU_NGHI", "v1", T0, "12500.50");
        border.send(border.event("HUU_NGHI", GateEventKind.CROSSED, TradeDirection.IMPORT, "v2", T0.plusSeconds(60), "40000.00"));
        border.cross("HUU_NGHI", "v3", T0.plusSeconds(120), "7499.50");
        // 00:30 on 1 January 2022 in Lạng Sơn is still 31 December in UTC: it counts for 2022.
        border.cross("HUU_NGHI", "v4", Instant.parse("2021-12-31T17:30:00Z"), "1000.00");
        border.flush();

        Map<String, GateTrade> trade = border.latest(BorderDriver.TOPICS.name(Topics.GATE_TRADE));
        GateTrade day = trade.get("HUU_NGHI|DAY|2021-12-24");
        assertThat(day.getExportValueUsd()).isEqualByComparingTo("20000.00");
        assertThat(day.getImportValueUsd()).isEqualByComparingTo("40000.00");
        assertThat(day.getExportVehicles()).isEqualTo(2);
        assertThat(day.getImportVehicles()).isEqualTo(1);
        assertThat(day.getExportTons()).isEqualByComparingTo("40.000");
        assertThat(trade.get("HUU_NGHI|MONTH|2021-12").getExportValueUsd()).isEqualByComparingTo("20000.00");
        assertThat(trade.get("HUU_NGHI|YEAR|2021").getImportValueUsd()).isEqualByComparingTo("40000.00");
        assertThat(trade.get("HUU_NGHI|DAY|2022-01-01").getExportValueUsd()).isEqualByComparingTo("1000.00");
        assertThat(trade.get("HUU_NGHI|YEAR|2022").getExportVehicles()).isEqualTo(1);
        assertThat(trade.get("HUU_NGHI|YEAR|2021").getExportVehicles()).isEqualTo(2);
    }

    @Test
    void countsAnEventOnceWhenItIsSentTwice() {
        GateEvent crossing = border.cross("TAN_THANH", "v1", T0, "5000.00");
        border.send(crossing);
        border.send(crossing);
        border.flush();

        assertThat(border.<GateTrade>latest(BorderDriver.TOPICS.name(Topics.GATE_TRADE)).get("TAN_THANH|DAY|2021-12-24")
                .getExportValueUsd()).isEqualByComparingTo("5000.00");
        assertThat(border.<GateHour>latest(BorderDriver.TOPICS.name(Topics.GATE_HOURS)).get("TAN_THANH|" + HOUR_T0)
                .getVehiclesCrossed()).isEqualTo(1);
        assertThat(border.deadLetters()).isEmpty();
    }

    @Test
    void countsALateCrossingWithinTheGraceInItsOwnHour() {
        border.cross("HUU_NGHI", "v1", T0.plusSeconds(50 * 60), "100.00");
        // Stream time moves to 03:40 (UTC); the 02:00 hour closes at 03:00 + 1 h grace = 04:00.
        border.cross("HUU_NGHI", "v2", T0.plus(Duration.ofMinutes(100)), "100.00");
        border.cross("HUU_NGHI", "late", T0.plus(Duration.ofMinutes(55)), "100.00");
        border.flush();

        Map<String, GateHour> hours = border.latest(BorderDriver.TOPICS.name(Topics.GATE_HOURS));
        assertThat(hours.get("HUU_NGHI|" + HOUR_T0).getVehiclesCrossed()).isEqualTo(2);
        assertThat(hours.get("HUU_NGHI|2021-12-24T03:00:00Z").getVehiclesCrossed()).isEqualTo(1);
        assertThat(border.deadLetters()).isEmpty();
    }

    @Test
    void sendsACrossingLaterThanTheGraceToTheDeadLettersWithTheReasonAndDoesNotCountIt() {
        border.cross("HUU_NGHI", "v1", T0, "100.00");
        border.cross("HUU_NGHI", "v2", T0.plus(Duration.ofMinutes(120)), "100.00");
        GateEvent late = border.cross("HUU_NGHI", "late", T0.plus(Duration.ofMinutes(59)), "999.00");
        border.flush();

        assertThat(border.<GateHour>latest(BorderDriver.TOPICS.name(Topics.GATE_HOURS)).get("HUU_NGHI|" + HOUR_T0)
                .getVehiclesCrossed()).isEqualTo(1);
        assertThat(border.<GateTrade>latest(BorderDriver.TOPICS.name(Topics.GATE_TRADE)).get("HUU_NGHI|DAY|2021-12-24")
                .getExportValueUsd()).isEqualByComparingTo("200.00");
        List<BorderDriver.DeadLetter> dead = border.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(late);
        assertThat(dead.get(0).step()).isEqualTo(BorderTopology.GATE_EVENTS_VALIDATE);
        assertThat(dead.get(0).reason()).startsWith("occurredAt: 2021-12-24T02:59:00Z is too late")
                .contains("closed at 2021-12-24T04:00:00Z").contains("stream time is 2021-12-24T04:00:00Z");
    }

    @Test
    void judgesLatenessByWhenEventsHappenedNotByWhenTheyWereSent() {
        // A replay sends a past year within minutes: every record is stamped "now".
        Instant sent = Instant.parse("2026-11-29T10:00:00Z");
        border.sendRaw("HUU_NGHI", eventWithId("a", "v1", T0), sent);
        border.sendRaw("HUU_NGHI", eventWithId("b", "v2", T0.plus(Duration.ofHours(3))), sent);
        border.sendRaw("HUU_NGHI", eventWithId("c", "v3", T0.plusSeconds(60)), sent);
        border.flush();

        assertThat(border.deadLetters()).extracting(d -> ((GateEvent) d.value()).getEventId()).containsExactly("c");
        assertThat(border.<GateHour>latest(BorderDriver.TOPICS.name(Topics.GATE_HOURS)).get("HUU_NGHI|" + HOUR_T0)
                .getVehiclesCrossed()).isEqualTo(1);
    }

    @Test
    void anEventFarAheadOfTheClockIsDeadLetteredAndDoesNotMoveStreamTime() {
        // The driver's wall clock reads 2030-01-01: an event dated 2099 is further ahead than any clock skew.
        border.cross("HUU_NGHI", "v-future", Instant.parse("2099-01-01T00:00:00Z"), "10.00");
        border.cross("HUU_NGHI", "v1", T0, "10.00");
        border.cross("HUU_NGHI", "v2", T0.plusSeconds(60), "20.00");
        border.flush();

        assertThat(border.deadLetters()).extracting(BorderDriver.DeadLetter::reason)
                .singleElement().asString().startsWith("occurredAt: 2099-01-01T00:00:00Z is in the future");
        assertThat(border.<GateTrade>latest(BorderDriver.TOPICS.name(Topics.GATE_TRADE)).get("HUU_NGHI|DAY|2021-12-24")
                .getExportValueUsd()).as("later events are still on time").isEqualByComparingTo("30.00");
    }

    @Test
    void aValueAboveTheLargestDeclaredValueIsDeadLetteredAndTheGateKeepsCounting() {
        border.cross("HUU_NGHI", "v1", T0, "9999999999999999.99");
        border.cross("HUU_NGHI", "v2", T0.plusSeconds(60), "9999999999999999.99");
        border.cross("HUU_NGHI", "v3", T0.plusSeconds(120), "100000000.00");
        border.flush();

        assertThat(border.deadLetters()).extracting(BorderDriver.DeadLetter::reason).containsExactly(
                "declaredValueUsd: at most 100000000.00 USD, was 9999999999999999.99",
                "declaredValueUsd: at most 100000000.00 USD, was 9999999999999999.99");
        assertThat(border.<GateTrade>latest(BorderDriver.TOPICS.name(Topics.GATE_TRADE)).get("HUU_NGHI|DAY|2021-12-24")
                .getExportValueUsd()).isEqualByComparingTo("100000000.00");
    }

    @Test
    void keepsAVehicleInTheBacklogUntilItCrossesOrLeavesWithoutCrossing() {
        border.arrive("HUU_NGHI", "a", T0);
        border.arrive("HUU_NGHI", "b", T0.plusSeconds(60));
        border.arrive("HUU_NGHI", "c", T0.plusSeconds(120));
        border.flush();
        assertThat(backlog("HUU_NGHI")).isEqualTo(3);

        border.cross("HUU_NGHI", "a", T0.plusSeconds(600), "10.00");
        border.leave("HUU_NGHI", "b", T0.plusSeconds(700));
        border.flush();

        GateYard yard = border.<GateYard>latest(BorderDriver.TOPICS.name(Topics.GATE_YARDS)).get("HUU_NGHI");
        assertThat(yard.getBacklog()).isEqualTo(1);
        assertThat(yard.getArrivals()).isEqualTo(3);
        assertThat(yard.getCrossings()).isEqualTo(1);
        assertThat(yard.getDeparturesWithoutCrossing()).isEqualTo(1);
        GateHour hour = border.<GateHour>latest(BorderDriver.TOPICS.name(Topics.GATE_HOURS)).get("HUU_NGHI|" + HOUR_T0);
        assertThat(hour.getWaitSamples()).as("the vehicle that left gives no wait sample").isEqualTo(1);
        assertThat(hour.getDeparturesWithoutCrossing()).isEqualTo(1);
    }

    @Test
    void countsACrossingWithoutArrivalAsTradeWithoutAWaitAndPairsItWhenTheArrivalComesLate() {
        border.cross("CHI_MA", "v1", T0.plusSeconds(3600), "300.00");
        border.flush();
        GateYard yard = border.<GateYard>latest(BorderDriver.TOPICS.name(Topics.GATE_YARDS)).get("CHI_MA");
        assertThat(yard.getBacklog()).isZero();
        assertThat(yard.getCrossingsWithoutArrival()).isEqualTo(1);
        assertThat(border.<GateHour>latest(BorderDriver.TOPICS.name(Topics.GATE_HOURS)).get("CHI_MA|2021-12-24T03:00:00Z")
                .getWaitSamples()).isZero();
        assertThat(border.<GateTrade>latest(BorderDriver.TOPICS.name(Topics.GATE_TRADE)).get("CHI_MA|DAY|2021-12-24")
                .getExportValueUsd()).isEqualByComparingTo("300.00");

        // The arrival, 40 minutes before the crossing, reaches the gate's partition after it.
        border.arrive("CHI_MA", "v1", T0.plusSeconds(3600 - 40 * 60));
        border.flush();
        yard = border.<GateYard>latest(BorderDriver.TOPICS.name(Topics.GATE_YARDS)).get("CHI_MA");
        assertThat(yard.getBacklog()).as("the vehicle has already crossed").isZero();
        assertThat(yard.getCrossingsWithoutArrival()).isZero();
        GateHour crossingHour = border.<GateHour>latest(BorderDriver.TOPICS.name(Topics.GATE_HOURS)).get("CHI_MA|2021-12-24T03:00:00Z");
        assertThat(crossingHour.getWaitSamples()).isEqualTo(1);
        assertThat(crossingHour.getWaitP50Minutes()).isEqualTo(40);
    }

    @Test
    void givesTheHoursMedianAndNinetiethPercentileWaitExactToTheMinute() {
        // Ten vehicles cross in the 04:00 hour after waiting 10, 20, ... 100 minutes.
        Instant crossingHour = T0.plus(Duration.ofHours(2));
        for (int i = 1; i <= 10; i++) {
            border.arrive("TAN_THANH", "v" + i, crossingHour.minus(Duration.ofMinutes(10L * i)).plusSeconds(i));
        }
        for (int i = 1; i <= 10; i++) {
            border.cross("TAN_THANH", "v" + i, crossingHour.plusSeconds(i), "1.00");
        }
        border.flush();

        GateHour hour = border.<GateHour>latest(BorderDriver.TOPICS.name(Topics.GATE_HOURS)).get("TAN_THANH|2021-12-24T04:00:00Z");
        assertThat(hour.getWaitSamples()).isEqualTo(10);
        assertThat(hour.getWaitP50Minutes()).isEqualTo(50);
        assertThat(hour.getWaitP90Minutes()).isEqualTo(90);
        assertThat(hour.getWaitMinutes()).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        assertThat(hour.getVehiclesCrossed()).isEqualTo(10);
    }

    @Test
    void rejectsAnUnknownGateANegativeValueAMissingVehicleAndAKeyThatIsNotTheGateNamingTheFieldAndKeepsGoing() {
        border.cross("LAO_CAI", "v1", T0, "10.00");
        border.send(GateEvent.newBuilder(border.event("HUU_NGHI", GateEventKind.CROSSED, TradeDirection.EXPORT, "v2", T0, "0"))
                .setDeclaredValueUsd(new BigDecimal("-5.00")).build());
        border.send(GateEvent.newBuilder(border.event("HUU_NGHI", GateEventKind.CROSSED, TradeDirection.EXPORT, "v3", T0, "0"))
                .setTons(new BigDecimal("-1.000")).build());
        border.send(border.event("HUU_NGHI", GateEventKind.CROSSED, TradeDirection.EXPORT, " ", T0, "1.00"));
        GateEvent good = border.event("HUU_NGHI", GateEventKind.CROSSED, TradeDirection.EXPORT, "v5", T0, "7.00");
        border.sendRaw(good.getEventId(), good, T0);
        border.send(good);
        border.flush();

        assertThat(border.deadLetters()).extracting(BorderDriver.DeadLetter::reason).containsExactly(
                "gateCode: unknown gate 'LAO_CAI'",
                "declaredValueUsd: must not be negative, was -5.00",
                "tons: must not be negative, was -1.000",
                "vehicleRef: must not be blank",
                "key: '" + good.getEventId() + "' must be the gate code 'HUU_NGHI' (a gate's events are kept in one partition, in order)");
        assertThat(border.<GateTrade>latest(BorderDriver.TOPICS.name(Topics.GATE_TRADE)).get("HUU_NGHI|DAY|2021-12-24")
                .getExportValueUsd()).isEqualByComparingTo("7.00");
    }

    @Test
    void writesEachChangedAggregateOnceAnIntervalHoweverOftenItChanged() {
        for (int i = 0; i < 50; i++) {
            border.cross("HUU_NGHI", "v" + i, T0.plusSeconds(i), "1.00");
        }
        assertThat(border.records(BorderDriver.TOPICS.name(Topics.GATE_TRADE))).as("nothing before the interval passes").isEmpty();
        border.flush();

        List<TestRecord<String, GateTrade>> written = border.records(BorderDriver.TOPICS.name(Topics.GATE_TRADE));
        assertThat(written).extracting(TestRecord::key).containsExactlyInAnyOrder(
                "HUU_NGHI|DAY|2021-12-24", "HUU_NGHI|MONTH|2021-12", "HUU_NGHI|YEAR|2021");
        assertThat(written.get(0).value().getExportVehicles()).isEqualTo(50);
        border.flush();
        assertThat(border.records(BorderDriver.TOPICS.name(Topics.GATE_TRADE))).as("nothing changed since").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGatesRecordKeepsOnlyThePeriodsAnEventCanStillChangeAndALateEventWithinTheGraceStillCounts() {
        // A crossing every 6 hours for 66 hours: the last at 2021-12-26T20:00Z, 03:00 on the 27th in Lạng Sơn.
        for (int i = 0; i < 12; i++) {
            border.cross("HUU_NGHI", "v" + i, T0.plus(Duration.ofHours(6L * i)), "1.00");
        }
        border.flush();
        DecodedStore<Object> state = (DecodedStore<Object>) border.driver().getStateStore(BorderTopology.GATE_STATE_STORE);
        GateRecord gate = (GateRecord) state.get("HUU_NGHI");
        // Nothing before 17:00Z (the latest event less the 1 h grace and 2 h) can be accepted any more.
        assertThat(gate.hours).containsOnlyKeys("HUU_NGHI|2021-12-26T20:00:00Z");
        assertThat(gate.trade).containsOnlyKeys("HUU_NGHI|DAY|2021-12-27", "HUU_NGHI|MONTH|2021-12", "HUU_NGHI|YEAR|2021");
        assertThat(gate.pending).isEmpty();
        Map<String, GateTrade> trade = border.latest(BorderDriver.TOPICS.name(Topics.GATE_TRADE));
        assertThat(trade).containsKeys("HUU_NGHI|DAY|2021-12-24", "HUU_NGHI|DAY|2021-12-25", "HUU_NGHI|DAY|2021-12-26",
                "HUU_NGHI|DAY|2021-12-27");
        assertThat(trade.get("HUU_NGHI|YEAR|2021").getExportVehicles()).isEqualTo(12);

        // The earliest hour still open (19:00Z closes at 20:00Z + 1 h grace): counted with the kept totals.
        border.cross("HUU_NGHI", "late", Instant.parse("2021-12-26T19:30:00Z"), "1.00");
        border.flush();
        Map<String, GateHour> hours = border.latest(BorderDriver.TOPICS.name(Topics.GATE_HOURS));
        assertThat(hours.get("HUU_NGHI|2021-12-26T19:00:00Z").getVehiclesCrossed()).isEqualTo(1);
        trade = border.latest(BorderDriver.TOPICS.name(Topics.GATE_TRADE));
        assertThat(trade.get("HUU_NGHI|DAY|2021-12-27").getExportVehicles()).isEqualTo(2);
        assertThat(trade.get("HUU_NGHI|MONTH|2021-12").getExportVehicles()).isEqualTo(13);
        assertThat(trade.get("HUU_NGHI|YEAR|2021").getExportVehicles()).isEqualTo(13);
    }

    @Test
    void sumsTheGatesYearTotalsForTheProvinceAgainstThePlanAndThePreviousYear() {
        border.plan(2021, "3080100000.00", "2811300000.00");
        // Each vehicle within the largest declared value (DomainRules): 20 exports of 100 M, 28 imports of 85 M.
        for (int i = 0; i < 20; i++) {
            border.cross("HUU_NGHI", "x" + i, T0, "100000000.00");
        }
        for (int i = 0; i < 28; i++) {
            border.send(border.event("TAN_THANH", GateEventKind.CROSSED, TradeDirection.IMPORT, "m" + i, T0, "85000000.00"));
        }
        border.flush();

        ProvinceTrade year = border.<ProvinceTrade>latest(BorderDriver.TOPICS.name(Topics.PROVINCE_TRADE)).get("2021");
        assertThat(year.getTradeValueUsd()).isEqualByComparingTo("4380000000.00");
        assertThat(year.getExportValueUsd()).isEqualByComparingTo("2000000000.00");
        assertThat(year.getImportValueUsd()).isEqualByComparingTo("2380000000.00");
        assertThat(year.getPlanPct()).isEqualTo(new BigDecimal("142.20"));
        assertThat(year.getGrowthPct()).isEqualTo(new BigDecimal("55.80"));
        assertThat(year.getAsOf()).isEqualTo(T0);
    }

    @Test
    void showsAYearsPlanBeforeAnythingCrossesAndUpdatesWhenThePlanChanges() {
        border.plan(2022, "3500000000.00", "4380000000.00");
        ProvinceTrade planned = border.<ProvinceTrade>latest(BorderDriver.TOPICS.name(Topics.PROVINCE_TRADE)).get("2022");
        assertThat(planned.getTradeValueUsd()).isEqualByComparingTo("0");
        assertThat(planned.getPlanPct()).isEqualByComparingTo("0");
        assertThat(planned.getAsOf()).isNull();

        for (int i = 0; i < 5; i++) {
            border.cross("HUU_NGHI", "v" + i, Instant.parse("2022-03-01T03:00:00Z"), "70000000.00");
        }
        border.flush();
        assertThat(border.<ProvinceTrade>latest(BorderDriver.TOPICS.name(Topics.PROVINCE_TRADE)).get("2022").getPlanPct())
                .isEqualTo(new BigDecimal("10.00"));
        border.plan(2022, "7000000000.00", "4380000000.00");
        assertThat(border.<ProvinceTrade>latest(BorderDriver.TOPICS.name(Topics.PROVINCE_TRADE)).get("2022").getPlanPct())
                .isEqualTo(new BigDecimal("5.00"));
    }

    @Test
    void gateEventIdsAreForgottenOnlyWhenTwiceTheRetentionBehindTheLatestEvent() {
        // Default retention 7 days: one crossing a day for 30 days.
        for (int day = 0; day < 30; day++) {
            border.cross("TAN_THANH", "v" + day, T0.plus(Duration.ofDays(day)), "1.00");
        }
        KeyValueStore<String, Long> ids = border.driver().getKeyValueStore(BorderTopology.GATE_EVENT_IDS_STORE);
        long kept = 0;
        long oldest = Long.MAX_VALUE;
        try (var all = ids.all()) {
            while (all.hasNext()) {
                kept++;
                oldest = Math.min(oldest, all.next().value);
            }
        }
        // Purged every 7 days of event time; the last purge, at day 28, forgot the ids from before day 14.
        assertThat(kept).isEqualTo(16);
        assertThat(Instant.ofEpochMilli(oldest)).isEqualTo(T0.plus(Duration.ofDays(14)));
    }

    @Test
    void aGateEventReSentLongAfterItsFirstCopyStillCountsOnce() {
        GateEvent crossing = border.cross("TAN_THANH", "v1", T0, "5000.00");
        // A second run of the feed 8 days later, and another a year later, send it again (stamped with
        // the time they are sent); nothing newer happened at the gate, so its hour is still open.
        border.sendRaw(crossing.getGateCode(), crossing, T0.plus(Duration.ofDays(8)));
        border.sendRaw(crossing.getGateCode(), crossing, T0.plus(Duration.ofDays(400)));
        border.flush();

        GateTrade day = border.<GateTrade>latest(BorderDriver.TOPICS.name(Topics.GATE_TRADE)).get("TAN_THANH|DAY|2021-12-24");
        assertThat(day.getExportValueUsd()).isEqualByComparingTo("5000.00");
        assertThat(day.getExportVehicles()).isEqualTo(1);
        assertThat(border.deadLetters()).isEmpty();
    }

    @Test
    void aScreeningReSentLongAfterItsFirstCopyStillCountsOnce() {
        CheckpointScreening screening = border.screening("HUU_NGHI", T0, 120, 40, 1);
        // A second run of the feed a week later, and another a year later, send it again.
        border.resend(screening, T0.plus(Duration.ofDays(8)));
        border.resend(screening, T0.plus(Duration.ofDays(400)));

        GateScreenings day = border.<GateScreenings>latest(BorderDriver.TOPICS.name(Topics.GATE_SCREENINGS)).get("HUU_NGHI|2021-12-24");
        assertThat(day.getReports()).isEqualTo(1);
        assertThat(day.getPeopleScreened()).isEqualTo(120);
    }

    @Test
    void addsScreeningsPerGateAndLocalDayAndRejectsImpossibleCounts() {
        border.screening("HUU_NGHI", T0, 120, 40, 1);
        border.screening("HUU_NGHI", T0.plus(Duration.ofHours(2)), 80, 60, 2);
        // 23:30 local on the 24th is still the 24th.
        border.screening("HUU_NGHI", Instant.parse("2021-12-24T16:30:00Z"), 10, 10, 0);
        border.screening("HUU_NGHI", T0, 10, 5, 6);

        GateScreenings day = border.<GateScreenings>latest(BorderDriver.TOPICS.name(Topics.GATE_SCREENINGS)).get("HUU_NGHI|2021-12-24");
        assertThat(day.getReports()).isEqualTo(3);
        assertThat(day.getPeopleScreened()).isEqualTo(210);
        assertThat(day.getTested()).isEqualTo(110);
        assertThat(day.getPositive()).isEqualTo(3);
        assertThat(border.deadLetters()).extracting(BorderDriver.DeadLetter::reason)
                .containsExactly("positive: 6 exceeds tested 5");
    }

    private GateEvent eventWithId(String id, String vehicle, Instant at) {
        return GateEvent.newBuilder(border.event("HUU_NGHI", GateEventKind.CROSSED, TradeDirection.EXPORT, vehicle, at, "1.00"))
                .setEventId(id).build();
    }

    private long backlog(String gate) {
        return border.<GateYard>latest(BorderDriver.TOPICS.name(Topics.GATE_YARDS)).get(gate).getBacklog();
    }
}
