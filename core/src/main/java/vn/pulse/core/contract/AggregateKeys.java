package vn.pulse.core.contract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import vn.pulse.schemas.border.CongestionKind;
import vn.pulse.schemas.border.TradePeriod;

/**
 * The keys of the aggregate and reference topics, formatted and parsed here only. The Streams app
 * writes them and the API reads them back; a compacted topic keeps one value per key, so a key's
 * shape is part of the topic's contract and must not change (docs/vaccination.md, docs/border.md).
 *
 * <p>Parts are joined by {@code |}: codes (districts, gates, age groups) never contain it.
 */
public final class AggregateKeys {

    private static final char SEPARATOR = '|';
    /** Key of the province's own vaccine stock in the allocation totals (no district). */
    public static final String PROVINCE_STOCK = "province";

    private AggregateKeys() {
    }

    // Vaccination.

    /** {@code 101|18+}: one district and age group (population, coverage). */
    public static String cohort(String districtCode, String ageGroup) {
        return districtCode + SEPARATOR + ageGroup;
    }

    /** {@code 101|18+|2021-08-01}: one district, age group and administration day (daily doses). */
    public static String dailyDoses(String districtCode, String ageGroup, LocalDate day) {
        return cohort(districtCode, ageGroup) + SEPARATOR + day;
    }

    /** {@code 101}, or {@link #PROVINCE_STOCK} for the province's own stock: allocation totals. */
    public static String allocationTotal(String districtCode) {
        return districtCode == null ? PROVINCE_STOCK : districtCode;
    }

    /**
     * {@code 101|Pfizer-BioNTech}, or {@code province|Moderna} for the province's own stock: the stock of
     * one vaccine product held by one district or by the province (product names never contain {@code |}).
     */
    public static String vaccineStock(String districtCode, String vaccineProduct) {
        return allocationTotal(districtCode) + SEPARATOR + vaccineProduct;
    }

    /** The parts of a {@link #cohort} key. */
    public record Cohort(String districtCode, String ageGroup) {
    }

    /** The parts of a {@link #dailyDoses} key. */
    public record DailyDosesKey(String districtCode, String ageGroup, LocalDate day) {
    }

    public static Cohort parseCohort(String key) {
        String[] parts = split(key, 2, "district|ageGroup");
        return new Cohort(parts[0], parts[1]);
    }

    public static DailyDosesKey parseDailyDoses(String key) {
        String[] parts = split(key, 3, "district|ageGroup|day");
        return new DailyDosesKey(parts[0], parts[1], date(key, parts[2]));
    }

    // Border.

    /** {@code GATE_A|DAY|2021-12-24}, {@code GATE_A|MONTH|2021-12}, {@code GATE_A|YEAR|2021}. */
    public static String gateTrade(String gateCode, TradePeriod granularity, String period) {
        return gateCode + SEPARATOR + granularity + SEPARATOR + period;
    }

    /** {@code GATE_A|2021-12-24T03:00:00Z}: a gate's clock hour, by its start (an ISO instant, UTC). */
    public static String gateHour(String gateCode, long hourStartMillis) {
        return gateCode + SEPARATOR + Instant.ofEpochMilli(hourStartMillis);
    }

    /** {@code GATE_A|2021-12-24}: a gate's checkpoint screenings in one local day. */
    public static String gateScreeningDay(String gateCode, LocalDate day) {
        return gateCode + SEPARATOR + day;
    }

    /** {@code 2021}: the province's trade in one year. */
    public static String provinceYear(int year) {
        return Integer.toString(year);
    }

    /** {@code GATE_A|BACKLOG|2021-12-20T05:12:00Z}: one alert episode, named by when it was raised. */
    public static String alertId(String gateCode, CongestionKind kind, Instant raisedAt) {
        return gateCode + SEPARATOR + kind + SEPARATOR + raisedAt;
    }

    /** {@code GATE_A|BACKLOG}: a gate's open alert of one kind (the Streams app's own store). */
    public static String openAlert(String gateCode, CongestionKind kind) {
        return gateCode + SEPARATOR + kind;
    }

    /** The parts of a {@link #gateTrade} key. */
    public record GateTradeKey(String gateCode, TradePeriod granularity, String period) {
    }

    /** The parts of a {@link #gateHour} key. */
    public record GateHourKey(String gateCode, Instant hourStart) {
    }

    /** The parts of a {@link #gateScreeningDay} key. */
    public record GateDayKey(String gateCode, LocalDate day) {
    }

    public static GateTradeKey parseGateTrade(String key) {
        String[] parts = split(key, 3, "gate|granularity|period");
        TradePeriod granularity;
        try {
            granularity = TradePeriod.valueOf(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("aggregate key '" + key + "': unknown period granularity '" + parts[1] + "'");
        }
        return new GateTradeKey(parts[0], granularity, parts[2]);
    }

    public static GateHourKey parseGateHour(String key) {
        String[] parts = split(key, 2, "gate|hourStart");
        try {
            return new GateHourKey(parts[0], Instant.parse(parts[1]));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("aggregate key '" + key + "': '" + parts[1] + "' is not an ISO instant");
        }
    }

    public static GateDayKey parseGateScreeningDay(String key) {
        String[] parts = split(key, 2, "gate|day");
        return new GateDayKey(parts[0], date(key, parts[1]));
    }

    public static int parseProvinceYear(String key) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("aggregate key '" + key + "': not a year");
        }
    }

    private static String[] split(String key, int parts, String shape) {
        if (key == null) {
            throw new IllegalArgumentException("aggregate key missing (expected " + shape + ")");
        }
        String[] split = key.split("\\|", -1);
        if (split.length != parts) {
            throw new IllegalArgumentException("aggregate key '" + key + "' is not " + shape);
        }
        for (String part : split) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("aggregate key '" + key + "' has an empty part (expected " + shape + ")");
            }
        }
        return split;
    }

    private static LocalDate date(String key, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("aggregate key '" + key + "': '" + text + "' is not a date yyyy-MM-dd");
        }
    }
}
