package vn.pulse.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rows of records flattened into typed columns, and written as RFC 4180 CSV. */
class TableTest {

    enum Kind { ROAD }

    record Inner(long count, BigDecimal pct) {
    }

    record Shared(Instant asOf, LocalDate day) {
    }

    record Row(String code, @JsonUnwrapped Shared shared, Map<String, Inner> groups, List<String> alerts, Kind kind,
               String period, Boolean open, Integer minutes) {
    }

    private static Row row(String code, String period, Integer minutes) {
        Map<String, Inner> groups = new LinkedHashMap<>();
        groups.put("18+", new Inner(3, new BigDecimal("98.06")));
        groups.put("12-17", null);
        return new Row(code, new Shared(Instant.parse("2021-12-24T03:00:00Z"), LocalDate.parse("2021-12-24")), groups,
                List.of("a", "b"), Kind.ROAD, period, true, minutes);
    }

    @Test
    void columnsAreTheJsonPathsOfTheLeavesTypedByTheirJavaType() {
        Table table = Table.of("things", "2021-12-24", Row.class, List.of(row("Lạng, \"Sơn\"", "2021-12", 5), row("B", "2021-11", null)));

        assertThat(table.columns()).extracting(Table.Column::name).containsExactly("code", "asOf", "day", "groups.18+.count",
                "groups.18+.pct", "groups.12-17.count", "groups.12-17.pct", "alerts.count", "kind", "period", "open", "minutes");
        assertThat(table.columns()).extracting(Table.Column::kind).containsExactly(Table.Kind.TEXT, Table.Kind.DATE_TIME,
                Table.Kind.DATE, Table.Kind.INTEGER, Table.Kind.DECIMAL, Table.Kind.INTEGER, Table.Kind.DECIMAL, Table.Kind.INTEGER,
                Table.Kind.TEXT, Table.Kind.MONTH, Table.Kind.BOOLEAN, Table.Kind.INTEGER);
        assertThat(table.rows().get(0)).containsExactly("Lạng, \"Sơn\"", Instant.parse("2021-12-24T03:00:00Z"),
                LocalDate.parse("2021-12-24"), 3L, new BigDecimal("98.06"), null, null, 2L, "ROAD", YearMonth.parse("2021-12"), true, 5L);
        assertThat(table.rows().get(1).get(11)).isNull();
        assertThat(table.fileName("csv")).isEqualTo("things_2021-12-24.csv");
    }

    @Test
    void aTextColumnIsADateOnlyWhenEveryValueIsOne() {
        Table mixed = Table.of("t", null, Row.class, List.of(row("A", "2021-12", 1), row("B", "2021", 1)));
        assertThat(mixed.columns().get(9).kind()).isEqualTo(Table.Kind.TEXT);
        assertThat(mixed.rows().get(1).get(9)).isEqualTo("2021");
        Table empty = Table.of("t", null, Row.class, List.of());
        assertThat(empty.columns()).extracting(Table.Column::name).doesNotContain("groups.18+.count");
        assertThat(empty.fileName("xlsx")).isEqualTo("t.xlsx");
    }

    @Test
    void csvHasABomCrlfAndQuotesOnlyWhatNeedsThem() {
        Table table = Table.of("things", null, Row.class, List.of(row("Lạng, \"Sơn\"", "2021-12", 5)));
        String csv = new String(TableWriters.csv(table), StandardCharsets.UTF_8);

        assertThat(csv).startsWith("\uFEFFcode,asOf,day,groups.18+.count");
        assertThat(csv).endsWith("\r\n\"Lạng, \"\"Sơn\"\"\",2021-12-24T03:00:00Z,2021-12-24,3,98.06,,,2,ROAD,2021-12,true,5\r\n");
    }

    @Test
    void sheetNamesAreCutAndCleaned() {
        assertThat(TableWriters.sheetName("border-trade-HUU_NGHI-day/with:odd*chars")).hasSize(31).doesNotContain("/", ":", "*");
    }
}
