package vn.pulse.api.vaccination;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.api.ApiModule;
import vn.pulse.api.http.Problems;
import vn.pulse.api.http.Responses;
import vn.pulse.api.live.LiveUpdates;
import vn.pulse.api.readmodel.AggregateReader;
import vn.pulse.api.readmodel.ReadModel;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;

/**
 * The health command center's endpoints under {@code /api/v1/vaccination}:
 * <ul>
 *   <li>{@code GET /summary}: the province's figures;</li>
 *   <li>{@code GET /districts}, {@code GET /districts/{code}}: the same per district (404 for an unknown code);</li>
 *   <li>{@code GET /daily?from=YYYY-MM-DD&to=YYYY-MM-DD[&district=code]}: doses per day and the 7-day average.</li>
 * </ul>
 */
public final class VaccinationApi implements ApiModule {

    /** The longest range {@code /daily} answers in one request. */
    static final int MAX_DAILY_RANGE_DAYS = 732;

    private final Map<String, Object> kafkaConfig;
    private final TopicNames topics;
    private final Deserializers deserializers;
    private final VaccinationView view;
    private ReadModel readModel;
    private volatile LiveUpdates live;

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

    @Override
    public void registerReaders(ReadModel readModel) {
        if (topics == null) {
            return;
        }
        readModel.add(new AggregateReader<>(kafkaConfig, topics.name(Topics.VACCINATION_COVERAGE), deserializers.coverage(),
                (key, value) -> {
                    view.applyCoverage(key, value);
                    changed(value == null ? null : value.getDistrictCode());
                }, Clock.systemUTC()));
        readModel.add(new AggregateReader<>(kafkaConfig, topics.name(Topics.DAILY_DOSES), deserializers.dailyDoses(),
                view::applyDaily, Clock.systemUTC()));
        readModel.add(new AggregateReader<>(kafkaConfig, topics.name(Topics.ALLOCATION_TOTALS), deserializers.allocationTotals(),
                (key, value) -> {
                    view.applyAllocation(key, value);
                    changed(value == null ? null : value.getDistrictCode());
                }, Clock.systemUTC()));
    }

    @Override
    public void bindMetrics(MeterRegistry registry) {
        VaccinationMetrics.bind(view, registry);
    }

    @Override
    public void publishTo(LiveUpdates live) {
        this.live = live;
    }

    private void changed(String districtCode) {
        LiveUpdates feed = live;
        if (feed == null) {
            return;
        }
        feed.changed("vaccination.summary", "province", this::summaryBody);
        Districts.byCode(districtCode).ifPresent(d -> feed.changed("vaccination.district", d.code(), () -> districtBody(d)));
    }

    @Override
    public void routes(JavalinConfig config, ReadModel readModel) {
        this.readModel = readModel;
        config.routes.get("/api/v1/vaccination/summary", this::summary);
        config.routes.get("/api/v1/vaccination/districts", this::districts);
        config.routes.get("/api/v1/vaccination/districts/{code}", this::district);
        config.routes.get("/api/v1/vaccination/daily", this::daily);
    }

    private void summary(Context ctx) {
        if (readModel.requireLoaded(ctx)) {
            Responses.json(ctx, summaryBody(), readModel);
        }
    }

    private void districts(Context ctx) {
        if (!readModel.requireLoaded(ctx)) {
            return;
        }
        List<Map<String, Object>> districts = new ArrayList<>();
        Districts.ALL.forEach(d -> districts.add(districtBody(d)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("districts", districts);
        Responses.json(ctx, body, readModel);
    }

    private void district(Context ctx) {
        String code = ctx.pathParam("code");
        Optional<District> district = Districts.byCode(code);
        if (district.isEmpty()) {
            Problems.notFound(ctx, "No district with code '" + code + "' (codes: 178, 180-189).");
            return;
        }
        if (readModel.requireLoaded(ctx)) {
            Responses.json(ctx, districtBody(district.get()), readModel);
        }
    }

    private void daily(Context ctx) {
        LocalDate from = date(ctx, "from");
        LocalDate to = from == null ? null : date(ctx, "to");
        if (to == null) {
            return;
        }
        if (to.isBefore(from)) {
            Problems.badParameter(ctx, "to", "'to' (" + to + ") is before 'from' (" + from + ").");
            return;
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAILY_RANGE_DAYS) {
            Problems.badParameter(ctx, "to", "At most " + MAX_DAILY_RANGE_DAYS + " days per request.");
            return;
        }
        String district = ctx.queryParam("district");
        if (district != null && !Districts.isKnown(district)) {
            Problems.badParameter(ctx, "district", "Unknown district code '" + district + "' (codes: 178, 180-189).");
            return;
        }
        if (!readModel.requireLoaded(ctx)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from);
        body.put("to", to);
        body.put("district", district);
        body.put("days", view.daily(from, to, district));
        Responses.json(ctx, body, readModel);
    }

    /** A required {@code YYYY-MM-DD} query parameter, or {@code null} after answering 400. */
    private static LocalDate date(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            Problems.badParameter(ctx, name, "'" + name + "' is required, as YYYY-MM-DD.");
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            Problems.badParameter(ctx, name, "'" + name + "' must be a date as YYYY-MM-DD, was '" + value + "'.");
            return null;
        }
    }

    private Map<String, Object> summaryBody() {
        return figuresBody(new LinkedHashMap<>(), view.province());
    }

    private Map<String, Object> districtBody(District district) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", district.code());
        body.put("name", district.name());
        return figuresBody(body, view.district(district.code()));
    }

    private static Map<String, Object> figuresBody(Map<String, Object> body, VaccinationView.Figures f) {
        body.put("asOf", f.asOf());
        body.put("dosesAdministered", f.dosesAdministered());
        body.put("dosesAllocated", f.dosesAllocated());
        body.put("dosesUsedPct", f.dosesUsedPct());
        body.put("boosterDoses", f.boosterDoses());
        body.put("coverage", f.coverage());
        return body;
    }
}
