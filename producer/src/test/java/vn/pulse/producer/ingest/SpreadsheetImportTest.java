package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.schemas.health.DoseAdministered;

class SpreadsheetImportTest {

    private final List<ValidatedEvent> written = new ArrayList<>();
    private final StringWriter out = new StringWriter();

    @TempDir
    Path dir;

    private SpreadsheetImport importer() {
        return new SpreadsheetImport(new EventValidator(Clock.fixed(IngestFixtures.NOW, ZoneOffset.UTC), Duration.ofMinutes(5)),
                events -> {
                    written.addAll(events);
                    return events.stream().map(e -> new EventWriter.Outcome(e, 0, written.size(), null)).toList();
                }, new PrintWriter(out), new PrintWriter(new StringWriter()), Long.MAX_VALUE);
    }

    private SpreadsheetImport.Report importCsv(IngestKind kind, String csv) throws Exception {
        return importer().run(kind, new StringReader(csv));
    }

    private SpreadsheetImport.Report importFile(IngestKind kind, byte[] content) throws Exception {
        Path file = dir.resolve("upload");
        Files.write(file, content);
        return importer().run(kind, file);
    }

    @Test
    void writesTheGoodLinesAndReportsEachBadOneWithItsNumberAndReasons() throws Exception {
        String csv = """
                eventId,administeredAt,siteId,districtCode,ageGroup,doseKind,vaccineProduct
                d-1,2021-12-24T09:00:00+07:00,TTYT-178,178,18+,FIRST,AstraZeneca
                d-2,2021-12-24T09:05:00+07:00,TTYT-178,999,18+,FOURTH,AstraZeneca

                d-3,2021-12-24T09:10:00+07:00,"TTYT, Lộc Bình",189,12-17,SECOND,Pfizer
                d-4,2021-12-24T09:10:00+07:00,TTYT-178,178
                ,2021-12-24T09:15:00+07:00,TTYT-180,180,18+,BOOSTER,Moderna
                d-6,not a time,TTYT-180,180,18+,FIRST,
                """;
        SpreadsheetImport.Report report = importCsv(IngestKind.VACCINATION_DOSES, csv);

        assertThat(report).isEqualTo(new SpreadsheetImport.Report(6, 3, 3, 0));
        assertThat(report.ok()).isFalse();
        assertThat(written).extracting(ValidatedEvent::id).startsWith("d-1", "d-3").hasSize(3);
        assertThat(written.get(2).id()).matches("csv-[0-9a-f]{32}");
        assertThat(out.toString().lines().toList()).containsSubsequence(
                "line 3: districtCode unknown district code '999' (known: 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189);"
                        + " doseKind unknown value 'FOURTH' (expected one of FIRST, SECOND, BOOSTER)",
                "line 6: has 4 cells, the header 7",
                "line 8: administeredAt must be an ISO-8601 date-time with offset, e.g. 2021-08-01T09:30:00+07:00, was 'not a time';"
                        + " vaccineProduct required");
        assertThat(out.toString()).contains("6 lines: 3 written, 3 invalid, 0 not written");
    }

    @Test
    void derivesTheSameIdFromTheSameLineSoAReimportNeverCountsTwice() throws Exception {
        String csv = """
                allocationId,vaccineProduct,doses,deliveredOn,districtCode
                ,Pfizer,1200,2021-12-20,178
                ,Pfizer,1200,2021-12-21,178
                """;
        importCsv(IngestKind.VACCINE_ALLOCATIONS, csv);
        importCsv(IngestKind.VACCINE_ALLOCATIONS, csv);
        assertThat(written).hasSize(4);
        assertThat(written.get(0).id()).isEqualTo(written.get(2).id()).isNotEqualTo(written.get(1).id());
        assertThat(written.get(1).id()).isEqualTo(written.get(3).id());
    }

    @Test
    void aCorrectionLineNamesTheDosesDistrict() throws Exception {
        String csv = """
                correctionId,doseEventId,districtCode,reason
                c-1,d-1,178,entered twice
                c-2,d-2,,entered twice
                """;
        SpreadsheetImport.Report report = importCsv(IngestKind.DOSE_CORRECTIONS, csv);

        assertThat(report).isEqualTo(new SpreadsheetImport.Report(2, 1, 1, 0));
        assertThat(written).singleElement().satisfies(e -> assertThat(e.scopeCode()).isEqualTo("178"));
        assertThat(out.toString()).contains("line 3: districtCode required");
    }

    @Test
    void refusesAHeaderWithUnknownColumns() {
        assertThatThrownBy(() -> importCsv(IngestKind.GATE_EVENTS, "eventId,gate\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown: gate");
    }

    @Test
    void readsWhatExcelWritesAsCsvUtf8InAVietnameseLocale() throws Exception {
        // A byte-order mark, ';' between fields, CRLF between rows, and quoted cells holding ';', ',', '"'
        // and a line break (LF inside a cell, as Excel writes Alt+Enter).
        String csv = "\uFEFFeventId;administeredAt;siteId;districtCode;ageGroup;doseKind;vaccineProduct\r\n"
                + "d-1;2021-12-24T09:00:00+07:00;\"Trạm y tế; xã Mẫu Sơn\nthôn Nà Pàn\";189;18+;FIRST;AstraZeneca\r\n"
                + "d-2;2021-12-24T09:05:00+07:00;\"TTYT \"\"Lộc Bình\"\", điểm 2\";189;12-17;SECOND;Pfizer\r\n"
                + "\r\n"
                + "d-3;2021-12-24T09:10:00+07:00;TTYT-178;999;18+;FIRST;Moderna\r\n";
        SpreadsheetImport.Report report = importFile(IngestKind.VACCINATION_DOSES, csv.getBytes(StandardCharsets.UTF_8));

        assertThat(report).isEqualTo(new SpreadsheetImport.Report(3, 2, 1, 0));
        assertThat(written).extracting(e -> ((DoseAdministered) e.value()).getSiteId())
                .containsExactly("Trạm y tế; xã Mẫu Sơn\nthôn Nà Pàn", "TTYT \"Lộc Bình\", điểm 2");
        assertThat(written).extracting(ValidatedEvent::id).containsExactly("d-1", "d-2");
        assertThat(((DoseAdministered) written.get(0).value()).getAdministeredAt()).isEqualTo("2021-12-24T02:00:00Z");
        assertThat(out.toString()).startsWith("line 6: districtCode unknown district code '999'");
    }

    @Test
    void readsCommaSeparatedCsvWithCrlfAndABomLikeExcelsCsvUtf8() throws Exception {
        String csv = "\uFEFFallocationId,vaccineProduct,doses,deliveredOn,districtCode\r\n"
                + "a-1,\"AstraZeneca, lô 2\r\n(COVAX)\",35000,2021-12-21,189\r\n"
                + "a-2,Pfizer,1200,2021-12-20,\r\n";
        SpreadsheetImport.Report report = importFile(IngestKind.VACCINE_ALLOCATIONS, csv.getBytes(StandardCharsets.UTF_8));

        assertThat(report).isEqualTo(new SpreadsheetImport.Report(2, 2, 0, 0));
        assertThat(written).extracting(e -> e.value().toString()).containsExactly(
                "{\"allocationId\": \"a-1\", \"districtCode\": \"189\", \"vaccineProduct\": \"AstraZeneca, lô 2\\r\\n(COVAX)\","
                        + " \"doses\": 35000, \"deliveredOn\": \"2021-12-21\"}",
                "{\"allocationId\": \"a-2\", \"districtCode\": null, \"vaccineProduct\": \"Pfizer\", \"doses\": 1200,"
                        + " \"deliveredOn\": \"2021-12-20\"}");
    }

    @Test
    void readsTabSeparatedText() throws Exception {
        SpreadsheetImport.Report report = importCsv(IngestKind.VACCINE_ALLOCATIONS,
                "allocationId\tvaccineProduct\tdoses\tdeliveredOn\ta-1\n".replace("\ta-1", "\tdistrictCode")
                        + "a-1\tPfizer, lô 3\t1200\t2021-12-20\t178\n");
        assertThat(report).isEqualTo(new SpreadsheetImport.Report(1, 1, 0, 0));
    }

    @Test
    void countsLinesAcrossQuotedLineBreaksAndBlankLinesSoErrorsNameTheRightLine() throws Exception {
        String csv = "allocationId;vaccineProduct;doses;deliveredOn;districtCode\r\n"
                + "a-1;\"Pfizer\r\nlô\r\n3\";1200;2021-12-20;178\r\n"
                + "\r\n"
                + "\r\n"
                + "a-2;Pfizer;many;2021-12-20;178\r\n";
        importCsv(IngestKind.VACCINE_ALLOCATIONS, csv);
        assertThat(out.toString()).startsWith("line 7: doses must be a whole number");
    }

    @Test
    void refusesTextThatIsNotUtf8AndSaysHowToSaveIt() {
        byte[] windows1258 = "allocationId,vaccineProduct,doses,deliveredOn,districtCode\na-1,Lạng Sơn,1,2021-12-20,178\n"
                .getBytes(Charset.forName("windows-1258"));
        assertThatThrownBy(() -> importFile(IngestKind.VACCINE_ALLOCATIONS, windows1258))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 2: not UTF-8 text.")
                .hasMessageContaining("CSV UTF-8");
    }

    @Test
    void refusesABrokenQuoteNamingItsLine() {
        String csv = "allocationId,vaccineProduct,doses,deliveredOn,districtCode\n"
                + "a-1,Pfizer,1200,2021-12-20,178\n"
                + "a-2,\"Pfizer\" lô 3,1200,2021-12-20,178\n";
        assertThatThrownBy(() -> importCsv(IngestKind.VACCINE_ALLOCATIONS, csv))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 3: ");
    }

    @Test
    void refusesAnOldExcelWorkbookSayingWhatToSaveItAs() {
        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0, 0, 0};
        assertThatThrownBy(() -> importFile(IngestKind.VACCINE_ALLOCATIONS, ole2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(.xls)").hasMessageContaining(".xlsx");
    }
}
