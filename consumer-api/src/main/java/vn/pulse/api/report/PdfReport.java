package vn.pulse.api.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The report's HTML ({@link HtmlReport}) laid out as an A4 PDF by openhtmltopdf over PDFBox: the same
 * content as the page. The text is set in DejaVu Sans (regular and bold, shipped with this module,
 * see {@code fonts/LICENSE-DejaVu.txt}), which has every Vietnamese glyph; the glyphs used are
 * embedded (subset), so the PDF reads the same on a machine without the font.
 */
public final class PdfReport {

    private static final String FONTS = "/vn/pulse/api/report/fonts/";
    private static final byte[] REGULAR = font("DejaVuSans.ttf");
    private static final byte[] BOLD = font("DejaVuSans-Bold.ttf");

    private PdfReport() {
    }

    /** The PDF of {@code xhtml} (a page from {@link HtmlReport#render}). */
    public static byte[] render(String xhtml, String title) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.useFont(() -> new ByteArrayInputStream(REGULAR), HtmlReport.FONT_FAMILY, 400, FontStyle.NORMAL, true);
        builder.useFont(() -> new ByteArrayInputStream(BOLD), HtmlReport.FONT_FAMILY, 700, FontStyle.NORMAL, true);
        builder.withHtmlContent(xhtml, null);
        builder.withProducer("Pulse");
        builder.toStream(out);
        try {
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the report " + title + " as PDF", e);
        }
        return out.toByteArray();
    }

    private static byte[] font(String file) {
        try (InputStream in = PdfReport.class.getResourceAsStream(FONTS + file)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + FONTS + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FONTS + file, e);
        }
    }
}
