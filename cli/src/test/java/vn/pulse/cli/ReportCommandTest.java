package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.border.BorderView;
import vn.pulse.api.report.ReportApi;
import vn.pulse.api.vaccination.VaccinationView;

/** {@code ./pulse report} against a real API server (port 0) that requires a bearer token. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReportCommandTest {

    private static final String TOKEN = "report-test-token";

    @TempDir
    Path dir;

    private ApiServer api;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        api = ApiServer.start(new ApiConfig("unused:9092", "http://unused:8081", "127.0.0.1", 0, List.of(TOKEN), List.of()),
                List.of(ReportApi.over(new VaccinationView(), new BorderView(), new AlertsView())));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new PulseCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String url() {
        return "http://127.0.0.1:" + api.port();
    }

    @Test
    void savesThePdfTheApiRendersWithTheToken() throws Exception {
        Path pdf = dir.resolve("report.pdf");
        assertThat(run("report", "--from", "2021-12-01", "--to", "2021-12-31", "--format", "pdf", "--out", pdf.toString(),
                "--api", url(), "--token", TOKEN)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Saved the situation report 2021-12-01 to 2021-12-31 as " + pdf);
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            assertThat(pdfText(document).replaceAll("\\s+", " ")).contains("Lạng Sơn", "Từ ngày 01/12/2021 đến ngày 31/12/2021");
        }
        assertThat(Files.exists(dir.resolve("report.pdf.part"))).isFalse();

        Path docx = dir.resolve("report.docx");
        assertThat(run("report", "--from", "2021-12-01", "--to", "2021-12-31", "--format", "docx", "--lang", "en",
                "--out", docx.toString(), "--api", url() + "/", "--token", TOKEN)).isZero();
        assertThat(Files.readAllBytes(docx)).startsWith((byte) 'P', (byte) 'K');
    }

    @Test
    void aRefusalNamesTheOptionAndSavesNothing() {
        Path file = dir.resolve("report.pdf");
        assertThat(run("report", "--from", "2021-12-31", "--to", "2021-12-01", "--out", file.toString(), "--api", url(),
                "--token", TOKEN)).isEqualTo(1);
        assertThat(err.toString()).contains("the API refused --to:", "is before");
        assertThat(run("report", "--from", "2021-12-01", "--to", "2021-12-31", "--lang", "fr", "--out", file.toString(),
                "--api", url(), "--token", TOKEN)).isEqualTo(1);
        assertThat(err.toString()).contains("the API refused --lang:", "vi or en");
        assertThat(Files.exists(file)).isFalse();
        assertThat(Files.exists(dir.resolve("report.pdf.part"))).isFalse();
    }

    @Test
    void withoutTheTokenItSaysOneIsNeeded() {
        assertThat(run("report", "--from", "2021-12-01", "--to", "2021-12-31", "--out", dir.resolve("r.pdf").toString(),
                "--api", url(), "--token", "")).isEqualTo(1);
        assertThat(err.toString()).contains("the API needs a bearer token (--token or PULSE_API_TOKEN)");
    }

    @Test
    void anApiThatDoesNotAnswerIsExitStatus2() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closedPort;
        assertThat(run("report", "--from", "2021-12-01", "--to", "2021-12-31", "--out", dir.resolve("r.pdf").toString(),
                "--api", nowhere)).isEqualTo(2);
        assertThat(err.toString()).contains("cannot reach the API at " + nowhere);
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedNotTheApi() {
        Path missing = dir.resolve("no-such-folder").resolve("report.pdf");
        assertThat(run("report", "--from", "2021-12-01", "--to", "2021-12-31", "--out", missing.toString(), "--api", url(),
                "--token", TOKEN)).isEqualTo(2);
        assertThat(err.toString()).contains("cannot write " + missing, "no-such-folder").doesNotContain("cannot reach the API");
    }

    /** The PDF's text in reading order (by position: the layout draws a line's runs in more than one pass). */
    private static String pdfText(PDDocument document) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        return stripper.getText(document);
    }
}
