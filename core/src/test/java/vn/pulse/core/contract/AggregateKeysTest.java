package vn.pulse.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.TradePeriod;

class AggregateKeysTest {

    @Test
    void formatsTheDocumentedShapes() {
        assertThat(AggregateKeys.cohort("178", "18+")).isEqualTo("178|18+");
        assertThat(AggregateKeys.dailyDoses("178", "18+", LocalDate.of(2021, 8, 1))).isEqualTo("178|18+|2021-08-01");
        assertThat(AggregateKeys.allocationTotal("178")).isEqualTo("178");
        assertThat(AggregateKeys.allocationTotal(null)).isEqualTo("province");
        assertThat(AggregateKeys.gateTrade("HUU_NGHI", TradePeriod.DAY, "2021-12-24")).isEqualTo("HUU_NGHI|DAY|2021-12-24");
        assertThat(AggregateKeys.gateHour("HUU_NGHI", Instant.parse("2021-12-24T03:00:00Z").toEpochMilli()))
                .isEqualTo("HUU_NGHI|2021-12-24T03:00:00Z");
        assertThat(AggregateKeys.gateScreeningDay("HUU_NGHI", LocalDate.of(2021, 12, 24))).isEqualTo("HUU_NGHI|2021-12-24");
        assertThat(AggregateKeys.provinceYear(2021)).isEqualTo("2021");
        assertThat(AggregateKeys.alertId("HUU_NGHI", CongestionKind.BACKLOG, Instant.parse("2021-12-20T05:12:00Z")))
                .isEqualTo("HUU_NGHI|BACKLOG|2021-12-20T05:12:00Z");
    }

    @Test
    void parsesWhatItFormats() {
        LocalDate day = LocalDate.of(2021, 8, 1);
        Instant hour = Instant.parse("2021-12-24T03:00:00Z");
        assertThat(AggregateKeys.parseCohort(AggregateKeys.cohort("178", "12-17"))).isEqualTo(new AggregateKeys.Cohort("178", "12-17"));
        assertThat(AggregateKeys.parseDailyDoses(AggregateKeys.dailyDoses("178", "18+", day)))
                .isEqualTo(new AggregateKeys.DailyDosesKey("178", "18+", day));
        assertThat(AggregateKeys.parseGateTrade(AggregateKeys.gateTrade("CHI_MA", TradePeriod.MONTH, "2021-12")))
                .isEqualTo(new AggregateKeys.GateTradeKey("CHI_MA", TradePeriod.MONTH, "2021-12"));
        assertThat(AggregateKeys.parseGateHour(AggregateKeys.gateHour("CHI_MA", hour.toEpochMilli())))
                .isEqualTo(new AggregateKeys.GateHourKey("CHI_MA", hour));
        assertThat(AggregateKeys.parseGateScreeningDay(AggregateKeys.gateScreeningDay("CHI_MA", day)))
                .isEqualTo(new AggregateKeys.GateDayKey("CHI_MA", day));
        assertThat(AggregateKeys.parseProvinceYear(AggregateKeys.provinceYear(2022))).isEqualTo(2022);
    }

    @Test
    void refusesKeysOfAnotherShapeNamingTheKeyAndTheShape() {
        assertThatThrownBy(() -> AggregateKeys.parseGateHour("HUU_NGHI"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'HUU_NGHI'").hasMessageContaining("gate|hourStart");
        assertThatThrownBy(() -> AggregateKeys.parseGateHour("HUU_NGHI|yesterday"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an ISO instant");
        assertThatThrownBy(() -> AggregateKeys.parseGateTrade("HUU_NGHI|WEEK|2021-52"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("granularity 'WEEK'");
        assertThatThrownBy(() -> AggregateKeys.parseDailyDoses("178||2021-08-01"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty part");
        assertThatThrownBy(() -> AggregateKeys.parseDailyDoses("178|18+|2021-13-01"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a date");
        assertThatThrownBy(() -> AggregateKeys.parseProvinceYear("MMXXI"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a year");
        assertThatThrownBy(() -> AggregateKeys.parseCohort(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }
}
