package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import vn.pulse.producer.ingest.XlsxRows.DateFormat;

class XlsxRowsTest {

    @Test
    void numbersAreTheShortestDecimalToFifteenSignificantDigits() {
        assertThat(XlsxRows.number(new BigDecimal("1234.0"))).isEqualTo("1234");
        assertThat(XlsxRows.number(new BigDecimal("1234"))).isEqualTo("1234");
        assertThat(XlsxRows.number(new BigDecimal("1E3"))).isEqualTo("1000");
        // How Excel writes some doubles: 17 significant digits, binary noise included.
        assertThat(XlsxRows.number(new BigDecimal("7.0000000000000007E-2"))).isEqualTo("0.07");
        assertThat(XlsxRows.number(new BigDecimal("18000.099999999999"))).isEqualTo("18000.1");
        assertThat(XlsxRows.number(new BigDecimal("0.30000000000000004"))).isEqualTo("0.3");
        assertThat(XlsxRows.number(new BigDecimal("95000.3"))).isEqualTo("95000.3");
        assertThat(XlsxRows.number(new BigDecimal("-2.5"))).isEqualTo("-2.5");
        assertThat(XlsxRows.number(new BigDecimal("0.0"))).isEqualTo("0");
        assertThat(XlsxRows.number(new BigDecimal("123456789012345"))).isEqualTo("123456789012345");
    }

    @Test
    void dateSerialsAreWallClockTimesToTheMillisecond() {
        assertThat(XlsxRows.dateTime(new BigDecimal("44554.3333333333"), false)).isEqualTo(LocalDateTime.of(2021, 12, 24, 8, 0));
        assertThat(XlsxRows.dateTime(new BigDecimal("44554.9993055556"), false)).isEqualTo(LocalDateTime.of(2021, 12, 24, 23, 59));
        assertThat(XlsxRows.dateTime(new BigDecimal("44550"), false)).isEqualTo(LocalDateTime.of(2021, 12, 20, 0, 0));
        assertThat(XlsxRows.dateTime(new BigDecimal("43088"), true)).isEqualTo(LocalDateTime.of(2021, 12, 20, 0, 0));
        assertThat(XlsxRows.dateTime(new BigDecimal("1"), false)).isEqualTo(LocalDateTime.of(1900, 1, 1, 0, 0));
        assertThat(XlsxRows.dateTime(new BigDecimal("61"), false)).isEqualTo(LocalDateTime.of(1900, 3, 1, 0, 0));
    }

    @Test
    void numberFormatsTellDatesFromDateTimesFromNumbers() {
        assertThat(XlsxRows.dateFormat(14, null)).isEqualTo(DateFormat.DATE);
        assertThat(XlsxRows.dateFormat(22, null)).isEqualTo(DateFormat.DATE_TIME);
        assertThat(XlsxRows.dateFormat(0, "General")).isEqualTo(DateFormat.NONE);
        assertThat(XlsxRows.dateFormat(2, "0.00")).isEqualTo(DateFormat.NONE);
        assertThat(XlsxRows.dateFormat(164, "General")).isEqualTo(DateFormat.NONE);
        assertThat(XlsxRows.dateFormat(165, "yyyy\\-mm\\-dd\\ hh:mm:ss")).isEqualTo(DateFormat.DATE_TIME);
        assertThat(XlsxRows.dateFormat(166, "YYYY-MM-DD")).isEqualTo(DateFormat.DATE);
        assertThat(XlsxRows.dateFormat(167, "[$-42A]dd/mm/yyyy;@")).isEqualTo(DateFormat.DATE);
        assertThat(XlsxRows.dateFormat(168, "\"TRUE\";\"TRUE\";\"FALSE\"")).isEqualTo(DateFormat.NONE);
        assertThat(XlsxRows.dateFormat(169, "#,##0\" liều\"")).isEqualTo(DateFormat.NONE);
        assertThat(XlsxRows.dateFormat(170, "[Red]0.00")).isEqualTo(DateFormat.NONE);
    }
}
