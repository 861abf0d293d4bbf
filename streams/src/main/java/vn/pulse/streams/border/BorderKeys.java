package vn.pulse.streams.border;

import java.time.Instant;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.TradePeriod;

/**
 * Keys of the border aggregate topics and stores. They are part of the topics' contract (a
 * compacted topic keeps one value per key), so their shapes must not change.
 */
public final class BorderKeys {

    private BorderKeys() {
    }

    /** {@code HUU_NGHI|DAY|2021-12-24}, {@code HUU_NGHI|MONTH|2021-12}, {@code HUU_NGHI|YEAR|2021}. */
    public static String trade(String gateCode, TradePeriod granularity, String period) {
        return gateCode + '|' + granularity + '|' + period;
    }

    /** {@code HUU_NGHI|2021-12-24T03:00:00Z}: the hour's start as an ISO instant (UTC). */
    public static String hour(String gateCode, long hourStartMillis) {
        return gateCode + '|' + Instant.ofEpochMilli(hourStartMillis);
    }

    /** {@code HUU_NGHI|2021-12-24}: a local date. */
    public static String screeningDay(String gateCode, String date) {
        return gateCode + '|' + date;
    }

    /** {@code HUU_NGHI|BACKLOG|2021-12-20T05:12:00Z}: one alert episode, named by when it was raised. */
    public static String alertId(String gateCode, CongestionKind kind, Instant raisedAt) {
        return gateCode + '|' + kind + '|' + raisedAt;
    }

    /** Key of a gate's open alert of one kind in the open-alerts store. */
    static String openAlert(String gateCode, CongestionKind kind) {
        return gateCode + '|' + kind;
    }
}
