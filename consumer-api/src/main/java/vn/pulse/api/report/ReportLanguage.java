package vn.pulse.api.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import vn.pulse.core.contract.DomainRules;

/**
 * The two languages of the situation report and how each writes numbers, money, dates and its
 * labels. Vietnamese as the province's own report does: {@code 1.155.156 liều}, {@code 97,71 %},
 * {@code 4,38 tỷ USD}, {@code 09/01/2022}; English: {@code 1,155,156}, {@code 97.71%},
 * {@code 4.38 billion USD}, {@code 9 Jan 2022}. Money of a billion USD or more is written in
 * billions, of a million or more in millions, both with 2 decimals (half-up); less, in whole dollars.
 */
public enum ReportLanguage {

    VI("vi", '.', ',', " %", "tỷ USD", "triệu USD", DateTimeFormatter.ofPattern("dd/MM/yyyy"),
            DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm"), ReportLabels.VI),
    EN("en", ',', '.', "%", "billion USD", "million USD", DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH), ReportLabels.EN);

    private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000L);

    private final String code;
    private final char grouping;
    private final char decimal;
    private final String percentSuffix;
    private final String billions;
    private final String millions;
    private final DateTimeFormatter date;
    private final DateTimeFormatter dateTime;
    private final Map<String, String> labels;

    ReportLanguage(String code, char grouping, char decimal, String percentSuffix, String billions, String millions,
                   DateTimeFormatter date, DateTimeFormatter dateTime, Map<String, String> labels) {
        this.code = code;
        this.grouping = grouping;
        this.decimal = decimal;
        this.percentSuffix = percentSuffix;
        this.billions = billions;
        this.millions = millions;
        this.date = date;
        this.dateTime = dateTime.withZone(DomainRules.ZONE);
        this.labels = labels;
    }

    /** The language's code in {@code ?lang=} ({@code vi}, {@code en}). */
    public String code() {
        return code;
    }

    /** The language of {@code code}, or null for another. */
    public static ReportLanguage byCode(String code) {
        for (ReportLanguage language : values()) {
            if (language.code.equals(code)) {
                return language;
            }
        }
        return null;
    }

    /** A label of the report in this language. */
    public String label(String key) {
        String label = labels.get(key);
        if (label == null) {
            throw new IllegalArgumentException("no report label " + key);
        }
        return label;
    }

    /** A count with grouping: {@code 1.155.156} / {@code 1,155,156}. */
    public String count(long value) {
        return format(BigDecimal.valueOf(value), 0);
    }

    /** A count with grouping; a dash when unknown. */
    public String count(Long value) {
        return value == null ? "—" : count(value.longValue());
    }

    /** A percentage with 2 decimals: {@code 97,71 %} / {@code 97.71%}; a dash when unknown. */
    public String percent(BigDecimal value) {
        return value == null ? "—" : format(value.setScale(2, RoundingMode.HALF_UP), 2) + percentSuffix;
    }

    /** Money in US dollars: {@code 4,38 tỷ USD}, {@code 812,40 triệu USD}, {@code 12.345 USD}; a dash when unknown. */
    public String money(BigDecimal usd) {
        if (usd == null) {
            return "—";
        }
        BigDecimal magnitude = usd.abs();
        if (magnitude.compareTo(BILLION) >= 0) {
            return format(usd.divide(BILLION, 2, RoundingMode.HALF_UP), 2) + " " + billions;
        }
        if (magnitude.compareTo(MILLION) >= 0) {
            return format(usd.divide(MILLION, 2, RoundingMode.HALF_UP), 2) + " " + millions;
        }
        return format(usd.setScale(0, RoundingMode.HALF_UP), 0) + " USD";
    }

    public String date(LocalDate day) {
        return date.format(day);
    }

    /** A moment as the province's local date and time; a dash when null. */
    public String dateTime(Instant at) {
        return at == null ? "—" : dateTime.format(at);
    }

    private String format(BigDecimal value, int decimals) {
        DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
        symbols.setGroupingSeparator(grouping);
        symbols.setDecimalSeparator(decimal);
        symbols.setMinusSign('-');
        DecimalFormat format = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals), symbols);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }
}
