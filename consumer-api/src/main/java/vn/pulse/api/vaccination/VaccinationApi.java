package vn.pulse.api.vaccination;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.api.ApiModule;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.api.http.DataHandler;
import vn.pulse.api.http.AsOfParameter;
import vn.pulse.api.http.Request;
import vn.pulse.api.readmodel.AggregateReader;
import vn.pulse.api.table.Table;
import vn.pulse.api.table.Tabular;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;

/**
 * The health command center's endpoints under {@code /api/v1/vaccination}:
 * <ul>
 *   <li>{@code GET /summary[?asOf=YYYY-MM-DD]}: the province's figures, now or at the end of a past day;</li>
 *   <li>{@code GET /districts}, {@code GET /districts/{code}} (also with {@code asOf}): the same per district
 *       (404 for an unknown code);</li>
 *   <li>{@code GET /daily?from=YYYY-MM-DD&to=YYYY-MM-DD[&district=code]}: doses per day and the 7-day average.</li>
 * </ul>
 */
public final class VaccinationApi implements ApiModule {

    /** The longest range {@code /daily} answers in one request. */
    static final int MAX_DAILY_RANGE_DAYS = 732;
    /** How many codes the answer to an unknown code lists. */
    private static final int CODES_LISTED = 10;

    private final Map<String, Object> kafkaConfig;
    private final TopicNames topics;
    private final Deserializers deserializers;
    private final VaccinationView view;
    private final Clock clock = Clock.systemUTC();

    /** Value deserializers of the three aggregates. */
    public record Deserializers(Deserializer<CohortCoverage> coverage, Deserializer<DailyDoses> dailyDoses,
                                Deserializer<AllocationTotal> allocationTotals) {
    }

    public VaccinationApi(String bootstrapServers, TopicNames topics, Deserializers deserializers) {
        this(ClientProperties.NONE.kafkaConfig(bootstrapServers), topics, deserializers);
    }

    /** @param kafkaConfig {@code bootstrap.servers} and the {@code kafka.client.*} properties ({@link ClientProperties#kafkaConfig}) */
    public VaccinationApi(Map<String, Object> kafkaConfig, TopicNames topics, Deserializers deserializers) {
        this(Map.copyOf(kafkaConfig), topics, deserializers, new VaccinationView());
    }

    /** Serves {@code view} as it is, reading no topic (HTTP tests fill the view themselves). */
    static VaccinationApi over(VaccinationView view) {
        return new VaccinationApi(Map.of(), null, null, view);
    }

    private VaccinationApi(Map<String, Object> kafkaConfig, TopicNames topics, Deserializers deserializers, VaccinationView view) {
        this.kafkaConfig = kafkaConfig;
        this.topics = topics;
        this.deserializers = deserializers;
        this.view = view;
    }

    /** The figures as read so far (the situation report is built from them). */
    public VaccinationView view() {
        return view;
    }

    @Override
    public void install(Wiring wiring) {
        if (topics != null) {
            Changes changes = wiring.changes();
            wiring.read(new AggregateReader<>(kafkaConfig, topics.name(Topics.VACCINATION_COVERAGE), deserializers.coverage(),
                    (key, value) -> {
                        view.applyCoverage(key, value);
                        changed(changes, value == null ? null : value.getDistrictCode());
                    }, Clock.systemUTC()));
            wiring.read(new AggregateReader<>(kafkaConfig, topics.name(Topics.DAILY_DOSES), deserializers.dailyDoses(),
                    view::applyDaily, Clock.systemUTC()));
            wiring.read(new AggregateReader<>(kafkaConfig, topics.name(Topics.ALLOCATION_TOTALS), deserializers.allocationTotals(),
                    (key, value) -> {
                        view.applyAllocation(key, value);
                        changed(changes, value == null ? null : value.getDistrictCode());
                    }, Clock.systemUTC()));
        }
        wiring.get("/api/v1/vaccination/summary", this::summary);
        wiring.get("/api/v1/vaccination/districts", this::districts);
        wiring.get("/api/v1/vaccination/districts/{code}", this::district);
        wiring.get("/api/v1/vaccination/daily", this::daily);
        VaccinationMetrics.bind(view, wiring.metrics());
    }

    private void changed(Changes changes, String districtCode) {
        changes.changed("vaccination.summary", "province", view::province);
        Districts.byCode(districtCode).ifPresent(d -> changes.changed("vaccination.district", d.code(), () -> districtFigures(d)));
    }

    private DataHandler.Answer summary(Request request) {
        LocalDate asOf = asOf(request);
        return asOf == null ? view::province : () -> view.province(asOf);
    }

    /**
     * {@code /districts}: the counting units valid on the day asked ({@code asOf}, else today), so that
     * a data set's two generations of units (districts, then the communes that replaced them) never
     * both appear and nobody is counted twice; {@code /districts/{code}} answers any unit.
     */
    private DataHandler.Answer districts(Request request) {
        LocalDate asOf = asOf(request);
        return () -> {
            LocalDate day = asOf == null ? view.today() : asOf;
            return new DistrictsAnswer(view.unitsOn(day).stream()
                    .map(d -> districtFigures(d, asOf)).toList());
        };
    }

    private DataHandler.Answer district(Request request) {
        String code = request.pathParam("code");
        District district = Districts.byCode(code)
                .orElseThrow(() -> new ApiProblem.NotFound("No counting unit with code '" + code + "' " + knownCodes() + "."));
        LocalDate asOf = asOf(request);
        return () -> districtFigures(district, asOf);
    }

    /** The optional {@code asOf} day: from the campaign's start to today. */
    private LocalDate asOf(Request request) {
        return AsOfParameter.parse(request, DomainRules.localDate(DomainRules.CAMPAIGN_START),
                "the start of the vaccination campaign", clock);
    }

    private DataHandler.Answer daily(Request request) {
        LocalDate from = request.requiredDate("from");
        LocalDate to = request.requiredDate("to");
        if (to.isBefore(from)) {
            throw new ApiProblem.BadParameter("to", "'to' (" + to + ") is before 'from' (" + from + ").");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAILY_RANGE_DAYS) {
            throw new ApiProblem.BadParameter("to", "At most " + MAX_DAILY_RANGE_DAYS + " days per request.");
        }
        String district = request.queryParam("district");
        if (district != null && !Districts.isKnown(district)) {
            throw new ApiProblem.BadParameter("district", "Unknown counting unit code '" + district + "' " + knownCodes() + ".");
        }
        return () -> new DailyAnswer(from, to, district, view.daily(from, to, district));
    }

    /** "in data set my-province (11 codes: 101, 102, ...)": the codes a client may use, the first few of a long list. */
    private static String knownCodes() {
        List<String> codes = Districts.ALL.stream().map(District::code).toList();
        String listed = codes.size() <= CODES_LISTED ? String.join(", ", codes)
                : String.join(", ", codes.subList(0, CODES_LISTED)) + " and " + (codes.size() - CODES_LISTED)
                        + " more; GET /api/v1/vaccination/districts lists them";
        return "in data set " + Geography.selected().id() + " (" + codes.size() + " codes: " + listed + ")";
    }

    private DistrictFigures districtFigures(District district) {
        return districtFigures(district, null);
    }

    /** A district's figures now ({@code asOf} null) or at the end of the day {@code asOf}. */
    private DistrictFigures districtFigures(District district, LocalDate asOf) {
        return new DistrictFigures(district.code(), district.name(),
                asOf == null ? view.district(district.code()) : view.district(district.code(), asOf));
    }

    /** {@code /districts/{code}}: the district's code and name, then its figures. */
    public record DistrictFigures(String code, String name, @JsonUnwrapped VaccinationView.Figures figures) implements Tabular {

        @Override
        public Table table() {
            return Table.of("vaccination-district-" + code, null, DistrictFigures.class, List.of(this));
        }
    }

    /** {@code /districts}: the counting units valid on the day asked, in the data set's order. */
    public record DistrictsAnswer(List<DistrictFigures> districts) implements Tabular {

        @Override
        public Table table() {
            return Table.of("vaccination-districts", null, DistrictFigures.class, districts);
        }
    }

    /** {@code /daily}: the range asked for, the district or {@code null} for the province, and its days. */
    public record DailyAnswer(LocalDate from, LocalDate to, String district, List<VaccinationView.Day> days) implements Tabular {

        @Override
        public Table table() {
            return Table.of(district == null ? "vaccination-daily" : "vaccination-daily-" + district, from + "_" + to,
                    VaccinationView.Day.class, days);
        }
    }
}
