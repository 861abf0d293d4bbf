package vn.pulse.producer.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.geography.Geography;
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

    /** Units U1 (weighed 9) and U2 (its adult population in thousands: 1), a road gate and a rail gate. */
    private static GeoDataSet province() {
        return GeoDataSetLoader.load("test", Map.of(
                "dataset.properties", "id=test\nname=Test\npopulation-year=2021\n",
                "units.csv", "code,parent,level,name,name_ascii,valid_from,valid_to\nVN,,country,Việt Nam,Viet Nam,,\n"
                        + "P1,VN,province,Tỉnh Một,Tinh Mot,,\nU1,P1,district,Huyện Một,Huyen Mot,,\nU2,P1,district,Huyện Hai,Huyen Hai,,\n",
                "population.csv", "unit,age_group,population\nU1,12-17,10\nU1,18+,100\nU2,12-17,10\nU2,18+,1500\n",
                "gates.csv", "code,name,name_ascii,kind,unit,open\nGATE_A,Cửa khẩu A,Cua khau A,MAIN,U1,true\n"
                        + "GATE_R,Ga R,Ga R,INTERNATIONAL_RAIL,U2,true\n",
                "simulation-weights.csv", "code,weight\nGATE_R,3\nU1,9\n")::get);
    }

    @Test
    void drawsTheUnitsAndGatesOfTheSelectedDataSetByItsWeights() {
        Geography.select(province());
        List<SimulatedTraffic.Event> events = new ArrayList<>();
        try {
            SimulatedTraffic traffic = new SimulatedTraffic(5, MIDNIGHT, 10, 360, SimulatedTraffic.Domain.ALL);
            for (int i = 0; i < 4000; i++) {
                events.addAll(traffic.next());
            }
        } finally {
            Geography.select(GeoDataSetLoader.loadShipped(Geography.DEFAULT));
        }
        Map<String, Integer> doses = new TreeMap<>();
        Map<String, Integer> arrivals = new TreeMap<>();
        for (SimulatedTraffic.Event e : events) {
            if (e.kind() == IngestKind.VACCINATION_DOSES) {
                doses.merge(e.body().get("districtCode").asText(), 1, Integer::sum);
            } else if (e.kind() == IngestKind.GATE_EVENTS && e.body().get("kind").asText().equals("ARRIVED")) {
                arrivals.merge(e.body().get("gateCode").asText(), 1, Integer::sum);
                assertThat(e.body().get("vehicleType").asText().equals("RAIL_WAGON")).as("a rail gate's vehicles are wagons")
                        .isEqualTo(e.body().get("gateCode").asText().equals("GATE_R"));
            }
        }
        assertThat(doses.keySet()).containsExactly("U1", "U2");
        assertThat(doses.get("U1")).as("9 to 1").isGreaterThan(5 * doses.get("U2"));
        assertThat(arrivals.keySet()).containsExactly("GATE_A", "GATE_R");
        assertThat(arrivals.get("GATE_R")).as("3 to 1 (a gate not listed weighs 1)").isGreaterThan(2 * arrivals.get("GATE_A"));
    }
}
