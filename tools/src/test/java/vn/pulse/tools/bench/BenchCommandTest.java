package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void scenarioFormIsReadInAnyCase() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("--quick", "--scenario", "SMOKE");

        assertThat(command.scenario).isEqualTo(ScenarioForm.SMOKE);
        assertThat(ScenarioForm.SMOKE.vaccination()).as("the smoke form leaves the 1.17 M vaccination records out").isFalse();
        assertThat(BenchSize.full().scenario()).isEqualTo(ScenarioForm.FULL);
        assertThat(BenchSize.quick().withRecords(2000).scenario()).isEqualTo(ScenarioForm.TENTH);
    }

    @Test
    void repeatedRunsAndThreeHundredFreshnessSamplesFromTenThousandDosesUp() {
        assertThat(BenchSize.full().topologyRuns()).isEqualTo(3);
        assertThat(BenchSize.quick().topologyRuns()).isEqualTo(3);
        assertThat(BenchSize.quick().freshnessSamples()).isEqualTo(300);
        // The CI form keeps its time budget: one run each, a handful of samples.
        assertThat(BenchSize.quick().withRecords(2000).topologyRuns()).isEqualTo(1);
        assertThat(BenchSize.quick().withRecords(2000).freshnessSamples()).isEqualTo(5);
    }

    @Test
    void anUnknownScenarioFormIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> new CommandLine(new BenchCommand()).parseArgs("--scenario", "half"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'half' is not a scenario form (full, tenth, smoke)");
    }

    @Test
    void rowsBringTheRowsTheyNeed() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("--rows", "3, 7");
        assertThat(command.rows.rows()).containsExactly("1", "3", "7");

        assertThat(BenchRows.parse("9").rows()).as("9 compares with the API of 5, which reads the applications of 3")
                .containsExactly("1", "3", "5", "9");
        assertThat(BenchRows.parse("4").rows()).containsExactly("1", "3", "4");
        assertThat(BenchRows.parse("8").rows()).as("8 is measured during 7").containsExactly("7");
        assertThat(BenchRows.parse("6").describe()).isEqualTo("rows 6");
        assertThat(new BenchCommand().rows.describe()).isEqualTo("every row");
    }

    @Test
    void anUnknownRowIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> new CommandLine(new BenchCommand()).parseArgs("--rows", "3,13"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'13' is not a bench row (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12; 8 is measured during 7)");
    }

    @Test
    void scaleRowsNeedNoOtherRowAndSortByNumber() {
        assertThat(BenchRows.parse("12,10").rows()).containsExactly("10", "12");
        assertThat(BenchRows.parse("11,9").rows()).containsExactly("1", "3", "5", "9", "11");
        assertThat(BenchRows.all().rows()).containsExactly("1", "2", "3", "4", "5", "6", "7", "9", "10", "11", "12");
    }

    @Test
    void theLedgerOfRowElevenHoldsTwentyMillionIdsInTheFullForm() {
        assertThat(BenchSize.full().ledgerIds()).isEqualTo(20_000_000);
        assertThat(BenchSize.quick().ledgerIds()).isEqualTo(1_000_000);
        // The CI form: ten ids per dose record, one run of each scale configuration.
        assertThat(BenchSize.quick().withRecords(2000).ledgerIds()).isEqualTo(20_000);
        assertThat(BenchSize.quick().withRecords(2000).scaleRuns()).isEqualTo(1);
        assertThat(BenchSize.full().scaleRuns()).isEqualTo(2);
        assertThat(BenchSize.full().scaleDoses()).isEqualTo(250_000);

        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("--ledger-ids", "5000000");
        assertThat(command.ledgerIds).isEqualTo(5_000_000);
    }
}
