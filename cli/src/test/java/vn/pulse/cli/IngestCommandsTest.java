package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./pulse import} and {@code ./pulse simulate}: help and refused options, no Kafka needed. */
class IngestCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cli = new CommandLine(new PulseCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void helpListsImportAndSimulateWithTheirOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("import").contains("simulate");
        assertThat(run("import", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--kind").contains("(default: 127.0.0.1:9092)").contains("Exit status");
        assertThat(run("simulate", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--rate", "(default: 100/s)").contains("--duration").contains("--seed")
                .contains("--domain");
    }

    @Test
    void refusesAnUnknownKindAndAnUnusableFile() throws Exception {
        Path csv = Files.writeString(dir.resolve("x.csv"), "eventId\n");
        assertThat(run("import", csv.toString(), "--kind=vaccines")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--kind': 'vaccines'");
        assertThat(run("import", dir.resolve("missing.csv").toString(), "--kind=doses", "--kafka=127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("Cannot read");
    }

    @Test
    void refusesAnOldExcelWorkbookAndTextThatIsNotUtf8SayingWhatToSave() throws Exception {
        Path xls = Files.write(dir.resolve("doses.xls"),
                new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0});
        assertThat(run("import", xls.toString(), "--kind=doses", "--kafka=127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("doses.xls: an Excel 97-2003 workbook (.xls)");
        Path ansi = Files.write(dir.resolve("allocations.csv"),
                "allocationId,vaccineProduct\na-1,L\u1ea1ng S\u01a1n\n".getBytes(java.nio.charset.Charset.forName("windows-1258")));
        assertThat(run("import", ansi.toString(), "--kind=allocations", "--kafka=127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("allocations.csv: line 2: not UTF-8 text");
    }

    @Test
    void refusesABadRateDurationOrDomain() {
        assertThat(run("simulate", "--rate=fast")).isEqualTo(2);
        assertThat(err.toString()).contains("'--rate': 'fast'");
        assertThat(run("simulate", "--duration=forever")).isEqualTo(2);
        assertThat(err.toString()).contains("'--duration': 'forever'");
        assertThat(run("simulate", "--domain=weather")).isEqualTo(2);
        assertThat(err.toString()).contains("'--domain': 'weather'");
    }
}
