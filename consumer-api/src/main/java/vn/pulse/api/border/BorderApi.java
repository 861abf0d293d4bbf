package vn.pulse.api.border;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiModule;
import vn.pulse.api.ApiServer;
import vn.pulse.api.alerts.AlertsApi;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.http.Problems;
import vn.pulse.api.http.Responses;
import vn.pulse.api.live.LiveUpdates;
import vn.pulse.api.readmodel.AggregateReader;
import vn.pulse.api.readmodel.ReadModel;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.reference.Gate;

/**
 * Customs' and gate operators' endpoints under {@code /api/v1/border} (see README, "Border gates"):
 * the province's trade against plan, each gate's status, its hourly throughput and waits, its trade
 * per day or month and its checkpoint screenings.
 */
public final class BorderApi implements ApiModule {

    static final int MAX_HOURS = 31 * 24;
    static final int MAX_DAYS = 366;
    static final int MAX_MONTHS = 120;

    private final ClientProperties clients;
    private final String bootstrapServers;
    private final TopicNames topics;
    private final String registryUrl;
    private final BorderView view;
    private final AlertsView alerts;
    private final Clock clock;
    private ReadModel readModel;
    private volatile LiveUpdates live;

    BorderApi(String bootstrapServers, TopicNames topics, String registryUrl, BorderView view, AlertsView alerts, Clock clock) {
        this(ClientProperties.NONE, bootstrapServers, topics, registryUrl, view, alerts, clock);
    }

    BorderApi(ClientProperties clients, String bootstrapServers, TopicNames topics, String registryUrl, BorderView view, AlertsView alerts,
              Clock clock) {
        this.clients = clients;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.registryUrl = registryUrl;
        this.view = view;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** The border and alerts modules over the declared topics. */
    public static List<ApiModule> modules(ApiConfig config) {
        return modules(config.clients(), config.bootstrapServers(), config.registryUrl(), TopicNames.defaults());
    }

    /** The border module and the alerts module it shows open alerts from, over the given topics. */
    public static List<ApiModule> modules(String bootstrapServers, String registryUrl, TopicNames topics) {
        return modules(ClientProperties.NONE, bootstrapServers, registryUrl, topics);
    }

    /** The same, with the deployment's {@code kafka.client.*} and {@code registry.client.*} properties. */
    public static List<ApiModule> modules(ClientProperties clients, String bootstrapServers, String registryUrl, TopicNames topics) {
        AlertsApi alerts = new AlertsApi(clients.kafkaConfig(bootstrapServers), topics.name(Topics.ALERT_STATES),
                ApiServer.deserializer(clients, registryUrl));
        BorderApi border = new BorderApi(clients, bootstrapServers, topics, registryUrl, new BorderView(), alerts.view(),
                Clock.systemUTC());
        return List.of(border, alerts);
    }

    @Override
    public void registerReaders(ReadModel readModel) {
        reader(readModel, topics.name(Topics.GATES), view::applyGate);
        reader(readModel, topics.name(Topics.GATE_TRADE), view::applyTrade);
        reader(readModel, topics.name(Topics.GATE_HOURS), view::applyHour);
        reader(readModel, topics.name(Topics.GATE_YARDS), view::applyYard);
        reader(readModel, topics.name(Topics.GATE_SCREENINGS), view::applyScreenings);
        reader(readModel, topics.name(Topics.PROVINCE_TRADE), view::applyYear);
    }

    @Override
    public void bindMetrics(MeterRegistry registry) {
        BorderMetrics.bind(view, registry);
    }

    @Override
    public void publishTo(LiveUpdates live) {
        this.live = live;
    }

    private <V extends SpecificRecord> void reader(ReadModel readModel, String topic, BiConsumer<String, V> sink) {
        BiConsumer<String, V> andPublish = (key, value) -> {
            sink.accept(key, value);
            published();
        };
        readModel.add(new AggregateReader<V>(clients.kafkaConfig(bootstrapServers), topic, ApiServer.deserializer(clients, registryUrl),
                andPublish, clock));
    }

    /**
     * Marks the province summary and every gate as changed; the live feed computes them at its next
     * flush and sends only those whose figures actually moved (a handful of gates: cheap).
     */
    private void published() {
        LiveUpdates feed = live;
        if (feed == null) {
            return;
        }
        Integer year = currentYear();
        if (year != null) {
            feed.changed("border.summary", Integer.toString(year), () -> summaryBody(year));
        }
        for (String code : view.gateCodes()) {
            feed.changed("border.gate", code, () -> status(code, now()));
        }
    }

    private Integer currentYear() {
        return view.asOf().map(at -> view.localDate(at).getYear()).or(view::latestYear).orElse(null);
    }

    @Override
    public void routes(JavalinConfig config, ReadModel readModel) {
        this.readModel = readModel;
        config.routes.get("/api/v1/border/summary", ctx -> answer(ctx, this::summary));
        config.routes.get("/api/v1/border/gates", ctx -> answer(ctx, this::gates));
        config.routes.get("/api/v1/border/gates/{code}", ctx -> answer(ctx, this::gate));
        config.routes.get("/api/v1/border/gates/{code}/throughput", ctx -> answer(ctx, this::throughput));
        config.routes.get("/api/v1/border/gates/{code}/trade", ctx -> answer(ctx, this::trade));
        config.routes.get("/api/v1/border/gates/{code}/screenings", ctx -> answer(ctx, this::screenings));
    }

    /** Runs a handler once the read model is loaded; a bad parameter becomes a 400 naming it. */
    private void answer(Context ctx, Consumer<Context> handler) {
        if (!readModel.requireLoaded(ctx)) {
            return;
        }
        try {
            handler.accept(ctx);
        } catch (BorderParams.Bad bad) {
            Problems.badParameter(ctx, bad.parameter(), bad.getMessage());
        }
    }

    private void summary(Context ctx) {
        String param = ctx.queryParam("year");
        Integer year = param != null ? Integer.valueOf(BorderParams.year("year", param)) : currentYear();
        Map<String, Object> body = year == null ? null : summaryBody(year);
        if (body == null) {
            Problems.notFound(ctx, year == null ? "No border trade and no trade plan recorded yet."
                    : "No border trade and no trade plan recorded for " + year + ".");
            return;
        }
        Responses.json(ctx, body, readModel);
    }

    /** The province's trade for {@code year} against plan and the previous year; {@code null} if none. */
    private Map<String, Object> summaryBody(int year) {
        ProvinceTrade figures = view.year(year).orElse(null);
        if (figures == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", figures.getAsOf());
        body.put("year", figures.getYear());
        body.put("tradeValueUsd", figures.getTradeValueUsd());
        body.put("exportValueUsd", figures.getExportValueUsd());
        body.put("importValueUsd", figures.getImportValueUsd());
        body.put("planValueUsd", figures.getPlanValueUsd());
        body.put("planPct", figures.getPlanPct());
        body.put("previousYearValueUsd", figures.getPreviousYearValueUsd());
        body.put("growthPct", figures.getGrowthPct());
        return body;
    }

    private void gates(Context ctx) {
        Instant now = now();
        List<GateStatus> gates = new ArrayList<>();
        for (String code : view.gateCodes()) {
            gates.add(status(code, now));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", view.asOf().orElse(null));
        body.put("gates", gates);
        Responses.json(ctx, body, readModel);
    }

    private void gate(Context ctx) {
        String code = knownGate(ctx);
        if (code == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", view.asOf().orElse(null));
        body.put("gate", status(code, now()));
        Responses.json(ctx, body, readModel);
    }

    private void throughput(Context ctx) {
        String code = knownGate(ctx);
        if (code == null) {
            return;
        }
        Instant defaultTo = view.hourStart(now()).plus(Duration.ofHours(1));
        String fromParam = ctx.queryParam("from");
        String toParam = ctx.queryParam("to");
        Instant to = toParam == null ? defaultTo : BorderParams.instant("to", toParam, DomainRules.ZONE, true);
        Instant from = fromParam == null ? to.minus(Duration.ofHours(24)) : BorderParams.instant("from", fromParam, DomainRules.ZONE, false);
        from = view.hourStart(from);
        Instant end = view.hourStart(to).equals(to) ? to : view.hourStart(to).plus(Duration.ofHours(1));
        BorderParams.range(Duration.between(from, end).toHours(), MAX_HOURS, "hours", false);
        List<BorderView.HourFigures> hours = new ArrayList<>();
        for (Instant h = from; h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
            hours.add(view.hour(code, h));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("gate", code);
        body.put("from", from);
        body.put("to", end);
        body.put("hours", hours);
        Responses.json(ctx, body, readModel);
    }

    private void trade(Context ctx) {
        String code = knownGate(ctx);
        if (code == null) {
            return;
        }
        String granularity = ctx.queryParam("granularity") == null ? "day" : ctx.queryParam("granularity");
        LocalDate today = view.localDate(now());
        List<BorderView.TradeFigures> periods = new ArrayList<>();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("gate", code);
        body.put("granularity", granularity);
        switch (granularity) {
            case "day" -> {
                LocalDate from = dateParam(ctx, "from", today.withDayOfMonth(1));
                LocalDate to = dateParam(ctx, "to", today);
                BorderParams.range(ChronoUnit.DAYS.between(from, to) + 1, MAX_DAYS, "days", true);
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                    periods.add(view.dayTrade(code, d));
                }
                body.put("from", from.toString());
                body.put("to", to.toString());
            }
            case "month" -> {
                YearMonth from = monthParam(ctx, "from", YearMonth.of(today.getYear(), 1));
                YearMonth to = monthParam(ctx, "to", YearMonth.from(today));
                BorderParams.range(ChronoUnit.MONTHS.between(from, to) + 1, MAX_MONTHS, "months", true);
                for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
                    periods.add(view.monthTrade(code, m));
                }
                body.put("from", from.toString());
                body.put("to", to.toString());
            }
            default -> throw new BorderParams.Bad("granularity", "granularity must be day or month, was '" + granularity + "'");
        }
        body.put("periods", periods);
        Responses.json(ctx, body, readModel);
    }

    private void screenings(Context ctx) {
        String code = knownGate(ctx);
        if (code == null) {
            return;
        }
        LocalDate today = view.localDate(now());
        LocalDate from = dateParam(ctx, "from", today.withDayOfMonth(1));
        LocalDate to = dateParam(ctx, "to", today);
        BorderParams.range(ChronoUnit.DAYS.between(from, to) + 1, MAX_DAYS, "days", true);
        List<BorderView.ScreeningFigures> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.add(view.screenings(code, d));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("gate", code);
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("days", days);
        Responses.json(ctx, body, readModel);
    }

    /** A gate's status now; "now" is the latest event time seen (a replayed year's end, live: about now). */
    private GateStatus status(String code, Instant now) {
        LocalDate today = view.localDate(now);
        Instant lastHour = view.hourStart(now).minus(Duration.ofHours(1));
        BorderView.HourFigures hour = view.hour(code, lastHour);
        Gate gate = view.gate(code).orElse(null);
        return new GateStatus(code,
                gate == null ? null : gate.getName(),
                gate == null ? null : gate.getKind().name(),
                gate == null ? null : gate.getDistrictCode(),
                gate == null ? null : gate.getOpen(),
                view.yard(code).map(y -> y.getAsOf()).orElse(null),
                view.yard(code).map(y -> y.getBacklog()).orElse(0L),
                view.dayTrade(code, today),
                view.yearTrade(code, today.getYear()),
                lastHour, hour.vehiclesCrossed(), hour.waitP50Minutes(), hour.waitP90Minutes(),
                view.screenings(code, today),
                alerts.openAt(code));
    }

    private Instant now() {
        return view.asOf().orElseGet(clock::instant);
    }

    /** The path's gate code, or null after answering 404. */
    private String knownGate(Context ctx) {
        String code = ctx.pathParam("code");
        if (!view.gateCodes().contains(code)) {
            Problems.notFound(ctx, "No gate with code '" + code + "'; GET /api/v1/border/gates lists them.");
            return null;
        }
        return code;
    }

    private static LocalDate dateParam(Context ctx, String name, LocalDate otherwise) {
        String value = ctx.queryParam(name);
        return value == null ? otherwise : BorderParams.date(name, value);
    }

    private static YearMonth monthParam(Context ctx, String name, YearMonth otherwise) {
        String value = ctx.queryParam(name);
        return value == null ? otherwise : BorderParams.month(name, value);
    }

    /**
     * One gate as {@code /border/gates} shows it: reference data (null if the gate is not in the
     * reference topic), backlog, today's and this year's trade, the last complete hour's throughput and
     * waits, today's screenings and the gate's open alerts.
     */
    public record GateStatus(String code, String name, String kind, String districtCode, Boolean open, Instant asOf,
                             long backlog, BorderView.TradeFigures tradeToday, BorderView.TradeFigures tradeThisYear,
                             Instant lastHourStart, long vehiclesLastHour, Integer waitP50Minutes, Integer waitP90Minutes,
                             BorderView.ScreeningFigures screeningsToday, List<AlertsView.Alert> openAlerts) {
    }
}
