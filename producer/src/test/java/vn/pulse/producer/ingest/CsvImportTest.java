package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvImportTest {

    private final List<ValidatedEvent> written = new ArrayList<>();
    private final StringWriter out = new StringWriter();

    private CsvImport.Report importCsv(IngestKind kind, String csv) throws Exception {
        CsvImport csvImport = new CsvImport(new EventValidator(Clock.fixed(IngestFixtures.NOW, ZoneOffset.UTC), Duration.ofMinutes(5)),
                events -> {
                    written.addAll(events);
                    return events.stream().map(e -> new EventWriter.Outcome(e, 0, written.size(), null)).toList();
                }, new PrintWriter(out), new PrintWriter(new StringWriter()), Long.MAX_VALUE);
        return csvImport.run(kind, new StringReader(csv));
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
        CsvImport.Report report = importCsv(IngestKind.VACCINATION_DOSES, csv);

        assertThat(report).isEqualTo(new CsvImport.Report(6, 3, 3, 0));
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
        CsvImport.Report report = importCsv(IngestKind.DOSE_CORRECTIONS, csv);

        assertThat(report).isEqualTo(new CsvImport.Report(2, 1, 1, 0));
        assertThat(written).singleElement().satisfies(e -> assertThat(e.scopeCode()).isEqualTo("178"));
        assertThat(out.toString()).contains("line 3: districtCode required");
    }

    @Test
    void refusesAHeaderWithUnknownColumns() {
        assertThatThrownBy(() -> importCsv(IngestKind.GATE_EVENTS, "eventId,gate\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown: gate");
    }
}
