package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PulseCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new PulseCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void helpListsTheRunCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("run").contains("Runs the whole pipeline on this machine until Ctrl-C.");
    }

    @Test
    void runHelpExplainsEveryOptionWithItsDefault() {
        assertThat(run("run", "--help")).isZero();
        // Help text wraps at the terminal width; compare with whitespace collapsed.
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("--data-dir", "(default: data)")
                .contains("--fresh")
                .contains("--feed")
                .contains("--kafka-port", "(default: 9092)")
                .contains("--registry-port", "(default: 8081)")
                .contains("--api-port", "(default: 8080)")
                .contains("--streams-port", "(default: 8083)");
    }

    @Test
    void anUnknownFeedIsRefusedBeforeAnythingStarts() {
        assertThat(run("run", "--feed=tomorrow")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--feed': 'tomorrow'");
    }

    @Test
    void feedWritesRunsFeedsIntoAClusterAndRefusesAnUnknownOneOrNone() {
        assertThat(run("feed", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--feed", "(default: live)", "langson-2021", "--kafka", "--registry");
        assertThat(run("feed", "--feed=tomorrow")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--feed': 'tomorrow'");
        assertThat(run("feed", "--feed=none")).isEqualTo(2);
        assertThat(run("feed", "--rate=0")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate");
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThat(run("run", "--rate=0")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate");
    }

    @Test
    void helpPointsToTheDevelopmentToolsWhichLiveInTheToolsModule() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Development tools", "./pulse bench --help", "./pulse crash-test --help");
        CommandLine cli = new CommandLine(new PulseCli());
        assertThat(cli.getSubcommands()).doesNotContainKeys("bench", "crash-test");
    }

    @Test
    void deploymentToolsAreListedAndTheirGroupsPrintUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("topics", "reference-data");
        out.getBuffer().setLength(0);
        assertThat(run("topics")).isZero();
        assertThat(out.toString()).contains("create", "Creates every topic Pulse declares");
        out.getBuffer().setLength(0);
        assertThat(run("reference-data", "publish", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--bootstrap-servers", "--registry-url", "PULSE_REGISTRY_URL");
    }

    @Test
    void anInvalidDataSetIsReportedProblemByProblemAndNothingIsPublished(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dataset.properties"), "id=broken\nname=Broken\npopulation-year=2025\n");
        Files.writeString(dir.resolve("units.csv"), "code,parent,level,name,name_ascii,valid_from,valid_to\nVN,,country,Việt Nam,,,\n"
                + "P1,VN,province,Tỉnh Một,,,\nC1,P9,commune,Xã Một,,,\n");
        Files.writeString(dir.resolve("population.csv"), "unit,age_group,population\n");
        // Nothing listens on port 1: validation must fail before any connection is tried.
        assertThat(run("reference-data", "publish", "--from", dir.toString(), "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("units.csv:4 unit C1 field parent: unknown parent 'P9'",
                "population.csv unit P1 field population: population missing for cohort P1|12-17");
    }

    @Test
    void anUnknownGeographyIsRefusedBeforeAnythingStarts() {
        assertThat(run("run", "--geography=atlantis")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--geography'", "neither a shipped data set");
    }
}
