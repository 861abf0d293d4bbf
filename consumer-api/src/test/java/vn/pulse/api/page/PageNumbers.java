package vn.pulse.api.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How the page must write the API's numbers, spelled out independently of the page's JavaScript:
 * in Vietnamese ({@code .} groups thousands, {@code ,} separates decimals) or in English.
 */
final class PageNumbers {

    static final PageNumbers VI = new PageNumbers('.', ',', "%s tỷ USD", "%s triệu USD", "%s USD");
    static final PageNumbers EN = new PageNumbers(',', '.', "USD %s billion", "USD %s million", "USD %s");

    private final char grouping;
    private final char decimal;
    private final String billions;
    private final String millions;
    private final String dollars;

    private PageNumbers(char grouping, char decimal, String billions, String millions, String dollars) {
        this.grouping = grouping;
        this.decimal = decimal;
        this.billions = billions;
        this.millions = millions;
        this.dollars = dollars;
    }

    private String format(String pattern, Object number) {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        symbols.setGroupingSeparator(grouping);
        symbols.setDecimalSeparator(decimal);
        DecimalFormat format = new DecimalFormat(pattern, symbols);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(number);
    }

    /** 1155156 → 1.155.156 */
    String integer(JsonNode value) {
        return format("#,##0", value.longValue());
    }

    /** 38.57 with 2 digits → 38,57; 212.5 with 1 → 212,5; null → — */
    String decimal(JsonNode value, int digits) {
        if (value == null || value.isNull()) {
            return "—";
        }
        return format("#,##0." + "0".repeat(digits), value.decimalValue());
    }

    /** 97.71 → 97,71% */
    String percent(JsonNode value) {
        return format("#,##0.00", value.decimalValue()) + "%";
    }

    /** 3078.43 → 3.078,43 (a figure the API gives with 2 decimals, such as a 7-day average) */
    String decimal(JsonNode value) {
        return format("#,##0.00", value.decimalValue());
    }

    /** +12.5 → +12,50%; -3 → -3,00% */
    String signedPercent(JsonNode value) {
        return (value.decimalValue().signum() > 0 ? "+" : "") + percent(value);
    }

    /** 4380000000.00 → 4,38 tỷ USD; 9850000.00 → 9,85 triệu USD; 950 → 950 USD */
    String usd(JsonNode value) {
        BigDecimal usd = value.decimalValue();
        if (usd.abs().compareTo(BigDecimal.valueOf(1_000_000_000)) >= 0) {
            return String.format(billions, format("#,##0.00", usd.movePointLeft(9)));
        }
        if (usd.abs().compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
            return String.format(millions, format("#,##0.00", usd.movePointLeft(6)));
        }
        return String.format(dollars, format("#,##0", usd));
    }
}
