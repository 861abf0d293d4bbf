package vn.pulse.api.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as one XHTML page (well-formed XML, so that the PDF renderer lays out exactly this):
 * A4 print styles, the report's font first (DejaVu Sans, which the PDF embeds) and the browser's
 * sans-serif after it.
 */
public final class HtmlReport {

    /** The font family the page asks for; {@link PdfReport} registers the embedded font under this name. */
    static final String FONT_FAMILY = "DejaVu Sans";

    private static final String STYLE = """
            @page { size: A4; margin: 18mm 14mm 18mm 14mm;
                    @bottom-right { content: counter(page) " / " counter(pages); font-family: 'DejaVu Sans'; font-size: 8pt; color: #555; } }
            body { font-family: 'DejaVu Sans', 'Noto Sans', Arial, sans-serif; font-size: 9.5pt; line-height: 1.35; color: #111; }
            h1.title { font-size: 13pt; text-align: center; margin: 0 0 4pt 0; }
            h2 { font-size: 11pt; margin: 14pt 0 4pt 0; page-break-after: avoid; }
            h3 { font-size: 10pt; margin: 10pt 0 3pt 0; page-break-after: avoid; }
            p { margin: 3pt 0; text-align: justify; }
            p.note { font-size: 8pt; color: #444; }
            table { border-collapse: collapse; width: 100%; margin: 3pt 0 6pt 0; font-size: 8pt; -fs-table-paginate: paginate; }
            th, td { border: 0.6pt solid #888; padding: 2pt 3pt; vertical-align: top; }
            th { background: #e8eef4; font-weight: bold; text-align: center; }
            td.n { text-align: right; white-space: nowrap; }
            span.f { white-space: nowrap; }
            tr.total td { font-weight: bold; background: #f3f3f3; }
            """;

    /** A word with a digit in it, with the unit after it if any ("98,06 %", "4,38 tỷ USD"). */
    private static final Pattern FIGURE = Pattern.compile("\\S*\\d\\S*(?: (?:%|tỷ USD|triệu USD|billion USD|million USD))?");

    private HtmlReport() {
    }

    public static String render(ReportDocument document) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"").append(document.language()).append("\">\n")
                .append("<head>\n<meta charset=\"UTF-8\" />\n<title>").append(escape(document.title())).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1 class=\"title\">").append(escape(document.title())).append("</h1>\n");
        for (ReportDocument.Block block : document.blocks()) {
            if (block instanceof ReportDocument.Heading h) {
                String tag = h.level() == 1 ? "h2" : "h3";
                html.append('<').append(tag).append('>').append(escape(h.text())).append("</").append(tag).append(">\n");
            } else if (block instanceof ReportDocument.Paragraph p) {
                html.append("<p>").append(figuresKeptWhole(p.text())).append("</p>\n");
            } else if (block instanceof ReportDocument.Note n) {
                html.append("<p class=\"note\">").append(figuresKeptWhole(n.text())).append("</p>\n");
            } else if (block instanceof ReportDocument.Table t) {
                table(html, t);
            }
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static void table(StringBuilder html, ReportDocument.Table table) {
        html.append("<table>\n<thead><tr>");
        for (String h : table.header()) {
            html.append("<th>").append(escape(h)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        List<List<String>> rows = table.rows();
        for (int r = 0; r < rows.size(); r++) {
            boolean total = table.totalRow() && r == rows.size() - 1;
            html.append(total ? "<tr class=\"total\">" : "<tr>");
            List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                html.append(c < table.textColumns() ? "<td>" : "<td class=\"n\">").append(escape(row.get(c))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /** {@code text} escaped, each figure ("1.155.156", "liều/1.182.158", "09/01/2022", "97,71 %") never broken across lines. */
    static String figuresKeptWhole(String text) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        Matcher figure = FIGURE.matcher(text);
        int last = 0;
        while (figure.find()) {
            out.append(escape(text.substring(last, figure.start()))).append("<span class=\"f\">").append(escape(figure.group()))
                    .append("</span>");
            last = figure.end();
        }
        return out.append(escape(text.substring(last))).toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
