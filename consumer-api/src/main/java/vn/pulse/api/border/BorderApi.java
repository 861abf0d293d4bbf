package vn.pulse.api.border;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiModule;
import vn.pulse.api.alerts.AlertsApi;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.api.http.AsOfParameter;
import vn.pulse.api.http.DataHandler;
import vn.pulse.api.http.Request;
import vn.pulse.api.readmodel.AggregateReader;
import vn.pulse.api.readmodel.AvroValues;
import vn.pulse.api.table.Table;
import vn.pulse.api.table.Tabular;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.border.ProvinceTrade;
import vn.pulse.schemas.reference.Gate;

/**
 * Customs' and gate operators' endpoints under {@code /api/v1/border} (see docs/api.md, "Border gates"):
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

    /** @param topics where the aggregates are; {@code null} = read no topic, serve {@code view} as it is */
    private BorderApi(ClientProperties clients, String bootstrapServers, TopicNames topics, String registryUrl, BorderView view, AlertsView alerts,
              Clock clock) {
        this.clients = clients;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.registryUrl = registryUrl;
        this.view = view;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Serves {@code view} as it is, reading no topic (HTTP tests fill the view themselves). */
    static BorderApi over(BorderView view, AlertsView alerts, Clock clock) {
        return new BorderApi(ClientProperties.NONE, null, null, null, view, alerts, clock);
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
                AvroValues.deserializer(clients, registryUrl));
        BorderApi border = new BorderApi(clients, bootstrapServers, topics, registryUrl, new BorderView(), alerts.view(),
                Clock.systemUTC());
        return List.of(border, alerts);
    }

    /** The border figures as read so far (the situation report is built from them). */
    public BorderView view() {
        return view;
    }

    /** The alert episodes this module shows (the situation report lists those of its period). */
    public AlertsView alerts() {
        return alerts;
    }

    @Override
    public void install(Wiring wiring) {
        if (topics != null) {
            Changes changes = wiring.changes();
            read(wiring, changes, Topics.GATES, view::applyGate);
            read(wiring, changes, Topics.GATE_TRADE, view::applyTrade);
            read(wiring, changes, Topics.GATE_HOURS, view::applyHour);
            read(wiring, changes, Topics.GATE_YARDS, view::applyYard);
            read(wiring, changes, Topics.GATE_SCREENINGS, view::applyScreenings);
            read(wiring, changes, Topics.PROVINCE_TRADE, view::applyYear);
        }
        wiring.get("/api/v1/border/summary", DataHandler.afterLoading(this::summary));
        wiring.get("/api/v1/border/trade/months", DataHandler.afterLoading(this::months));
        wiring.get("/api/v1/border/gates", this::gates);
        wiring.get("/api/v1/border/gates/{code}", this::gate);
        wiring.get("/api/v1/border/gates/{code}/throughput", DataHandler.afterLoading(this::throughput));
        wiring.get("/api/v1/border/gates/{code}/trade", DataHandler.afterLoading(this::trade));
        wiring.get("/api/v1/border/gates/{code}/screenings", DataHandler.afterLoading(this::screenings));
        BorderMetrics.bind(view, wiring.metrics());
    }

    private <V extends SpecificRecord> void read(Wiring wiring, Changes changes, TopicSpec topic, BiConsumer<String, V> sink) {
        BiConsumer<String, V> andPublish = (key, value) -> {
            sink.accept(key, value);
            published(changes);
        };
        wiring.read(new AggregateReader<V>(clients.kafkaConfig(bootstrapServers), topics.name(topic),
                AvroValues.deserializer(clients, registryUrl), andPublish, clock));
    }

    /**
     * Marks the province summary and every gate as changed; the live feed computes them at its next
     * flush and sends only those whose figures actually moved (a handful of gates: cheap).
     */
    private void published(Changes changes) {
        Integer year = currentYear();
        if (year != null) {
            changes.changed("border.summary", Integer.toString(year), () -> summaryOf(year));
        }
        for (String code : view.gateCodes()) {
            changes.changed("border.gate", code, () -> status(code, now()));
        }
    }

    private Integer currentYear() {
        return view.asOf().map(at -> view.localDate(at).getYear()).or(view::latestYear).orElse(null);
    }

    private BorderSummary summary(Request request) {
        LocalDate asOf = asOf(request);
        String param = request.queryParam("year");
        Integer year = param != null ? Integer.valueOf(BorderParams.year("year", param))
                : asOf != null ? Integer.valueOf(asOf.getYear()) : currentYear();
        if (asOf != null && year > asOf.getYear()) {
            throw new ApiProblem.BadParameter("year", "year (" + year + ") must not be after the year of asOf (" + asOf + ")");
        }
        BorderSummary summary = year == null ? null : asOf == null ? summaryOf(year) : summaryOf(year, asOf);
        if (summary == null) {
            throw new ApiProblem.NotFound(year == null ? "No border trade and no trade plan recorded yet."
                    : "No border trade and no trade plan recorded for " + year + ".");
        }
        return summary;
    }

    /** The province's trade for {@code year} against plan and the previous year; {@code null} if none. */
    private BorderSummary summaryOf(int year) {
        return view.year(year).map(BorderSummary::of).orElse(null);
    }

    /**
     * The province's trade in {@code year} as it stood at the end of {@code day}: the gates' days from
     * 1 January up to that day (all of {@code year} when it ended before), against the year's plan and
     * the previous year as the reference gives them now; {@code null} without trade and plan.
     */
    private BorderSummary summaryOf(int year, LocalDate day) {
        LocalDate last = day.getYear() > year ? LocalDate.of(year, 12, 31) : day;
        BorderView.Summed sum = view.provinceTradeBetween(LocalDate.of(year, 1, 1), last, Integer.toString(year));
        ProvinceTrade reference = view.year(year).orElse(null);
        if (reference == null && sum.asOf() == null) {
            return null;
        }
        BigDecimal total = sum.trade().tradeValueUsd();
        BigDecimal plan = reference == null ? null : reference.getPlanValueUsd();
        BigDecimal previous = reference == null ? null : reference.getPreviousYearValueUsd();
        return new BorderSummary(sum.asOf(), year, total, sum.trade().exportValueUsd(), sum.trade().importValueUsd(), plan,
                percentOf(total, plan), previous, previous == null ? null : percentOf(total.subtract(previous), previous));
    }

    /** {@code part} as a percentage of {@code whole}, half-up to 2 decimals (as the province-trade aggregate has it). */
    private static BigDecimal percentOf(BigDecimal part, BigDecimal whole) {
        return whole == null || whole.signum() == 0 ? null
                : part.multiply(BigDecimal.valueOf(100)).divide(whole, 2, java.math.RoundingMode.HALF_UP);
    }

    /**
     * The province's trade month by month in {@code year} (default: the year of the latest event), each
     * against the same month of the year before, summed from every gate's days: January to December for
     * a past year, to the month of the latest event for the current one.
     */
    private MonthlyTradeAnswer months(Request request) {
        String param = request.queryParam("year");
        Integer current = currentYear();
        Integer year = param != null ? Integer.valueOf(BorderParams.year("year", param)) : current;
        if (year == null) {
            throw new ApiProblem.NotFound("No border trade and no trade plan recorded yet.");
        }
        if (current != null && year > current) {
            throw new ApiProblem.NotFound("No border trade recorded for " + year + " (the latest year with figures is " + current + ").");
        }
        YearMonth last = current != null && year.equals(current) ? YearMonth.from(view.localDate(now())) : YearMonth.of(year, 12);
        List<MonthTrade> months = new ArrayList<>();
        Instant asOf = null;
        for (YearMonth m = YearMonth.of(year, 1); !m.isAfter(last); m = m.plusMonths(1)) {
            BorderView.Summed trade = view.provinceTradeBetween(m.atDay(1), m.atEndOfMonth(), m.toString());
            YearMonth before = m.minusYears(1);
            BorderView.Summed previous = view.provinceTradeBetween(before.atDay(1), before.atEndOfMonth(), before.toString());
            BigDecimal previousValue = previous.asOf() == null ? null : previous.trade().tradeValueUsd();
            months.add(new MonthTrade(m.toString(), trade.trade().tradeValueUsd(), trade.trade().exportValueUsd(),
                    trade.trade().importValueUsd(), before.toString(), previousValue,
                    previousValue == null ? null : percentOf(trade.trade().tradeValueUsd().subtract(previousValue), previousValue)));
            if (trade.asOf() != null && (asOf == null || trade.asOf().isAfter(asOf))) {
                asOf = trade.asOf();
            }
        }
        return new MonthlyTradeAnswer(asOf, year, months);
    }

    private DataHandler.Answer gates(Request request) {
        LocalDate asOf = asOf(request);
        return () -> {
            List<GateStatus> gates = new ArrayList<>();
            Instant now = now();
            for (String code : view.gateCodes()) {
                gates.add(asOf == null ? status(code, now) : status(code, asOf));
            }
            return new GatesAnswer(asOf == null ? view.asOf().orElse(null) : latest(gates), gates);
        };
    }

    private DataHandler.Answer gate(Request request) {
        LocalDate asOf = asOf(request);
        return () -> {
            String code = knownGate(request);
            if (asOf == null) {
                return new GateAnswer(view.asOf().orElse(null), status(code, now()));
            }
            GateStatus status = status(code, asOf);
            return new GateAnswer(status.asOf(), status);
        };
    }

    private static Instant latest(List<GateStatus> gates) {
        return gates.stream().map(GateStatus::asOf).filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
    }

    /** The optional {@code asOf} day: any day up to today (border events have no campaign start). */
    private LocalDate asOf(Request request) {
        return AsOfParameter.parse(request, DomainRules.localDate(DomainRules.EARLIEST_BORDER_EVENT),
                "the earliest border event time", clock);
    }

    private ThroughputAnswer throughput(Request request) {
        String code = knownGate(request);
        Instant defaultTo = view.hourStart(now()).plus(Duration.ofHours(1));
        String fromParam = request.queryParam("from");
        String toParam = request.queryParam("to");
        Instant to = toParam == null ? defaultTo : BorderParams.instant("to", toParam, DomainRules.ZONE, true);
        Instant from = fromParam == null ? to.minus(Duration.ofHours(24)) : BorderParams.instant("from", fromParam, DomainRules.ZONE, false);
        from = view.hourStart(from);
        Instant end = view.hourStart(to).equals(to) ? to : view.hourStart(to).plus(Duration.ofHours(1));
        BorderParams.range(Duration.between(from, end).toHours(), MAX_HOURS, "hours", false);
        List<BorderView.HourFigures> hours = new ArrayList<>();
        for (Instant h = from; h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
            hours.add(view.hour(code, h));
        }
        return new ThroughputAnswer(code, from, end, hours);
    }

    private TradeAnswer trade(Request request) {
        String code = knownGate(request);
        String granularity = request.queryParam("granularity") == null ? "day" : request.queryParam("granularity");
        LocalDate today = view.localDate(now());
        List<BorderView.TradeFigures> periods = new ArrayList<>();
        switch (granularity) {
            case "day" -> {
                LocalDate from = dateParam(request, "from", today.withDayOfMonth(1));
                LocalDate to = dateParam(request, "to", today);
                BorderParams.range(ChronoUnit.DAYS.between(from, to) + 1, MAX_DAYS, "days", true);
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                    periods.add(view.dayTrade(code, d));
                }
                return new TradeAnswer(code, granularity, from.toString(), to.toString(), periods);
            }
            case "month" -> {
                YearMonth from = monthParam(request, "from", YearMonth.of(today.getYear(), 1));
                YearMonth to = monthParam(request, "to", YearMonth.from(today));
                BorderParams.range(ChronoUnit.MONTHS.between(from, to) + 1, MAX_MONTHS, "months", true);
                for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
                    periods.add(view.monthTrade(code, m));
                }
                return new TradeAnswer(code, granularity, from.toString(), to.toString(), periods);
            }
            default -> throw new ApiProblem.BadParameter("granularity", "granularity must be day or month, was '" + granularity + "'");
        }
    }

    private ScreeningsAnswer screenings(Request request) {
        String code = knownGate(request);
        LocalDate today = view.localDate(now());
        LocalDate from = dateParam(request, "from", today.withDayOfMonth(1));
        LocalDate to = dateParam(request, "to", today);
        BorderParams.range(ChronoUnit.DAYS.between(from, to) + 1, MAX_DAYS, "days", true);
        List<BorderView.ScreeningFigures> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.add(view.screenings(code, d));
        }
        return new ScreeningsAnswer(code, from.toString(), to.toString(), days);
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

    /**
     * A gate's status as it stood at the end of {@code day}: that day's trade and screenings, the year's
     * trade up to it, its last hour (23:00 local), the alerts open at midnight. The yard's backlog is not
     * known for a past day (the yard aggregate keeps only its latest state): {@code null}, and
     * {@code asOf} is the day's latest crossing ({@code null} if nothing crossed).
     */
    private GateStatus status(String code, LocalDate day) {
        Instant end = day.plusDays(1).atStartOfDay(DomainRules.ZONE).toInstant();
        Instant lastHour = view.hourStart(end.minusMillis(1));
        BorderView.HourFigures hour = view.hour(code, lastHour);
        Gate gate = view.gate(code).orElse(null);
        BorderView.Summed year = view.tradeBetween(code, day.withDayOfYear(1), day, Integer.toString(day.getYear()));
        return new GateStatus(code,
                gate == null ? null : gate.getName(),
                gate == null ? null : gate.getKind().name(),
                gate == null ? null : gate.getDistrictCode(),
                gate == null ? null : gate.getOpen(),
                view.dayTradeAsOf(code, day).orElse(null),
                null,
                view.dayTrade(code, day),
                year.trade(),
                lastHour, hour.vehiclesCrossed(), hour.waitP50Minutes(), hour.waitP90Minutes(),
                view.screenings(code, day),
                alerts.openAt(code, end));
    }

    /** The path's gate code, if the gate is known. */
    private String knownGate(Request request) {
        String code = request.pathParam("code");
        if (!view.gateCodes().contains(code)) {
            throw new ApiProblem.NotFound("No gate with code '" + code + "'; GET /api/v1/border/gates lists them.");
        }
        return code;
    }

    private static LocalDate dateParam(Request request, String name, LocalDate otherwise) {
        String value = request.queryParam(name);
        return value == null ? otherwise : BorderParams.date(name, value);
    }

    private static YearMonth monthParam(Request request, String name, YearMonth otherwise) {
        String value = request.queryParam(name);
        return value == null ? otherwise : BorderParams.month(name, value);
    }

    /**
     * One gate as {@code /border/gates} shows it: reference data (null if the gate is not in the
     * reference topic), backlog, today's and this year's trade, the last complete hour's throughput and
     * waits, today's screenings and the gate's open alerts. {@code backlog} is null in the status of a
     * past day ({@code asOf}), which the yard aggregate cannot give.
     */
    public record GateStatus(String code, String name, String kind, String districtCode, Boolean open, Instant asOf,
                             Long backlog, BorderView.TradeFigures tradeToday, BorderView.TradeFigures tradeThisYear,
                             Instant lastHourStart, long vehiclesLastHour, Integer waitP50Minutes, Integer waitP90Minutes,
                             BorderView.ScreeningFigures screeningsToday, List<AlertsView.Alert> openAlerts) {
    }

    /** {@code /border/summary}: the province's trade in a year against its plan and the previous year. */
    public record BorderSummary(Instant asOf, int year, BigDecimal tradeValueUsd, BigDecimal exportValueUsd,
                                BigDecimal importValueUsd, BigDecimal planValueUsd, BigDecimal planPct,
                                BigDecimal previousYearValueUsd, BigDecimal growthPct) implements Tabular {

        @Override
        public Table table() {
            return Table.of("border-summary-" + year, null, BorderSummary.class, List.of(this));
        }

        static BorderSummary of(ProvinceTrade t) {
            return new BorderSummary(t.getAsOf(), t.getYear(), t.getTradeValueUsd(), t.getExportValueUsd(), t.getImportValueUsd(),
                    t.getPlanValueUsd(), t.getPlanPct(), t.getPreviousYearValueUsd(), t.getGrowthPct());
        }
    }

    /**
     * One month of the province's trade and the same month a year before ({@code previousYearTradeValueUsd}
     * and {@code growthPct} are {@code null} when no crossing is recorded in that month of the year before).
     */
    public record MonthTrade(String month, BigDecimal tradeValueUsd, BigDecimal exportValueUsd, BigDecimal importValueUsd,
                             String previousYearMonth, BigDecimal previousYearTradeValueUsd, BigDecimal growthPct) {
    }

    /** {@code /border/trade/months}: the province's trade per month of {@code year} against the year before. */
    public record MonthlyTradeAnswer(Instant asOf, int year, List<MonthTrade> months) implements Tabular {

        @Override
        public Table table() {
            return Table.of("border-trade-months-" + year, null, MonthTrade.class, months);
        }
    }

    /** {@code /border/gates}: every known gate, by code. */
    public record GatesAnswer(Instant asOf, List<GateStatus> gates) implements Tabular {

        @Override
        public Table table() {
            return Table.of("border-gates", null, GateStatus.class, gates);
        }
    }

    /** {@code /border/gates/{code}}. */
    public record GateAnswer(Instant asOf, GateStatus gate) implements Tabular {

        @Override
        public Table table() {
            return Table.of("border-gate-" + gate.code(), null, GateStatus.class, List.of(gate));
        }
    }

    /** {@code /border/gates/{code}/throughput}: whole hours from {@code from} up to {@code to} (exclusive). */
    public record ThroughputAnswer(String gate, Instant from, Instant to, List<BorderView.HourFigures> hours) implements Tabular {

        @Override
        public Table table() {
            return Table.of("border-throughput-" + gate,
                    DomainRules.localDate(from) + "_" + DomainRules.localDate(to.minusMillis(1)), BorderView.HourFigures.class, hours);
        }
    }

    /** {@code /border/gates/{code}/trade}: one entry per day or month, {@code from} to {@code to} inclusive. */
    public record TradeAnswer(String gate, String granularity, String from, String to, List<BorderView.TradeFigures> periods)
            implements Tabular {

        @Override
        public Table table() {
            return Table.of("border-trade-" + gate + "-" + granularity, from + "_" + to, BorderView.TradeFigures.class, periods);
        }
    }

    /** {@code /border/gates/{code}/screenings}: one entry per day, {@code from} to {@code to} inclusive. */
    public record ScreeningsAnswer(String gate, String from, String to, List<BorderView.ScreeningFigures> days) implements Tabular {

        @Override
        public Table table() {
            return Table.of("border-screenings-" + gate, from + "_" + to, BorderView.ScreeningFigures.class, days);
        }
    }
}
