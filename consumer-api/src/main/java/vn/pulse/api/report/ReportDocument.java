package vn.pulse.api.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.reference.AgeGroups;

/**
 * The situation report laid out in one language, as a list of blocks (headings, paragraphs, tables)
 * that every renderer draws the same way: the HTML page (and the PDF made from it) and the DOCX.
 * The wording and every formatted figure are decided here, once.
 */
public record ReportDocument(String language, String title, List<Block> blocks) {

    /** One block of the document. */
    public sealed interface Block permits Heading, Paragraph, Note, Table {
    }

    /** A section heading ({@code level} 1) or a sub-heading (2). */
    public record Heading(int level, String text) implements Block {
    }

    public record Paragraph(String text) implements Block {
    }

    /** Small print: where a figure comes from, what is missing. */
    public record Note(String text) implements Block {
    }

    /**
     * A table; the first {@code textColumns} columns are text (left-aligned), the others figures
     * (right-aligned); with {@code totalRow} the last row is the total.
     */
    public record Table(List<String> header, List<List<String>> rows, int textColumns, boolean totalRow) implements Block {
    }

    /** Lays out {@code report} in {@code lang}, named after the provinces of the {@linkplain Geography#selected() selected data set}. */
    public static ReportDocument of(SituationReport report, ReportLanguage lang) {
        return of(report, lang, Geography.selected());
    }

    /** Lays out {@code report} in {@code lang}, named after the provinces of {@code dataSet}. */
    public static ReportDocument of(SituationReport report, ReportLanguage lang, GeoDataSet dataSet) {
        List<Block> blocks = new ArrayList<>();
        String period = String.format(lang.label("period"), lang.date(report.from()), lang.date(report.to()));
        blocks.add(new Paragraph(commandCenter(dataSet, lang, report.from(), report.to()) + " · " + period));
        blocks.add(new Note(String.format(lang.label("asOf"), lang.dateTime(report.vaccinationAsOf()),
                lang.dateTime(report.borderAsOf()))));
        vaccination(report, lang, blocks);
        border(report, lang, blocks);
        screenings(report, lang, blocks);
        alerts(report, lang, blocks);
        blocks.add(new Note(lang.label("source")));
        return new ReportDocument(lang.code(), lang.label("title"), List.copyOf(blocks));
    }

    /** Vietnamese words that begin a province-level unit's official name ("Tỉnh Lạng Sơn", "Thành phố Hà Nội"). */
    private static final List<String> PROVINCE_WORDS = List.of("Tỉnh ", "Thành phố ");

    /**
     * Who reports: the command center of the data set's province ("Trung tâm Chỉ huy phòng, chống dịch
     * COVID-19 tỉnh Lạng Sơn", "Lạng Sơn provincial COVID-19 command center"), of each of its provinces
     * valid in the period ({@code from} to {@code to}) when there are several (a merger within the
     * period), or of its country when it has none.
     */
    static String commandCenter(GeoDataSet dataSet, ReportLanguage lang, LocalDate from, LocalDate to) {
        List<AdminUnit> provinces = dataSet.unitsAt(AdminUnit.Level.PROVINCE).stream()
                .filter(p -> SituationReports.validInPeriod(p, from, to)).toList();
        if (provinces.isEmpty()) {
            String country = dataSet.unitsAt(AdminUnit.Level.COUNTRY).stream().map(AdminUnit::name).findFirst().orElse(dataSet.name());
            return String.format(lang.label("country"), country);
        }
        List<String> names = provinces.stream().map(p -> provinceName(p.name(), lang)).toList();
        if (names.size() == 1) {
            return String.format(lang.label("province"), names.get(0));
        }
        String joined = lang == ReportLanguage.VI ? String.join(", ", names)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return String.format(lang.label("provinces"), joined);
    }

    /** A province's name within a sentence: "tỉnh Lạng Sơn" in Vietnamese, "Lạng Sơn" in English. */
    private static String provinceName(String official, ReportLanguage lang) {
        for (String word : PROVINCE_WORDS) {
            if (official.regionMatches(true, 0, word, 0, word.length())) {
                return lang == ReportLanguage.VI ? word.toLowerCase(java.util.Locale.ROOT) + official.substring(word.length())
                        : official.substring(word.length());
            }
        }
        return lang == ReportLanguage.VI ? "tỉnh " + official : official;
    }

    private static void vaccination(SituationReport report, ReportLanguage lang, List<Block> blocks) {
        SituationReport.Vaccination v = report.vaccination();
        blocks.add(new Heading(1, lang.label("vaccination")));
        SituationReport.AgeGroupCoverage adults = group(v, AgeGroups.ADULTS);
        SituationReport.AgeGroupCoverage adolescents = group(v, AgeGroups.ADOLESCENTS);
        if (v.dosesAllocated() == null) {
            blocks.add(new Paragraph(String.format(lang.label("vaccinationLeadNoAllocation"), lang.date(report.to()),
                    lang.count(v.dosesAdministered()), lang.count(v.boosterDoses()),
                    lang.percent(adults.atLeastOneDosePct()), lang.percent(adults.twoDosesPct()),
                    lang.percent(adolescents.atLeastOneDosePct()), lang.percent(adolescents.twoDosesPct()))));
        } else {
            blocks.add(new Paragraph(String.format(lang.label("vaccinationLead"), lang.date(report.to()), lang.count(v.dosesAdministered()),
                    lang.count(v.dosesAllocated()), lang.percent(v.dosesUsedPct()), lang.count(v.boosterDoses()),
                    lang.percent(adults.atLeastOneDosePct()), lang.percent(adults.twoDosesPct()),
                    lang.percent(adolescents.atLeastOneDosePct()), lang.percent(adolescents.twoDosesPct()))));
        }
        blocks.add(new Paragraph(String.format(lang.label("dosesInPeriod"), lang.count(v.dosesInPeriod()))));

        blocks.add(new Heading(2, lang.label("coverageByAgeGroup")));
        List<List<String>> rows = new ArrayList<>();
        for (SituationReport.AgeGroupCoverage g : v.coverage()) {
            rows.add(List.of(ageGroup(lang, g.ageGroup()), lang.count(g.population()), lang.count(g.atLeastOneDose()),
                    lang.percent(g.atLeastOneDosePct()), lang.count(g.twoDoses()), lang.percent(g.twoDosesPct()), lang.count(g.boosters())));
        }
        blocks.add(new Table(List.of(lang.label("ageGroup"), lang.label("population"), lang.label("atLeastOneDose"), "%",
                lang.label("twoDoses"), "%", lang.label("boosters")), rows, 1, false));

        String level = unitsLevel(v.districts());
        blocks.add(new Heading(2, lang.label(switch (level) {
            case "commune" -> "byCommune";
            case "unit" -> "byUnit";
            default -> "byDistrict";
        })));
        rows = new ArrayList<>();
        for (SituationReport.DistrictRow d : v.districts()) {
            rows.add(List.of(d.name(), lang.count(d.dosesAdministered()), lang.count(d.dosesInPeriod()), lang.count(d.dosesAllocated()),
                    lang.percent(d.dosesUsedPct()), lang.percent(d.adultsAtLeastOneDosePct()), lang.percent(d.adultsTwoDosesPct()),
                    lang.percent(d.adolescentsAtLeastOneDosePct()), lang.percent(d.adolescentsTwoDosesPct())));
        }
        blocks.add(new Table(List.of(lang.label(level), lang.label("doses"), lang.label("dosesInPeriodShort"),
                lang.label("allocated"), lang.label("used"), lang.label("adultsFirst"), lang.label("adultsSecond"),
                lang.label("adolescentsFirst"), lang.label("adolescentsSecond")), rows, 1, false));
        blocks.add(new Note(lang.label("vaccinationNote")));
    }

    /** What the units tabled are: {@code district}, {@code commune}, or {@code unit} when both levels are. */
    private static String unitsLevel(List<SituationReport.DistrictRow> rows) {
        String commune = AdminUnit.Level.COMMUNE.key();
        boolean districts = rows.stream().anyMatch(r -> !r.level().equals(commune));
        boolean communes = rows.stream().anyMatch(r -> r.level().equals(commune));
        return communes && districts ? "unit" : communes ? commune : "district";
    }

    private static SituationReport.AgeGroupCoverage group(SituationReport.Vaccination v, String ageGroup) {
        return v.coverage().stream().filter(g -> g.ageGroup().equals(ageGroup)).findFirst()
                .orElse(new SituationReport.AgeGroupCoverage(ageGroup, 0, 0, null, 0, null, 0));
    }

    private static String ageGroup(ReportLanguage lang, String group) {
        return switch (group) {
            case AgeGroups.ADULTS -> lang.label("adults");
            case AgeGroups.ADOLESCENTS -> lang.label("adolescents");
            default -> group;
        };
    }

    private static void border(SituationReport report, ReportLanguage lang, List<Block> blocks) {
        SituationReport.Border b = report.border();
        blocks.add(new Heading(1, lang.label("border")));
        for (SituationReport.YearRow y : b.years()) {
            if (y.planPct() != null && y.growthPct() != null) {
                blocks.add(new Paragraph(String.format(lang.label("borderLead"), y.year(), lang.money(y.tradeValueUsd()),
                        lang.percent(y.planPct()), lang.label(y.growthPct().signum() < 0 ? "fell" : "rose"),
                        lang.percent(y.growthPct().abs()), y.year() - 1)));
            }
        }
        SituationReport.Trade t = b.period();
        blocks.add(new Paragraph(String.format(lang.label("periodTrade"), lang.money(t.tradeValueUsd()), lang.money(t.exportValueUsd()),
                lang.money(t.importValueUsd()), lang.count(t.vehicles()), lang.count(t.greenLaneVehicles()))));

        blocks.add(new Heading(2, lang.label("years")));
        List<List<String>> rows = new ArrayList<>();
        for (SituationReport.YearRow y : b.years()) {
            rows.add(List.of(Integer.toString(y.year()), lang.money(y.tradeValueUsd()), lang.money(y.planValueUsd()),
                    lang.percent(y.planPct()), lang.money(y.previousYearValueUsd()), lang.percent(y.growthPct())));
        }
        blocks.add(new Table(List.of(lang.label("year"), lang.label("trade"), lang.label("plan"), lang.label("ofPlan"),
                lang.label("previousYear"), lang.label("growth")), rows, 1, false));

        blocks.add(new Heading(2, lang.label("byGate")));
        rows = new ArrayList<>();
        for (SituationReport.GateRow g : b.gates()) {
            rows.add(List.of(g.name(), lang.money(g.tradeValueUsd()), lang.percent(g.sharePct()), lang.money(g.exportValueUsd()),
                    lang.money(g.importValueUsd()), lang.count(g.vehicles()), lang.count(g.greenLaneVehicles())));
        }
        rows.add(List.of(lang.label("total"), lang.money(t.tradeValueUsd()), "", lang.money(t.exportValueUsd()),
                lang.money(t.importValueUsd()), lang.count(t.vehicles()), lang.count(t.greenLaneVehicles())));
        blocks.add(new Table(List.of(lang.label("gate"), lang.label("trade"), lang.label("share"), lang.label("exports"),
                lang.label("imports"), lang.label("vehicles"), lang.label("greenLane")), rows, 1, true));

        blocks.add(new Heading(2, lang.label("congestion")));
        if (b.congestion().isEmpty()) {
            blocks.add(new Paragraph(lang.label("noCongestion")));
        } else {
            rows = new ArrayList<>();
            for (SituationReport.Episode e : b.congestion()) {
                rows.add(List.of(e.gateName(), lang.label("kind." + e.kind()), lang.dateTime(e.raisedAt()),
                        e.clearedAt() == null ? lang.label("stillOpen") : lang.dateTime(e.clearedAt()),
                        lang.count(e.peakValue()) + " " + lang.label("unit." + e.unit()),
                        lang.count(e.raiseThreshold()) + " " + lang.label("unit." + e.unit())));
            }
            blocks.add(new Table(List.of(lang.label("gate"), lang.label("kind"), lang.label("raised"), lang.label("cleared"),
                    lang.label("peak"), lang.label("threshold")), rows, 4, false));
        }
    }

    private static void screenings(SituationReport report, ReportLanguage lang, List<Block> blocks) {
        SituationReport.Screenings s = report.screenings();
        blocks.add(new Heading(1, lang.label("screenings")));
        blocks.add(new Paragraph(String.format(lang.label("screeningsLead"), lang.count(s.reports()), lang.count(s.peopleScreened()),
                lang.count(s.tested()), lang.count(s.positive()), lang.percent(s.positivityPct()))));
        if (!s.gates().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (SituationReport.GateScreenings g : s.gates()) {
                rows.add(List.of(g.name(), lang.count(g.reports()), lang.count(g.peopleScreened()), lang.count(g.tested()),
                        lang.count(g.positive()), lang.percent(g.positivityPct())));
            }
            blocks.add(new Table(List.of(lang.label("gate"), lang.label("reports"), lang.label("screened"), lang.label("tested"),
                    lang.label("positive"), lang.label("positivity")), rows, 1, false));
        }
    }

    private static void alerts(SituationReport report, ReportLanguage lang, List<Block> blocks) {
        SituationReport.Alerts a = report.alerts();
        blocks.add(new Heading(1, lang.label("alerts")));
        blocks.add(new Paragraph(String.format(lang.label("alertsLead"), lang.count(a.raised()), lang.count(a.cleared()),
                lang.count(a.openAtEnd()))));
    }
}
