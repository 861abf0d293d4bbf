package vn.pulse.producer.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.producer.ingest.EventValidator;
import vn.pulse.producer.ingest.IngestKind;

class SimulatedTrafficTest {

    /** 2021-12-24 00:00 in Lạng Sơn. */
    private static final Instant MIDNIGHT = Instant.parse("2021-12-23T17:00:00Z");

    private static List<SimulatedTraffic.Event> day(long seed, SimulatedTraffic.Domain domain) {
        // 2 slots a second at 1800x: a slot every 15 simulated minutes, 96 slots a day.
        SimulatedTraffic traffic = new SimulatedTraffic(seed, MIDNIGHT, 2, 1800, domain);
        List<SimulatedTraffic.Event> events = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            events.addAll(traffic.next());
        }
        return events;
    }

    @Test
    void theSameSeedGivesTheSameEvents() {
        assertThat(day(7, SimulatedTraffic.Domain.ALL).toString()).isEqualTo(day(7, SimulatedTraffic.Domain.ALL).toString());
        assertThat(day(7, SimulatedTraffic.Domain.ALL).toString()).isNotEqualTo(day(8, SimulatedTraffic.Domain.ALL).toString());
    }

    @Test
    void dosesAreGivenOnlyInSiteHoursAndGatesAreBusiestByDay() {
        SimulatedTraffic traffic = new SimulatedTraffic(3, MIDNIGHT, 10, 360, SimulatedTraffic.Domain.ALL);
        int[] dosesByHour = new int[24];
        int[] gateByHour = new int[24];
        for (int i = 0; i < 2400; i++) {
            Instant at = traffic.timeOf(i);
            int hour = ZonedDateTime.ofInstant(at, DomainRules.ZONE).getHour();
            for (SimulatedTraffic.Event e : traffic.next()) {
                if (e.kind() == IngestKind.VACCINATION_DOSES) {
                    dosesByHour[hour]++;
                } else if (e.kind() == IngestKind.GATE_EVENTS && e.body().get("kind").asText().equals("ARRIVED")) {
                    gateByHour[hour]++;
                }
            }
        }
        for (int h = 0; h < 24; h++) {
            if (h < 7 || h >= 17) {
                assertThat(dosesByHour[h]).as("doses at %d:00", h).isZero();
            }
        }
        assertThat(dosesByHour[9]).isGreaterThan(30);
        assertThat(gateByHour[3]).isGreaterThan(0).isLessThan(gateByHour[9] / 2);
    }

    @Test
    void everySimulatedEventPassesTheGatewaysValidation() {
        EventValidator validator = new EventValidator(Clock.fixed(MIDNIGHT.plus(Duration.ofDays(1)), ZoneOffset.UTC), Duration.ofMinutes(5));
        List<SimulatedTraffic.Event> events = new ArrayList<>();
        SimulatedTraffic traffic = new SimulatedTraffic(11, MIDNIGHT, 10, 360, SimulatedTraffic.Domain.ALL);
        for (int i = 0; i < 2000; i++) {
            events.addAll(traffic.next());
        }
        assertThat(events).extracting(SimulatedTraffic.Event::kind).contains(IngestKind.VACCINATION_DOSES, IngestKind.GATE_EVENTS,
                IngestKind.CHECKPOINT_SCREENINGS, IngestKind.DOSE_CORRECTIONS);
        for (SimulatedTraffic.Event e : events) {
            assertThat(validator.validate(e.kind(), e.body(), "$", false).errors()).as(e.body().toString()).isEmpty();
        }
    }
}
