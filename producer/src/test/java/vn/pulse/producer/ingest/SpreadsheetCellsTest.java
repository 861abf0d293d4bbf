package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpreadsheetCellsTest {

    @Test
    void everyFieldItTurnsIsAFieldOfSomeKind() {
        Set<String> all = new HashSet<>();
        Arrays.stream(IngestKind.values()).forEach(k -> all.addAll(EventValidator.fieldNames(k)));
        assertThat(all).containsAll(SpreadsheetCells.DATE_TIME_FIELDS).containsAll(SpreadsheetCells.DECIMAL_FIELDS)
                .containsAll(SpreadsheetCells.BOOLEAN_FIELDS);
    }

    @Test
    void dateTimesWithoutAnOffsetAreTheProvincesWallClockTime() {
        assertThat(SpreadsheetCells.apiForm("occurredAt", "2021-12-24 08:00:00", false)).isEqualTo("2021-12-24T08:00:00+07:00");
        assertThat(SpreadsheetCells.apiForm("administeredAt", "2021-12-24T08:05", false)).isEqualTo("2021-12-24T08:05:00+07:00");
        assertThat(SpreadsheetCells.apiForm("administeredAt", "2021-12-24T08:05:00Z", false)).isEqualTo("2021-12-24T08:05:00Z");
        assertThat(SpreadsheetCells.apiForm("administeredAt", "2021-02-30 08:05", false)).isEqualTo("2021-02-30 08:05");
        assertThat(SpreadsheetCells.apiForm("siteId", "2021-12-24 08:00:00", false)).isEqualTo("2021-12-24 08:00:00");
    }

    @Test
    void aDecimalCommaOnlyInSemicolonFilesAndOnlyInDecimalFields() {
        assertThat(SpreadsheetCells.apiForm("tons", "24,5", true)).isEqualTo("24.5");
        assertThat(SpreadsheetCells.apiForm("declaredValueUsd", "-0,07", true)).isEqualTo("-0.07");
        assertThat(SpreadsheetCells.apiForm("tons", "24,5", false)).isEqualTo("24,5");
        assertThat(SpreadsheetCells.apiForm("tons", "1.234,5", true)).isEqualTo("1.234,5");
        assertThat(SpreadsheetCells.apiForm("vehicleRef", "24,5", true)).isEqualTo("24,5");
    }

    @Test
    void vietnameseBooleans() {
        assertThat(SpreadsheetCells.apiForm("greenLane", "ĐÚNG", false)).isEqualTo("true");
        assertThat(SpreadsheetCells.apiForm("greenLane", "Sai", false)).isEqualTo("false");
        assertThat(SpreadsheetCells.apiForm("greenLane", "TRUE", false)).isEqualTo("TRUE");
        assertThat(SpreadsheetCells.apiForm("siteId", "SAI", false)).isEqualTo("SAI");
    }
}
