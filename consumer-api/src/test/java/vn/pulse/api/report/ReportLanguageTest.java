package vn.pulse.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Numbers, money and dates as each language of the report writes them. */
class ReportLanguageTest {

    @Test
    void vietnameseWritesTheProvincesWay() {
        ReportLanguage vi = ReportLanguage.VI;
        assertThat(vi.count(1_155_156)).isEqualTo("1.155.156");
        assertThat(vi.percent(new BigDecimal("97.71"))).isEqualTo("97,71 %");
        assertThat(vi.percent(new BigDecimal("100"))).isEqualTo("100,00 %");
        assertThat(vi.money(new BigDecimal("4380000000.00"))).isEqualTo("4,38 tỷ USD");
        assertThat(vi.money(new BigDecimal("10100000.00"))).isEqualTo("10,10 triệu USD");
        assertThat(vi.money(new BigDecimal("462345.50"))).isEqualTo("462.346 USD");
        assertThat(vi.date(LocalDate.of(2022, 1, 9))).isEqualTo("09/01/2022");
        assertThat(vi.dateTime(Instant.parse("2021-12-20T02:00:00Z"))).isEqualTo("20/12/2021 09:00");
    }

    @Test
    void englishWritesTheEnglishWay() {
        ReportLanguage en = ReportLanguage.EN;
        assertThat(en.count(1_155_156)).isEqualTo("1,155,156");
        assertThat(en.percent(new BigDecimal("97.71"))).isEqualTo("97.71%");
        assertThat(en.percent(new BigDecimal("-3.5"))).isEqualTo("-3.50%");
        assertThat(en.money(new BigDecimal("4380000000.00"))).isEqualTo("4.38 billion USD");
        assertThat(en.money(new BigDecimal("2811300000"))).isEqualTo("2.81 billion USD");
        assertThat(en.date(LocalDate.of(2022, 1, 9))).isEqualTo("9 Jan 2022");
    }

    @Test
    void unknownFiguresAreADash() {
        assertThat(ReportLanguage.VI.percent(null)).isEqualTo("—");
        assertThat(ReportLanguage.EN.money(null)).isEqualTo("—");
        assertThat(ReportLanguage.EN.dateTime(null)).isEqualTo("—");
    }

    @Test
    void theLanguagesAreVietnameseAndEnglishOnly() {
        assertThat(ReportLanguage.byCode("vi")).isEqualTo(ReportLanguage.VI);
        assertThat(ReportLanguage.byCode("en")).isEqualTo(ReportLanguage.EN);
        assertThat(ReportLanguage.byCode("fr")).isNull();
        assertThat(ReportLanguage.byCode("VI")).isNull();
    }
}
