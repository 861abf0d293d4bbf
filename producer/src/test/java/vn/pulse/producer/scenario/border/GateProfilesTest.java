package vn.pulse.producer.scenario.border;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.pulse.schemas.border.VehicleType;

class GateProfilesTest {

    private static final String HOURS = """
            hours,arrivals,crossings
            road,0 0 0 0 0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 0 0 0 0 0,0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 0 0 0
            """;

    @Test
    void theScenarioHasTheFiveGatesThatClearedGoodsIn2021InTheirOrder() {
        List<GateProfile> gates = GateProfile.openGates();
        assertThat(gates).extracting(GateProfile::code).containsExactly("HUU_NGHI", "TAN_THANH", "CHI_MA", "DONG_DANG", "COC_NAM");
        assertThat(gates).filteredOn(GateProfile::congested).extracting(GateProfile::code).containsExactly("HUU_NGHI", "TAN_THANH");
        assertThat(gates).filteredOn(GateProfile::rail).extracting(GateProfile::code).containsExactly("DONG_DANG");
        GateProfile huuNghi = gates.get(0);
        assertThat(huuNghi.vehiclesPerDay()).isEqualTo(780);
        assertThat(huuNghi.exportShare()).isEqualTo(0.45);
        assertThat(huuNghi.exportMix()).containsExactly(55, 5, 0, 25, 0, 0, 10, 5);
        assertThat(huuNghi.arrivalWeights()).hasSize(24);
        assertThat(huuNghi.crossingWeights()[3]).as("shut at night").isZero();
        assertThat(huuNghi.vehicleType()).isEqualTo(VehicleType.CONTAINER_TRUCK);
        assertThat(GateProfile.openGates()).as("read once").isSameAs(gates);
    }

    @Test
    void readsAProfileWithItsHourlyPattern() {
        List<GateProfile> gates = GateProfiles.parse("p.csv", """
                # a comment
                gate,vehicles_per_day,export_share,export_mix,import_mix,hours,vehicle_type,congested
                GATE_A,100,0.5,1 0 0 0 0 0 0 0,0 0 0 1 0 0 0 1,road,TRUCK,false
                """, "h.csv", HOURS);
        assertThat(gates).singleElement().satisfies(g -> {
            assertThat(g.code()).isEqualTo("GATE_A");
            assertThat(g.importMix()).containsExactly(0, 0, 0, 1, 0, 0, 0, 1);
            assertThat(g.arrivalWeights()[6]).isEqualTo(1);
            assertThat(g.rail()).isFalse();
        });
    }

    @Test
    void namesFileLineGateFieldAndReasonOfEveryProblem() {
        assertThatThrownBy(() -> GateProfiles.parse("p.csv", """
                gate,vehicles_per_day,export_share,export_mix,import_mix,hours,vehicle_type,congested
                GATE_A,100,1.5,1 0 0 0 0 0 0,0 0 0 1 0 0 0 1,road,TRUCK,false
                GATE_A,-3,0.5,1 0 0 0 0 0 0 0,0 0 0 0 0 0 0 0,sea,BOAT,maybe
                """, "h.csv", HOURS + "rail,1 2 3,0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("h.csv:3 rail field arrivals: 3 numbers where 24 are needed")
                .hasMessageContaining("h.csv:3 rail field crossings: every weight is 0: at least one must be above 0")
                .hasMessageContaining("p.csv:2 GATE_A field export_share: '1.5' is out of range: a number from 0 to 1")
                .hasMessageContaining("p.csv:2 GATE_A field export_mix: 7 numbers where 8 are needed")
                .hasMessageContaining("p.csv:3 GATE_A field gate: duplicate gate 'GATE_A'")
                .hasMessageContaining("p.csv:3 GATE_A field vehicles_per_day: '-3' is out of range: a number from 0")
                .hasMessageContaining("p.csv:3 GATE_A field import_mix: every weight is 0")
                .hasMessageContaining("p.csv:3 GATE_A field hours: unknown pattern 'sea' (known: rail, road)")
                .hasMessageContaining("p.csv:3 GATE_A field vehicle_type: unknown vehicle type 'BOAT'")
                .hasMessageContaining("p.csv:3 GATE_A field congested: 'maybe' is not true or false");
    }

    @Test
    void refusesAFileWithoutItsHeader() {
        assertThatThrownBy(() -> GateProfiles.parse("p.csv", "gate,vehicles\nGATE_A,1\n", "h.csv", HOURS))
                .hasMessageContaining("p.csv:1: the header must be gate,vehicles_per_day,export_share,export_mix,import_mix,hours,"
                        + "vehicle_type,congested");
    }
}
