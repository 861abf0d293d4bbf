package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.producer.ingest.XlsxRows.DateFormat;

class XlsxRowsTest {

    @Test
    void numbersAreTheShortestDecimalToFifteenSignificantDigits() {
        assertThat(XlsxRows.number(new BigDecimal("1234.0"))).isEqualTo("1234");
        assertThat(XlsxRows.number(new BigDecimal("1234"))).isEqualTo("1234");
        assertThat(XlsxRows.number(new BigDecimal("1E3"))).isEqualTo("1000");
        // How Excel writes some doubles: 17 significant digits, binary noise included.
        assertThat(XlsxRows.number(new BigDecimal("7.0000000000000007E-2"))).isEqualTo("0.07");
        assertThat(XlsxRows.number(new BigDecimal("18000.099999999999"))).isEqualTo("18000.1");
        assertThat(XlsxRows.number(new BigDecimal("0.30000000000000004"))).isEqualTo("0.3");
        assertThat(XlsxRows.number(new BigDecimal("95000.3"))).isEqualTo("95000.3");
        assertThat(XlsxRows.number(new BigDecimal("-2.5"))).isEqualTo("-2.5");
        assertThat(XlsxRows.number(new BigDecimal("0.0"))).isEqualTo("0");
        assertThat(XlsxRows.number(new BigDecimal("123456789012345"))).isEqualTo("123456789012345");
    }

    @Test
    void dateSerialsAreWallClockTimesToTheMillisecond() {
        assertThat(XlsxRows.dateTime(new BigDecimal("44554.3333333333"), false)).isEqualTo(LocalDateTime.of(2021, 12, 24, 8, 0));
        assertThat(XlsxRows.dateTime(new BigDecimal("44554.9993055556"), false)).isEqualTo(LocalDateTime.of(2021, 12, 24, 23, 59));
        assertThat(XlsxRows.dateTime(new BigDecimal("44550"), false)).isEqualTo(LocalDateTime.of(2021, 12, 20, 0, 0));
        assertThat(XlsxRows.dateTime(new BigDecimal("43088"), true)).isEqualTo(LocalDateTime.of(2021, 12, 20, 0, 0));
        assertThat(XlsxRows.dateTime(new BigDecimal("1"), false)).isEqualTo(LocalDateTime.of(1900, 1, 1, 0, 0));
        assertThat(XlsxRows.dateTime(new BigDecimal("61"), false)).isEqualTo(LocalDateTime.of(1900, 3, 1, 0, 0));
    }

    @Test
    void numberFormatsTellDatesFromDateTimesFromNumbers() {
        assertThat(XlsxRows.dateFormat(14, null)).isEqualTo(DateFormat.DATE);
        assertThat(XlsxRows.dateFormat(22, null)).isEqualTo(DateFormat.DATE_TIME);
        assertThat(XlsxRows.dateFormat(0, "General")).isEqualTo(DateFormat.NONE);
        assertThat(XlsxRows.dateFormat(2, "0.00")).isEqualTo(DateFormat.NONE);
        assertThat(XlsxRows.dateFormat(164, "General")).isEqualTo(DateFormat.NONE);
        assertThat(XlsxRows.dateFormat(165, "yyyy\\-mm\\-dd\\ hh:mm:ss")).isEqualTo(DateFormat.DATE_TIME);
        assertThat(XlsxRows.dateFormat(166, "YYYY-MM-DD")).isEqualTo(DateFormat.DATE);
        assertThat(XlsxRows.dateFormat(167, "[$-42A]dd/mm/yyyy;@")).isEqualTo(DateFormat.DATE);
        assertThat(XlsxRows.dateFormat(168, "\"TRUE\";\"TRUE\";\"FALSE\"")).isEqualTo(DateFormat.NONE);
        assertThat(XlsxRows.dateFormat(169, "#,##0\" liều\"")).isEqualTo(DateFormat.NONE);
        assertThat(XlsxRows.dateFormat(170, "[Red]0.00")).isEqualTo(DateFormat.NONE);
    }

    @TempDir
    Path dir;

    /**
     * A workbook in the form Excel writes and LibreOffice does not (the LibreOffice-written files are in
     * LibreOfficeFilesTest): built-in date formats (id 14, 22) with no format code in styles.xml, a
     * double written with 17 significant digits, an inline string, a formula with its saved result, an
     * error cell, an empty cell inside a row, the 1904 date system.
     */
    @Test
    void readsTheFormsExcelWrites() throws Exception {
        Path file = workbook(true, """
                <row r="1"><c r="A1" t="inlineStr"><is><t>allocationId</t></is></c><c r="B1" t="inlineStr"><is><t>deliveredOn</t></is></c>                <c r="C1" t="inlineStr"><is><t>doses</t></is></c><c r="D1" t="inlineStr"><is><t>at</t></is></c>                <c r="E1" t="inlineStr"><is><t>amount</t></is></c></row>
                <row r="3"><c r="A3" t="inlineStr"><is><t>a-1</t></is></c><c r="B3" s="1"><v>43088</v></c>                <c r="C3"><f>600*2</f><v>1200</v></c><c r="D3" s="2"><v>43088.3333333333</v></c><c r="E3"><v>7.0000000000000007E-2</v></c></row>
                <row r="4"><c r="A4" t="inlineStr"><is><t>a-2</t></is></c><c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c>                <c r="E4" t="b"><v>1</v></c></row>
                """);
        List<TableRows.Row> rows = new ArrayList<>();
        try (XlsxRows xlsx = new XlsxRows(file.toFile())) {
            TableRows.Row row;
            while ((row = xlsx.next()) != null) {
                rows.add(row);
            }
        }
        assertThat(rows).containsExactly(
                new TableRows.Row(1, List.of("allocationId", "deliveredOn", "doses", "at", "amount")),
                new TableRows.Row(3, List.of("a-1", "2021-12-20", "1200", "2021-12-20T08:00:00+07:00", "0.07")),
                new TableRows.Row(4, List.of("a-2", "", "#DIV/0!", "", "true")));
    }

    /** A minimal .xlsx: one sheet with {@code rows} (sheetData's XML), two built-in date styles. */
    private Path workbook(boolean date1904, String rows) throws IOException {
        Map<String, String> parts = Map.of(
                "[Content_Types].xml", """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">                        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>                        <Default Extension="xml" ContentType="application/xml"/>                        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>                        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>                        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>                        </Types>""",
                "_rels/.rels", """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">                        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>                        </Relationships>""",
                "xl/workbook.xml", """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"                         xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">                        <workbookPr date1904="%s"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
                        .formatted(date1904 ? "1" : "0"),
                "xl/_rels/workbook.xml.rels", """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">                        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>                        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>                        </Relationships>""",
                "xl/styles.xml", """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">                        <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>                        <fills count="1"><fill><patternFill patternType="none"/></fill></fills>                        <borders count="1"><border/></borders>                        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>                        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>                        <xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>                        <xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>                        </styleSheet>""",
                "xl/worksheets/sheet1.xml", """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>"""
                        .formatted(rows));
        Path file = dir.resolve("book.xlsx");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
