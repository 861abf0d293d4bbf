package vn.pulse.streams.border;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.pulse.schemas.border.GateHour;

class HourTallyTest {

    @Test
    void keepsDistinctMinutesInOrderWithTheirCounts() {
        HourTally.Histogram waits = new HourTally.Histogram();
        // More distinct minutes than the arrays start with, so they grow.
        for (int m : new int[] {30, 5, 30, 90, 5, 5, 1, 2, 3, 4, 6, 7, 8, 9}) {
            waits.add(m);
        }
        assertThat(waits.minutes()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 30, 90);
        assertThat(waits.counts()).containsExactly(1L, 1L, 1L, 1L, 3L, 1L, 1L, 1L, 1L, 2L, 1L);
        assertThat(waits.samples).isEqualTo(14);
    }

    @Test
    void givesNearestRankPercentiles() {
        HourTally.Histogram waits = HourTally.Histogram.of(List.of(5, 30, 90), List.of(3L, 2L, 1L));

        assertThat(waits.percentile(50)).isEqualTo(5);
        assertThat(waits.percentile(51)).isEqualTo(30);
        assertThat(waits.percentile(90)).isEqualTo(90);
        assertThat(HourTally.Histogram.of(List.of(7), List.of(1L)).percentile(90)).isEqualTo(7);
        assertThat(new HourTally.Histogram().percentile(50)).isNull();
    }

    @Test
    void readsBackWhatItStores() {
        HourTally hour = new HourTally("HUU_NGHI", Instant.parse("2021-03-01T01:00:00Z").toEpochMilli());
        hour.vehiclesCrossed = 3;
        hour.exportVehicles = 2;
        hour.importVehicles = 1;
        hour.greenLaneVehicles = 1;
        hour.arrivals = 4;
        hour.waits.add(12);
        hour.waits.add(40);
        hour.normalLaneWaits.add(40);
        hour.asOf = Instant.parse("2021-03-01T01:59:00Z").toEpochMilli();

        GateHour stored = hour.toAvro();
        assertThat(stored.getWaitP50Minutes()).isEqualTo(12);
        assertThat(stored.getWaitP90Minutes()).isEqualTo(40);
        assertThat(stored.getNormalLaneWaitP90Minutes()).isEqualTo(40);
        assertThat(stored.getWaitSamples()).isEqualTo(2);
        assertThat(HourTally.of(stored).toAvro()).isEqualTo(stored);
    }
}
