package vn.pulse.api.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;

/**
 * The report as a Word document (.docx, Apache POI): the same blocks as the page, as paragraphs
 * and tables a health officer can edit further. A4, Times New Roman (the font of the province's
 * documents; Word and LibreOffice have it or a metric-compatible one with every Vietnamese glyph).
 */
public final class DocxReport {

    private static final String FONT = "Times New Roman";
    /** A4 in twentieths of a point, margins of 2 cm. */
    private static final long A4_WIDTH = 11_906;
    private static final long A4_HEIGHT = 16_838;
    private static final long MARGIN = 1_134;

    private DocxReport() {
    }

    public static byte[] render(ReportDocument document) {
        try (XWPFDocument docx = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024)) {
            docx.getProperties().getCoreProperties().setTitle(document.title());
            docx.getProperties().getCoreProperties().setCreator("Pulse");
            page(docx);
            XWPFParagraph title = docx.createParagraph();
            title.setAlignment(ParagraphAlignment.CENTER);
            run(title, document.title(), 13, true);
            for (ReportDocument.Block block : document.blocks()) {
                if (block instanceof ReportDocument.Heading h) {
                    XWPFParagraph p = docx.createParagraph();
                    p.setSpacingBefore(h.level() == 1 ? 240 : 160);
                    run(p, h.text(), h.level() == 1 ? 12 : 11, true);
                } else if (block instanceof ReportDocument.Paragraph p) {
                    XWPFParagraph paragraph = docx.createParagraph();
                    paragraph.setAlignment(ParagraphAlignment.BOTH);
                    run(paragraph, p.text(), 11, false);
                } else if (block instanceof ReportDocument.Note n) {
                    run(docx.createParagraph(), n.text(), 9, false).setItalic(true);
                } else if (block instanceof ReportDocument.Table t) {
                    table(docx, t);
                }
            }
            docx.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report as DOCX", e);
        }
    }

    private static void page(XWPFDocument docx) {
        CTSectPr section = docx.getDocument().getBody().addNewSectPr();
        CTPageSz size = section.addNewPgSz();
        size.setW(BigInteger.valueOf(A4_WIDTH));
        size.setH(BigInteger.valueOf(A4_HEIGHT));
        CTPageMar margins = section.addNewPgMar();
        margins.setTop(BigInteger.valueOf(MARGIN));
        margins.setBottom(BigInteger.valueOf(MARGIN));
        margins.setLeft(BigInteger.valueOf(MARGIN));
        margins.setRight(BigInteger.valueOf(MARGIN));
    }

    private static XWPFRun run(XWPFParagraph paragraph, String text, int points, boolean bold) {
        XWPFRun run = paragraph.createRun();
        run.setFontFamily(FONT);
        run.setFontSize(points);
        run.setBold(bold);
        run.setText(text);
        return run;
    }

    private static void table(XWPFDocument docx, ReportDocument.Table table) {
        List<List<String>> rows = table.rows();
        XWPFTable t = docx.createTable(rows.size() + 1, table.header().size());
        t.setWidth("100%");
        fill(t.getRow(0), table.header(), table.textColumns(), true, true);
        for (int r = 0; r < rows.size(); r++) {
            boolean total = table.totalRow() && r == rows.size() - 1;
            fill(t.getRow(r + 1), rows.get(r), table.textColumns(), total, false);
        }
        docx.createParagraph();
    }

    private static void fill(XWPFTableRow row, List<String> cells, int textColumns, boolean bold, boolean header) {
        for (int c = 0; c < cells.size(); c++) {
            XWPFTableCell cell = row.getCell(c);
            XWPFParagraph p = cell.getParagraphs().get(0);
            p.setAlignment(header ? ParagraphAlignment.CENTER : c < textColumns ? ParagraphAlignment.LEFT : ParagraphAlignment.RIGHT);
            run(p, cells.get(c), 9, bold);
        }
    }
}
