package vn.pulse.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.geography.GeoDataSets;

/** The report names the command center of the data set it runs on. */
class ReportDocumentTest {

    private static final LocalDate FROM = LocalDate.of(2021, 12, 27);
    private static final LocalDate TO = LocalDate.of(2022, 1, 9);
    private static final SituationReport EMPTY = new SituationReport(LocalDate.of(2021, 12, 27), LocalDate.of(2022, 1, 9), null, null,
            new SituationReport.Vaccination(0, 0, 0L, null, 0, List.of(), List.of()),
            new SituationReport.Border(new SituationReport.Trade(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0), List.of(),
                    List.of(), List.of()),
            new SituationReport.Screenings(0, 0, 0, 0, null, List.of()),
            new SituationReport.Alerts(0, 0, 0));

    /** Three district-level units of Cao Bằng (GSO codes), schematic population. */
    private static GeoDataSet caoBang() {
        return GeoDataSetLoader.load("caobang", Map.of(
                "dataset.properties", "id=caobang\nname=Cao Bằng (test)\nschematic=true\npopulation-year=2021\n",
                "units.csv", """
                        code,parent,level,name,name_ascii,valid_from,valid_to
                        VN,,country,Việt Nam,Viet Nam,,
                        04,VN,province,Tỉnh Cao Bằng,Tinh Cao Bang,,
                        040,04,district,Thành phố Cao Bằng,Thanh pho Cao Bang,,
                        """,
                "population.csv", """
                        unit,age_group,population
                        040,12-17,7000
                        040,18+,55000
                        """)::get);
    }

    private static String firstParagraph(ReportDocument document) {
        return ((ReportDocument.Paragraph) document.blocks().get(0)).text();
    }

    @Test
    void namesTheProvinceOfTheDataSetItRunsOn() {
        assertThat(firstParagraph(ReportDocument.of(EMPTY, ReportLanguage.VI, caoBang())))
                .isEqualTo("Trung tâm Chỉ huy phòng, chống dịch COVID-19 tỉnh Cao Bằng · Từ ngày 27/12/2021 đến ngày 09/01/2022");
        assertThat(firstParagraph(ReportDocument.of(EMPTY, ReportLanguage.EN, caoBang())))
                .isEqualTo("Cao Bằng provincial COVID-19 command center · From 27 Dec 2021 to 9 Jan 2022");
    }

    @Test
    void theShippedDataSetNamesLangSonAsTheProvincesOwnReportDoes() {
        GeoDataSet langSon = GeoDataSetLoader.loadShipped("langson-2021");
        assertThat(ReportDocument.commandCenter(langSon, ReportLanguage.VI, FROM, TO)).isEqualTo("Trung tâm Chỉ huy phòng, chống dịch COVID-19 tỉnh Lạng Sơn");
        assertThat(ReportDocument.commandCenter(langSon, ReportLanguage.EN, FROM, TO)).isEqualTo("Lạng Sơn provincial COVID-19 command center");
    }

    @Test
    void aDeploymentOfSeveralProvincesNamesEachOfThem() {
        GeoDataSet both = GeoDataSets.merge(List.of(GeoDataSetLoader.loadShipped("langson-2021"), caoBang()));
        assertThat(ReportDocument.commandCenter(both, ReportLanguage.VI, FROM, TO))
                .isEqualTo("Trung tâm Chỉ huy phòng, chống dịch COVID-19 tỉnh Lạng Sơn, tỉnh Cao Bằng");
        assertThat(ReportDocument.commandCenter(both, ReportLanguage.EN, FROM, TO))
                .isEqualTo("Provincial COVID-19 command centers of Lạng Sơn and Cao Bằng");
    }
}
