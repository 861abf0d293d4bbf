package vn.pulse.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PulseToolsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine tools = new CommandLine(new PulseTools());
        tools.setOut(new PrintWriter(out));
        tools.setErr(new PrintWriter(err));
        return tools.execute(args);
    }

    @Test
    void helpListsTheBenchAndTheCrashTest() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("bench", "crash-test", "./pulse --help");
    }

    @Test
    void withoutACommandItPrintsItsUsage() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("Usage: pulse", "bench", "crash-test");
    }

    @Test
    void eachToolExplainsItsOptions() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--quick", "--out", "--scenario");
        out.getBuffer().setLength(0);
        assertThat(run("crash-test", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--profile", "--seed", "--duration", "--dir");
    }

    @Test
    void anUnknownCrashProfileIsRefused() {
        assertThat(run("crash-test", "--profile", "forever")).isNotZero();
        assertThat(err.toString()).contains("profile: 'short', 'soak' or 'cluster', not 'forever'");
    }
}
