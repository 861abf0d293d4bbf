package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void rowsCarryRatioTargetAndVerdictInBothForms() {
        BenchReport report = new BenchReport();
        report.add(BenchRow.figure("2", "floor", "records/s", 10_000, "rec/s"));
        report.add(BenchRow.figure("3a", "ours | doses", "records/s", 5_000, "rec/s").against("2", report.value("2"))
                .target("≥ 0.6 × (2)", false));
        report.add(BenchRow.notMeasured("4", "freshness", "p99 ≤ 300 ms"));
        report.note("sizes: tiny");

        String markdown = report.toMarkdown();
        assertThat(markdown).contains("| row | what | metric | value | unit | ratio | target | met? |")
                .contains("| 3a | ours \\| doses | records/s | 5,000 | rec/s | 0.50 × (2) | ≥ 0.6 × (2) | NO |")
                .contains("| 4 | freshness | not measured yet |  |  |  | p99 ≤ 300 ms |  |")
                .contains("- sizes: tiny");
        assertThat(report.toText()).contains("0.50 × (2)").contains("NO").contains("sizes: tiny");
        assertThat(report.value("3a")).isEqualTo(5_000);
        assertThat(report.value("4")).isNaN();
    }

    @Test
    void aMetTargetSaysYesAndSmallFiguresKeepDecimals() {
        BenchRow row = BenchRow.figure("5b", "summary", "p99 at half its max rate", 3.456, "ms").target("≤ 10 ms", true);
        BenchReport report = new BenchReport();
        report.add(row);
        assertThat(report.toMarkdown()).contains("| 5b | summary | p99 at half its max rate | 3.46 | ms |  | ≤ 10 ms | yes |");
    }

    @Test
    void rowsAreListedByNumberWhateverOrderTheyRanIn() {
        BenchReport report = new BenchReport();
        report.add(BenchRow.figure("5a", "static", "requests/s", 1, "req/s"));
        report.add(BenchRow.figure("4", "freshness", "p50", 2, "ms"));
        report.add(BenchRow.figure("4", "freshness", "p99", 3, "ms"));
        report.add(BenchRow.figure("10", "later", "x", 4, ""));
        report.add(BenchRow.figure("9", "postgres", "records/s", 5, "rec/s"));

        assertThat(report.toMarkdown().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| row")).map(l -> l.split(" \\| ")[2]))
                .containsExactly("p50", "p99", "requests/s", "records/s", "x");
    }
}
