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
}
