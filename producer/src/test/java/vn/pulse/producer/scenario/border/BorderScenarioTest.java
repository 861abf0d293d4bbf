package vn.pulse.producer.scenario.border;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.TradeDirection;

/** The scenario's replay, checked without Kafka: its totals, its order, its patterns. */
class BorderScenarioTest {

    private static final BorderScenario.Options SMALL = BorderScenario.Options.defaults().withScale(0.05);

    @Test
    void crossingsDeclareExactlyTheReportsTradeWhateverTheSeedAndScale() {
        for (long seed : new long[] {1, 2021}) {
            Totals totals = replay(seed, SMALL);
            assertThat(totals.exports).isEqualTo(BorderFigures2021.usd(BorderFigures2021.EXPORT_CENTS));
            assertThat(totals.imports).isEqualTo(BorderFigures2021.usd(BorderFigures2021.IMPORT_CENTS));
            assertThat(totals.exports.add(totals.imports)).isEqualByComparingTo("4380000000.00");
        }
    }

    @Test
    void theReferencePlanGivesTheReportsPercentages() {
        BigDecimal trade = BorderFigures2021.usd(BorderFigures2021.TRADE_CENTS);
        BigDecimal plan = BorderFigures2021.usd(BorderFigures2021.PLAN_CENTS);
        BigDecimal previous = BorderFigures2021.usd(BorderFigures2021.PREVIOUS_YEAR_CENTS);

        assertThat(trade.multiply(BigDecimal.valueOf(100)).divide(plan, 2, java.math.RoundingMode.HALF_UP))
                .isEqualTo(new BigDecimal("142.20"));
        assertThat(trade.subtract(previous).multiply(BigDecimal.valueOf(100)).divide(previous, 2, java.math.RoundingMode.HALF_UP))
                .isEqualTo(new BigDecimal("55.80"));
        // The plan published from the langson-2021 data set is the one these figures are computed against.
        var published = BorderReferenceData.plan(vn.pulse.core.geography.GeoDataSetLoader.loadShipped("langson-2021").tradePlans().get(0));
        assertThat(published.getYear()).isEqualTo(BorderFigures2021.YEAR);
        assertThat(published.getPlanValueUsd()).isEqualByComparingTo(plan).isEqualByComparingTo("3080100000.00");
        assertThat(published.getPreviousYearValueUsd()).isEqualByComparingTo(previous);
    }

    @Test
    void sendsEventsInEventTimeOrderExceptLateOnesWithinHalfAnHourAndAFewDuplicates() {
        ScenarioReplay replay = BorderScenario.replay(7, SMALL);
        long latest = Long.MIN_VALUE;
        long maxBehind = 0;
        int late = 0;
        Set<String> ids = new HashSet<>();
        int duplicates = 0;
        while (replay.hasNext()) {
            ScenarioReplay.Outgoing out = replay.next();
            if (out.screening()) {
                continue;
            }
            GateEvent e = (GateEvent) out.value();
            assertThat(out.timestamp()).isEqualTo(e.getOccurredAt().toEpochMilli());
            if (out.timestamp() < latest) {
                late++;
                maxBehind = Math.max(maxBehind, latest - out.timestamp());
            }
            latest = Math.max(latest, out.timestamp());
            if (!ids.add(e.getEventId())) {
                duplicates++;
            }
        }
        assertThat(late).isPositive();
        assertThat(Duration.ofMillis(maxBehind)).isLessThanOrEqualTo(Duration.ofMinutes(30));
        assertThat(duplicates).isPositive().isLessThan(ids.size() / 200);
        assertThat(ids).hasSize(replay.gateEvents());
    }

    @Test
    void fillsHuuNghisYardInLateDecemberAndDrainsItByTheYearsEnd() {
        Map<String, Integer> backlog = new HashMap<>();
        int peak = 0;
        Instant peakAt = null;
        int onDecember31 = -1;
        ScenarioReplay replay = BorderScenario.replay(11, SMALL);
        while (replay.hasNext()) {
            ScenarioReplay.Outgoing out = replay.next();
            if (out.screening() || !((GateEvent) out.value()).getGateCode().equals("HUU_NGHI")) {
                continue;
            }
            GateEvent e = (GateEvent) out.value();
            int n = backlog.merge("HUU_NGHI", e.getKind() == GateEventKind.ARRIVED ? 1 : -1, Integer::sum);
            if (n > peak) {
                peak = n;
                peakAt = e.getOccurredAt();
            }
            if (onDecember31 < 0 && e.getOccurredAt().isAfter(Instant.parse("2021-12-31T05:00:00Z"))) {
                onDecember31 = n;
            }
        }
        // At a twentieth of the volume: normal days stay under about 10 waiting, the episode passes 200.
        assertThat(peak).isGreaterThan(200);
        assertThat(peakAt).isBetween(Instant.parse("2021-12-20T00:00:00Z"), Instant.parse("2021-12-26T00:00:00Z"));
        assertThat(onDecember31).isLessThan(15);
    }

    @Test
    void carriesThousandsOfVehiclesADayWithALunarNewYearLull() {
        Trips trips = YardSimulation.simulate(3, 1.0);
        Map<LocalDate, Integer> perDay = new HashMap<>();
        for (int i = 0; i < trips.size(); i++) {
            if (trips.exitKind[i] == Trips.CROSSED) {
                perDay.merge(Instant.ofEpochMilli(trips.exitAt[i]).atZone(DomainRules.ZONE).toLocalDate(), 1, Integer::sum);
            }
        }
        int year = perDay.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(year / 365).isBetween(1_500, 2_500);
        assertThat(perDay.get(LocalDate.of(2021, 2, 12))).isLessThan(perDay.get(LocalDate.of(2021, 3, 10)) / 5);
    }

    @Test
    void isTheSameReplayForTheSameSeed() {
        ScenarioReplay a = BorderScenario.replay(5, SMALL);
        ScenarioReplay b = BorderScenario.replay(5, SMALL);
        for (int i = 0; i < 1000; i++) {
            assertThat(a.next().value()).isEqualTo(b.next().value());
        }
    }

    private static Totals replay(long seed, BorderScenario.Options options) {
        Totals totals = new Totals();
        Set<String> seen = new HashSet<>();
        ScenarioReplay replay = BorderScenario.replay(seed, options);
        while (replay.hasNext()) {
            ScenarioReplay.Outgoing out = replay.next();
            if (!out.screening() && out.value() instanceof GateEvent e && e.getKind() == GateEventKind.CROSSED
                    && seen.add(e.getEventId())) {
                if (e.getDirection() == TradeDirection.EXPORT) {
                    totals.exports = totals.exports.add(e.getDeclaredValueUsd());
                } else {
                    totals.imports = totals.imports.add(e.getDeclaredValueUsd());
                }
            }
        }
        return totals;
    }

    private static final class Totals {
        BigDecimal exports = BigDecimal.ZERO.setScale(2);
        BigDecimal imports = BigDecimal.ZERO.setScale(2);
    }
}
