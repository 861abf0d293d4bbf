package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.VaccineAllocation;

/**
 * Files written by a real spreadsheet program: LibreOffice Calc converted the CSV files in
 * {@code spreadsheets/source/} to .xlsx and to {@code ;}-separated CSV (how: spreadsheets/README.md).
 * The imported figures are asserted exactly, and the two forms of one sheet import the same events.
 */
class LibreOfficeFilesTest {

    private final List<ValidatedEvent> written = new ArrayList<>();
    private final StringWriter out = new StringWriter();

    private SpreadsheetImport.Report importFile(IngestKind kind, String name, Instant now) throws URISyntaxException, java.io.IOException {
        Path file = Path.of(LibreOfficeFilesTest.class.getResource("/spreadsheets/" + name).toURI());
        SpreadsheetImport importer = new SpreadsheetImport(new EventValidator(Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(5)),
                events -> {
                    written.addAll(events);
                    return events.stream().map(e -> new EventWriter.Outcome(e, 0, written.size(), null)).toList();
                }, new PrintWriter(out), new PrintWriter(new StringWriter()), Long.MAX_VALUE);
        return importer.run(kind, file);
    }

    private List<String> values() {
        return written.stream().map(e -> e.value().toString()).toList();
    }

    @Test
    void dosesFromXlsx() throws Exception {
        SpreadsheetImport.Report report = importFile(IngestKind.VACCINATION_DOSES, "doses.xlsx", IngestFixtures.NOW);

        assertThat(report).isEqualTo(new SpreadsheetImport.Report(4, 3, 1, 0));
        assertDoses();
        // Calc reads an unquoted 18+ as the number 18 when it opens a CSV: the row is refused, naming it.
        assertThat(out.toString().lines().toList()).containsExactly(
                "row 5: ageGroup unknown age group '18' (known: 12-17, 18+)",
                out.toString().lines().filter(l -> l.startsWith("4 rows: 3 written, 1 invalid, 0 not written")).findFirst().orElse("no summary"));
    }

    @Test
    void dosesFromSemicolonCsv() throws Exception {
        SpreadsheetImport.Report report = importFile(IngestKind.VACCINATION_DOSES, "doses-semicolon.csv", IngestFixtures.NOW);

        assertThat(report).isEqualTo(new SpreadsheetImport.Report(4, 3, 1, 0));
        assertDoses();
        assertThat(out.toString()).startsWith("line 6: ageGroup unknown age group '18' (known: 12-17, 18+)\n")
                .contains("4 lines: 3 written, 1 invalid, 0 not written");
    }

    private void assertDoses() {
        assertThat(written).extracting(ValidatedEvent::id).containsExactly("d-101", "d-102", "d-103");
        List<DoseAdministered> doses = written.stream().map(e -> (DoseAdministered) e.value()).toList();
        assertThat(doses).extracting(DoseAdministered::getSiteId)
                .containsExactly("TTYT Lộc Bình, điểm tiêm 2", "Trạm y tế\nxã Mẫu Sơn", "Điểm tiêm \"Chợ Đông Kinh\"");
        assertThat(doses).extracting(DoseAdministered::getAdministeredAt).containsExactly(
                Instant.parse("2021-12-24T02:00:00Z"), Instant.parse("2021-12-24T02:05:00Z"), Instant.parse("2021-12-24T02:10:00Z"));
        assertThat(doses).extracting(DoseAdministered::getDistrictCode).containsExactly("189", "189", "178");
        assertThat(doses).extracting(DoseAdministered::getAgeGroup).containsExactly("18+", "12-17", "18+");
        assertThat(doses).extracting(d -> d.getDoseKind().name()).containsExactly("FIRST", "SECOND", "BOOSTER");
        assertThat(doses).extracting(DoseAdministered::getVaccineProduct).containsExactly("AstraZeneca", "Pfizer", "Moderna");
        assertThat(doses).extracting(DoseAdministered::getPersonRef).containsOnlyNulls();
    }

    @Test
    void allocationsFromXlsxAndSemicolonCsvAreTheSameEvents() throws Exception {
        assertThat(importFile(IngestKind.VACCINE_ALLOCATIONS, "allocations.xlsx", IngestFixtures.NOW))
                .isEqualTo(new SpreadsheetImport.Report(3, 3, 0, 0));
        List<String> fromXlsx = values();
        List<VaccineAllocation> allocations = written.stream().map(e -> (VaccineAllocation) e.value()).toList();
        assertThat(allocations).extracting(VaccineAllocation::getAllocationId).containsExactly("a-201", "a-202", "a-203");
        assertThat(allocations).extracting(VaccineAllocation::getVaccineProduct).containsExactly("Pfizer", "AstraZeneca, lô 2", "Moderna");
        // Whole numbers stored as doubles (1200.0) are whole numbers again; dates stored as serials are dates.
        assertThat(allocations).extracting(VaccineAllocation::getDoses).containsExactly(1200L, 35000L, 480L);
        assertThat(allocations).extracting(VaccineAllocation::getDeliveredOn)
                .containsExactly(LocalDate.of(2021, 12, 20), LocalDate.of(2021, 12, 21), LocalDate.of(2021, 12, 22));
        assertThat(allocations).extracting(VaccineAllocation::getDistrictCode).containsExactly("178", "189", null);

        written.clear();
        assertThat(importFile(IngestKind.VACCINE_ALLOCATIONS, "allocations-semicolon.csv", IngestFixtures.NOW))
                .isEqualTo(new SpreadsheetImport.Report(3, 3, 0, 0));
        assertThat(values()).isEqualTo(fromXlsx);
    }

    @Test
    void gateEventsFromXlsxWithDateTimeDecimalAndBooleanCells() throws Exception {
        SpreadsheetImport.Report report = importFile(IngestKind.GATE_EVENTS, "gate-events.xlsx", Instant.parse("2021-12-25T00:00:00Z"));
        assertGateEvents(report);
    }

    @Test
    void gateEventsFromCsvWrittenInTheVietnameseLocale() throws Exception {
        // Calc in vi_VN writes 24,5 and 18000,1, ĐÚNG and SAI, and date-times without an offset.
        SpreadsheetImport.Report report = importFile(IngestKind.GATE_EVENTS, "gate-events-vi-semicolon.csv", Instant.parse("2021-12-25T00:00:00Z"));
        assertGateEvents(report);
        List<String> fromCsv = values();

        written.clear();
        importFile(IngestKind.GATE_EVENTS, "gate-events.xlsx", Instant.parse("2021-12-25T00:00:00Z"));
        assertThat(values()).isEqualTo(fromCsv);
    }

    private void assertGateEvents(SpreadsheetImport.Report report) {
        assertThat(report).as(out.toString()).isEqualTo(new SpreadsheetImport.Report(3, 3, 0, 0));
        List<GateEvent> events = written.stream().map(e -> (GateEvent) e.value()).toList();
        assertThat(events).extracting(GateEvent::getEventId).containsExactly("ge-301", "ge-302", "ge-303");
        // Date-time cells hold the province's wall-clock time (UTC+7).
        assertThat(events).extracting(GateEvent::getOccurredAt).containsExactly(
                Instant.parse("2021-12-24T01:00:00Z"), Instant.parse("2021-12-24T01:10:30Z"), Instant.parse("2021-12-24T16:59:00Z"));
        assertThat(events).extracting(GateEvent::getTons)
                .containsExactly(new BigDecimal("24.500"), new BigDecimal("12.125"), new BigDecimal("0.000"));
        // 18000.1 and 0.07 are not exact doubles: imported as the decimals the sheet shows.
        assertThat(events).extracting(GateEvent::getDeclaredValueUsd)
                .containsExactly(new BigDecimal("18000.10"), new BigDecimal("95000.30"), new BigDecimal("0.07"));
        assertThat(events).extracting(GateEvent::getGreenLane).containsExactly(true, false, false);
        assertThat(events).extracting(GateEvent::getVehicleRef).containsExactly("29C-123.45", "12H-678.90", "v-3");
        assertThat(events).extracting(GateEvent::getGateCode).containsExactly("HUU_NGHI", "TAN_THANH", "CHI_MA");
    }
}
