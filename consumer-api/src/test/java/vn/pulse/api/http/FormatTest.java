package vn.pulse.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How a request chooses between JSON, CSV and XLSX. */
class FormatTest {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Test
    void withoutAcceptOrWithAWildcardItIsJson() {
        assertThat(Format.of(null, null)).isEqualTo(Format.JSON);
        assertThat(Format.of(null, " ")).isEqualTo(Format.JSON);
        assertThat(Format.of(null, "*/*")).isEqualTo(Format.JSON);
        assertThat(Format.of(null, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isEqualTo(Format.JSON);
    }

    @Test
    void theHighestQualityWinsAndTheMostSpecificRangeGivesIt() {
        assertThat(Format.of(null, "text/csv")).isEqualTo(Format.CSV);
        assertThat(Format.of(null, "TEXT/CSV; charset=utf-8")).isEqualTo(Format.CSV);
        assertThat(Format.of(null, "application/json;q=0.5, " + XLSX)).isEqualTo(Format.XLSX);
        assertThat(Format.of(null, "text/csv;q=0.9, " + XLSX + ";q=0.95")).isEqualTo(Format.XLSX);
        assertThat(Format.of(null, "application/*;q=0.2, text/*;q=0.3")).isEqualTo(Format.CSV);
        // */* admits all three, but JSON is refused by name.
        assertThat(Format.of(null, "application/json;q=0, */*")).isEqualTo(Format.CSV);
        assertThat(Format.of(null, "text/csv;q=0.5, application/json")).isEqualTo(Format.JSON);
    }

    @Test
    void theParameterWinsOverAcceptAndAnUnknownOneIsABadParameter() {
        assertThat(Format.of("xlsx", "text/csv")).isEqualTo(Format.XLSX);
        assertThat(Format.of("CSV", null)).isEqualTo(Format.CSV);
        assertThat(Format.of("json", "text/csv")).isEqualTo(Format.JSON);
        assertThatThrownBy(() -> Format.of("pdf", null)).isInstanceOfSatisfying(ApiProblem.BadParameter.class,
                bad -> assertThat(bad.parameter()).isEqualTo("format"));
        assertThatThrownBy(() -> Format.of("", null)).isInstanceOf(ApiProblem.BadParameter.class);
    }

    @Test
    void anAcceptThatAdmitsNoneIsNotAcceptable() {
        assertThatThrownBy(() -> Format.of(null, "image/png")).isInstanceOf(ApiProblem.NotAcceptable.class)
                .hasMessageContaining("image/png");
        assertThatThrownBy(() -> Format.of(null, "application/json;q=0, text/csv;q=0")).isInstanceOf(ApiProblem.NotAcceptable.class);
        assertThatThrownBy(() -> Format.of(null, "application/problem+json")).isInstanceOf(ApiProblem.NotAcceptable.class);
    }
}
