package vn.pulse.api.report;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import vn.pulse.api.ApiModule;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.border.BorderApi;
import vn.pulse.api.border.BorderView;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.api.http.DataHandler;
import vn.pulse.api.http.Document;
import vn.pulse.api.http.Request;
import vn.pulse.api.vaccination.VaccinationApi;
import vn.pulse.api.vaccination.VaccinationView;
import vn.pulse.core.contract.DomainRules;

/**
 * {@code GET /api/v1/reports/situation?from=YYYY-MM-DD&to=YYYY-MM-DD&lang=vi|en&format=html|pdf|docx|json}:
 * the situation report of a period (docs/reports.md); without {@code format}, {@code Accept} chooses. It reads no topic of its own: the report is
 * built from the vaccination, border and alert figures the other modules read, once per request,
 * then laid out in the language asked for and rendered in the format asked for.
 */
public final class ReportApi implements ApiModule {

    public static final String PATH = "/api/v1/reports/situation";
    /** The longest period one report covers (two years, as {@code /vaccination/daily}). */
    static final int MAX_DAYS = 732;

    /** The formats of {@code ?format=}, in the order that breaks a tie of {@code Accept} qualities. */
    public enum Format {
        HTML("text/html; charset=utf-8", null),
        JSON(null, null),
        PDF("application/pdf", "pdf"),
        DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");

        final String contentType;
        /** The extension of the file offered for download; null: shown inline. */
        final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        /** The media type {@code Accept} names this format by. */
        String mediaType() {
            return this == JSON ? "application/json" : contentType.replaceFirst(";.*$", "");
        }
    }

    private final VaccinationView vaccination;
    private final BorderView border;
    private final AlertsView alerts;

    private final Clock clock;

    private ReportApi(VaccinationView vaccination, BorderView border, AlertsView alerts, Clock clock) {
        this.vaccination = vaccination;
        this.border = border;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Reports over the figures given (tests fill the views themselves), today being the system clock's. */
    public static ReportApi over(VaccinationView vaccination, BorderView border, AlertsView alerts) {
        return over(vaccination, border, alerts, Clock.systemUTC());
    }

    /** Reports over the figures given, today being {@code clock}'s (in the province). */
    public static ReportApi over(VaccinationView vaccination, BorderView border, AlertsView alerts, Clock clock) {
        return new ReportApi(vaccination, border, alerts, clock);
    }

    /** Reports over the figures of the vaccination and border modules among {@code modules}. */
    public static ReportApi over(List<ApiModule> modules) {
        VaccinationApi vaccination = only(modules, VaccinationApi.class);
        BorderApi border = only(modules, BorderApi.class);
        return new ReportApi(vaccination.view(), border.view(), border.alerts(), Clock.systemUTC());
    }

    private static <T> T only(List<ApiModule> modules, Class<T> type) {
        List<T> found = modules.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException("reports need exactly one " + type.getSimpleName() + " module, found " + found.size());
        }
        return found.get(0);
    }

    @Override
    public void install(Wiring wiring) {
        wiring.getDocument(PATH, this::situation);
    }

    private DataHandler.Answer situation(Request request) {
        LocalDate from = request.requiredDate("from");
        LocalDate to = request.requiredDate("to");
        if (to.isBefore(from)) {
            throw new ApiProblem.BadParameter("to", "'to' (" + to + ") is before 'from' (" + from + ").");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new ApiProblem.BadParameter("to", "'to' is more than " + MAX_DAYS + " days after 'from': a report covers at most " + MAX_DAYS + " days.");
        }
        LocalDate today = LocalDate.now(clock.withZone(DomainRules.ZONE));
        if (from.isAfter(today)) {
            throw new ApiProblem.BadParameter("from", "'from' (" + from + ") is after today (" + today + " in " + DomainRules.ZONE
                    + "): the period has not begun.");
        }
        String langParam = request.queryParam("lang");
        ReportLanguage lang = ReportLanguage.byCode(langParam == null ? "vi" : langParam);
        if (lang == null) {
            throw new ApiProblem.BadParameter("lang", "'lang' must be vi or en, was '" + langParam + "'.");
        }
        Format format = format(request.queryParam("format"), request.header("Accept"));
        return () -> {
            SituationReports.firstDay(vaccination, border, alerts).filter(to::isBefore).ifPresent(first -> {
                throw new ApiProblem.BadParameter("to", "'to' (" + to + ") is before the first day with figures (" + first
                        + "): the period holds none.");
            });
            SituationReport report = SituationReports.build(from, to, vaccination, border, alerts);
            return format == Format.JSON ? report : render(report, lang, format);
        };
    }

    /** {@code report} laid out in {@code lang} and rendered as {@code format} (not JSON). */
    public static Document render(SituationReport report, ReportLanguage lang, Format format) {
        ReportDocument document = ReportDocument.of(report, lang);
        String fileName = format.extension == null ? null
                : "pulse-situation-report_" + report.from() + "_" + report.to() + "_" + lang.code() + "." + format.extension;
        return switch (format) {
            case HTML -> new Document(format.contentType, null, HtmlReport.render(document).getBytes(StandardCharsets.UTF_8));
            case PDF -> new Document(format.contentType, fileName, PdfReport.render(HtmlReport.render(document), document.title()));
            case DOCX -> new Document(format.contentType, fileName, DocxReport.render(document));
            case JSON -> throw new IllegalArgumentException("JSON is the report itself, not a rendering");
        };
    }

    /**
     * The format {@code ?format=} names, else the one {@code Accept} prefers (RFC 9110, 12.5.1; HTML on a
     * tie, and without {@code Accept}); a 406 when {@code Accept} admits none.
     */
    private static Format format(String value, String accept) {
        if (value == null) {
            if (accept == null || accept.isBlank()) {
                return Format.HTML;
            }
            Format best = null;
            double bestQuality = 0;
            for (Format format : Format.values()) {
                double quality = vn.pulse.api.http.Format.quality(format.mediaType(), accept);
                if (quality > bestQuality) {
                    best = format;
                    bestQuality = quality;
                }
            }
            if (best == null) {
                throw new ApiProblem.NotAcceptable("The report is served as text/html, application/json, application/pdf or "
                        + Format.DOCX.mediaType() + " (or choose with ?format=html|pdf|docx|json); the request accepts '" + accept + "'.");
            }
            return best;
        }
        for (Format format : Format.values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(value)) {
                return format;
            }
        }
        throw new ApiProblem.BadParameter("format", "'format' must be html, pdf, docx or json, was '" + value + "'.");
    }
}
