package vn.pulse.producer.scenario.border;

import java.math.BigDecimal;

/**
 * The border figures of Lạng Sơn's January 2022 report, as exact amounts in US cents. The report
 * gives 4.38 billion USD, 142.2 % of plan and +55.8 % on 2020; these integers give exactly that, and
 * to two decimals 142.20 % and 55.80 % (docs/scenario-langson-2021-border.md shows the arithmetic).
 */
public final class BorderFigures2021 {

    /** Import + export value through the province's gates in 2021: 4,380,000,000.00 USD. */
    public static final long TRADE_CENTS = 438_000_000_000L;
    /** Exports, an assumption of the scenario (the report gives only the total). */
    public static final long EXPORT_CENTS = 165_000_000_000L;
    /** Imports: the rest. */
    public static final long IMPORT_CENTS = TRADE_CENTS - EXPORT_CENTS;
    /** The year's plan, 3,080,100,000.00 USD (≈ 3.08 billion): 4.38 / 3.0801 = 142.2031 %. */
    public static final long PLAN_CENTS = 308_010_000_000L;
    /** 2020's value, 2,811,300,000.00 USD (≈ 2.81 billion): 4.38 / 2.8113 − 1 = 55.7998 %. */
    public static final long PREVIOUS_YEAR_CENTS = 281_130_000_000L;
    public static final int YEAR = 2021;

    private BorderFigures2021() {
    }

    public static BigDecimal usd(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
