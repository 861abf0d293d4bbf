package vn.pulse.api.page;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import vn.pulse.api.ApiModule;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.api.http.Request;
import vn.pulse.api.live.LiveUpdates;
import vn.pulse.api.readmodel.TopicReader;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;

/**
 * The command-center page's endpoints with fixed figures (the Lạng Sơn 2021 report's; the districts'
 * as the 2021 scenario ends, docs/scenario-langson-2021-vaccination.md; gates made up around them;
 * see command-center-fixture.json), in the JSON shapes of the
 * vaccination, border, areas and alerts APIs, and their live events. The campaign's doses per day are
 * spread over 2021 so that they add up to the summary's counts of each age group ({@link #daily});
 * the summary as of a past day sums them. The areas and the geometry are those of a shipped data set
 * ({@code langson-2021} by default: its districts carry the districts' figures; in {@code langson-2025}
 * each commune has figures of its own). Tests change a figure and the
 * change goes out through the real {@link LiveUpdates} of whichever server is running; the
 * figures outlive a server, so a restarted server answers with what changed while it was down.
 */
final class CommandCenterFixture implements ApiModule {

    /** The longest a held throughput answer waits, so a failed test never blocks a server thread for good. */
    static final Duration HOLD_AT_MOST = Duration.ofSeconds(30);

    static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final ObjectNode vaccinationSummary;
    private final Map<String, ObjectNode> districts = new LinkedHashMap<>();
    private final ObjectNode borderSummary;
    private final Map<String, ObjectNode> gates = new LinkedHashMap<>();
    private final Map<String, ObjectNode> throughput = new LinkedHashMap<>();
    private final ObjectNode vaccinationStock;
    private final ArrayNode stockAlerts;
    private volatile long lagRecords;
    private volatile long lagMillis;
    private volatile Changes live;
    private volatile CompletableFuture<Void> throughputHeld = CompletableFuture.completedFuture(null);
    private final ObjectNode projections;
    private volatile boolean projectionsServed = true;
    private final ObjectNode tradeMonths;
    private final GeoDataSet geography;
    private final ObjectNode geographyAnswer;
    /** Age group → day → {first, second, booster} doses given that day. */
    private final Map<String, TreeMap<LocalDate, long[]>> dosesByDay = new LinkedHashMap<>();

    /** The first day of the campaign and "today" for the areas' validity (the page asks without {@code on}). */
    static final LocalDate CAMPAIGN_START = LocalDate.of(2021, 1, 1);
    static final LocalDate TODAY = LocalDate.of(2026, 1, 5);

    CommandCenterFixture() {
        this("langson-2021");
    }

    CommandCenterFixture(String dataSet) {
        JsonNode data = read("command-center-fixture.json");
        projections = (ObjectNode) data.get("projections");
        geography = GeoDataSetLoader.loadShipped(dataSet);
        geographyAnswer = JSON.createObjectNode();
        geographyAnswer.put("id", geography.id()).put("name", geography.name()).put("schematic", geography.schematic())
                .put("source", geography.source()).put("licence", geography.licence()).put("populationYear", geography.populationYear());
        try {
            geographyAnswer.set("geometry", geography.geometry() == null ? null : JSON.readTree(geography.geometry()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        vaccinationSummary = (ObjectNode) data.get("vaccinationSummary");
        data.get("districts").forEach(d -> districts.put(d.get("code").asText(), (ObjectNode) d));
        borderSummary = (ObjectNode) data.get("borderSummary");
        vaccinationStock = (ObjectNode) data.get("vaccinationStock");
        stockAlerts = (ArrayNode) data.get("stockAlerts");
        data.get("gates").forEach(g -> {
            gates.put(g.get("code").asText(), (ObjectNode) g);
            throughput.put(g.get("code").asText(), hours(g));
        });
        tradeMonths = tradeMonths(data);
        spreadDoses();
    }

    /** 2021's trade per month against 2020's, as {@code /border/trade/months?year=2021} answers (growth half-up). */
    private static ObjectNode tradeMonths(JsonNode data) {
        ObjectNode body = JSON.createObjectNode();
        body.put("asOf", "2021-12-31T16:30:00Z").put("year", 2021);
        ArrayNode months = body.putArray("months");
        for (int i = 0; i < 12; i++) {
            JsonNode month = data.get("tradeMonths").get(i);
            BigDecimal exports = month.get("exportValueUsd").decimalValue().setScale(2);
            BigDecimal imports = month.get("importValueUsd").decimalValue().setScale(2);
            BigDecimal trade = exports.add(imports);
            JsonNode before = data.get("previousYearTradeMonths").get(i);
            BigDecimal previous = before.get("tradeValueUsd").decimalValue().setScale(2);
            months.addObject().put("month", month.get("month").asText()).put("tradeValueUsd", trade)
                    .put("exportValueUsd", exports).put("importValueUsd", imports)
                    .put("previousYearMonth", before.get("month").asText()).put("previousYearTradeValueUsd", previous)
                    .put("growthPct", trade.subtract(previous).multiply(BigDecimal.valueOf(100)).divide(previous, 2, RoundingMode.HALF_UP));
        }
        return body;
    }

    /**
     * Spreads each age group's first, second and booster doses of the summary over the campaign's days
     * (adults' first doses from March with a peak in September, second doses five weeks later, boosters
     * from December; adolescents from November), exactly: the days add up to the summary's counts.
     */
    private void spreadDoses() {
        LocalDate last = LocalDate.ofInstant(Instant.parse(vaccinationSummary.get("asOf").asText()), ZoneOffset.ofHours(7));
        for (String group : List.of("18+", "12-17")) {
            JsonNode coverage = vaccinationSummary.get("coverage").get(group);
            boolean adults = group.equals("18+");
            long[][] parts = {
                spread(coverage.get("atLeastOneDose").asLong(), last, adults ? LocalDate.of(2021, 3, 8) : LocalDate.of(2021, 11, 1),
                        adults ? LocalDate.of(2021, 9, 15) : LocalDate.of(2021, 11, 20), adults ? 40 : 10),
                spread(coverage.get("twoDoses").asLong(), last, adults ? LocalDate.of(2021, 4, 12) : LocalDate.of(2021, 11, 22),
                        adults ? LocalDate.of(2021, 10, 20) : LocalDate.of(2021, 12, 15), adults ? 40 : 10),
                spread(coverage.get("boosters").asLong(), last, LocalDate.of(2021, 12, 1), LocalDate.of(2022, 1, 5), 12),
            };
            TreeMap<LocalDate, long[]> days = new TreeMap<>();
            for (LocalDate d = CAMPAIGN_START; !d.isAfter(last); d = d.plusDays(1)) {
                int i = (int) ChronoUnit.DAYS.between(CAMPAIGN_START, d);
                days.put(d, new long[] {parts[0][i], parts[1][i], parts[2][i]});
            }
            dosesByDay.put(group, days);
        }
    }

    /** {@code total} over the days from the campaign's start to {@code last}: a bell around {@code peak}, nothing before {@code from}. */
    private static long[] spread(long total, LocalDate last, LocalDate from, LocalDate peak, double width) {
        int n = (int) ChronoUnit.DAYS.between(CAMPAIGN_START, last) + 1;
        double[] weights = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            LocalDate d = CAMPAIGN_START.plusDays(i);
            double x = ChronoUnit.DAYS.between(peak, d) / width;
            weights[i] = d.isBefore(from) ? 0 : Math.exp(-x * x / 2) + 0.02 * (1 + (i % 7 == 6 ? -0.5 : 0));
            sum += weights[i];
        }
        long[] out = new long[n];
        long given = 0;
        double running = 0;
        for (int i = 0; i < n; i++) {
            running += weights[i];
            long upTo = Math.round(total * running / sum);
            out[i] = upTo - given;
            given = upTo;
        }
        return out;
    }

    /** {@code /vaccination/daily}: the province's doses per day and the 7-day average, as the API computes them. */
    private ObjectNode daily(Request request) {
        LocalDate from = LocalDate.parse(request.queryParam("from"));
        LocalDate to = LocalDate.parse(request.queryParam("to"));
        ObjectNode body = JSON.createObjectNode();
        body.put("from", from.toString()).put("to", to.toString()).putNull("district");
        ArrayNode days = body.putArray("days");
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            long[] doses = dosesOn(d);
            long window = 0;
            for (int back = 0; back < 7; back++) {
                long[] earlier = dosesOn(d.minusDays(back));
                window += earlier[0] + earlier[1] + earlier[2];
            }
            days.addObject().put("date", d.toString()).put("doses", doses[0] + doses[1] + doses[2]).put("firstDoses", doses[0])
                    .put("secondDoses", doses[1]).put("boosterDoses", doses[2])
                    .put("sevenDayAverage", BigDecimal.valueOf(window).divide(BigDecimal.valueOf(7), 2, RoundingMode.HALF_UP));
        }
        return body;
    }

    private long[] dosesOn(LocalDate day) {
        long[] sum = new long[3];
        dosesByDay.values().forEach(days -> {
            long[] d = days.get(day);
            if (d != null) {
                for (int i = 0; i < 3; i++) {
                    sum[i] += d[i];
                }
            }
        });
        return sum;
    }

    /** {@code /vaccination/summary?asOf=}: the doses up to the end of that day (allocations unknown for a past day). */
    private ObjectNode summaryAsOf(LocalDate day) {
        ObjectNode body = copyOf(vaccinationSummary);
        body.put("asOf", day.atTime(23, 59).atOffset(ZoneOffset.ofHours(7)).toInstant().toString());
        long all = 0;
        long boosters = 0;
        for (Map.Entry<String, TreeMap<LocalDate, long[]>> group : dosesByDay.entrySet()) {
            long[] sum = new long[3];
            group.getValue().headMap(day, true).values().forEach(d -> {
                for (int i = 0; i < 3; i++) {
                    sum[i] += d[i];
                }
            });
            ObjectNode coverage = (ObjectNode) body.get("coverage").get(group.getKey());
            long population = coverage.get("population").asLong();
            coverage.put("atLeastOneDose", sum[0]).put("atLeastOneDosePct", truncatedPercent(sum[0], population))
                    .put("twoDoses", sum[1]).put("twoDosesPct", truncatedPercent(sum[1], population)).put("boosters", sum[2]);
            all += sum[0] + sum[1] + sum[2];
            boosters += group.getKey().equals("18+") ? sum[2] : 0;
        }
        body.put("dosesAdministered", all).putNull("dosesAllocated").putNull("dosesUsedPct").put("boosterDoses", boosters);
        return body;
    }

    /** A percentage truncated to 2 decimals, the API's rule for coverage. */
    static BigDecimal truncatedPercent(long part, long whole) {
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 2, RoundingMode.DOWN);
    }

    /** {@code /areas/{code}}: the unit and its children, each with figures (the districts' in langson-2021). */
    private ObjectNode area(String code, LocalDate on) {
        AdminUnit unit = geography.unit(code).orElseThrow(() -> new ApiProblem.NotFound("No area with code '" + code + "'"));
        ObjectNode body = JSON.createObjectNode();
        body.put("code", unit.code()).put("name", unit.name()).put("nameAscii", unit.nameAscii()).put("level", unit.level().key())
                .put("parent", unit.parentCode());
        ArrayNode ancestors = body.putArray("ancestors");
        geography.ancestors(code).forEach(a -> ancestors.add(a.code()));
        body.put("validFrom", unit.validFrom() == null ? null : unit.validFrom().toString())
                .put("validTo", unit.validTo() == null ? null : unit.validTo().toString())
                .put("valid", unit.validOn(on)).put("on", on.toString());
        body.set("figures", figures(unit));
        ArrayNode children = body.putArray("children");
        for (AdminUnit child : geography.children(code)) {
            children.addObject().put("code", child.code()).put("name", child.name()).put("level", child.level().key())
                    .put("validFrom", child.validFrom() == null ? null : child.validFrom().toString())
                    .put("validTo", child.validTo() == null ? null : child.validTo().toString())
                    .put("valid", child.validOn(on)).set("figures", figures(child));
        }
        return body;
    }

    /** A unit's figures: a district's from the districts, the province's from the summary, a commune's made up from its population. */
    private synchronized ObjectNode figures(AdminUnit unit) {
        ObjectNode figures = JSON.createObjectNode();
        ObjectNode source = districts.containsKey(unit.code()) ? districts.get(unit.code())
                : unit.level() == AdminUnit.Level.COMMUNE ? commune(unit) : vaccinationSummary;
        figures.set("asOf", source.get("asOf"));
        for (String field : List.of("dosesAdministered", "dosesAllocated", "dosesUsedPct", "boosterDoses", "coverage")) {
            figures.set(field, source.get(field).deepCopy());
        }
        return figures;
    }

    /** A commune's figures: 82 to 99 % of its adults and adolescents with two doses, varying from one commune to the next. */
    private ObjectNode commune(AdminUnit unit) {
        int index = geography.children(unit.parentCode()).indexOf(unit);
        ObjectNode body = JSON.createObjectNode();
        body.put("asOf", vaccinationSummary.get("asOf").asText());
        ObjectNode coverage = body.putObject("coverage");
        long doses = 0;
        long boosterDoses = 0;
        for (String group : List.of("18+", "12-17")) {
            long population = geography.population(unit.code(), group).orElseThrow();
            long two = population * (8_200 + (index * 1_237L) % 1_700) / 10_000;
            long one = Math.min(population, two + population / 40);
            long boosters = group.equals("18+") ? two / 9 : 0;
            coverage.putObject(group).put("population", population).put("atLeastOneDose", one)
                    .put("atLeastOneDosePct", truncatedPercent(one, population)).put("twoDoses", two)
                    .put("twoDosesPct", truncatedPercent(two, population)).put("boosters", boosters);
            doses += one + two + boosters;
            boosterDoses += boosters;
        }
        long allocated = doses + doses / 50;
        body.put("dosesAdministered", doses).put("dosesAllocated", allocated)
                .put("dosesUsedPct", truncatedPercent(doses, allocated)).put("boosterDoses", boosterDoses);
        return body;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = CommandCenterFixture.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 24 hours of crossings up to the gate's last hour: a day-time peak, the last hour as the gate says. */
    private static ObjectNode hours(JsonNode gate) {
        Instant last = Instant.parse(gate.get("lastHourStart").asText());
        long lastHour = gate.get("vehiclesLastHour").asLong();
        ArrayNode hours = JSON.createArrayNode();
        for (int i = 23; i >= 0; i--) {
            Instant start = last.minus(Duration.ofHours(i));
            int localHour = (int) ((start.getEpochSecond() / 3600 + 7) % 24);
            double daytime = localHour >= 7 && localHour <= 19 ? 1.0 : 0.25;
            long vehicles = i == 0 ? lastHour : Math.round(lastHour * daytime * (0.8 + 0.05 * (i % 7)));
            hours.addObject().put("start", start.toString()).put("vehiclesCrossed", vehicles);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("gate", gate.get("code").asText());
        body.set("hours", hours);
        return body;
    }

    /** The server just started: its live feed starts with every item's current state. */
    @Override
    public void install(Wiring wiring) {
        wiring.read(new Freshness());
        wiring.get("/api/v1/vaccination/summary", request -> {
            String asOf = request.queryParam("asOf");
            return () -> asOf == null ? copyOf(vaccinationSummary) : summaryAsOf(LocalDate.parse(asOf));
        });
        wiring.get("/api/v1/vaccination/daily", request -> () -> daily(request));
        wiring.get("/api/v1/vaccination/projections", request -> {
            if (!projectionsServed) {
                throw new ApiProblem.NotFound("No projections");
            }
            return () -> copyOf(projections);
        });
        wiring.get("/api/v1/border/trade/months", request -> {
            String year = request.queryParam("year");
            if (year != null && !year.equals("2021")) {
                throw new ApiProblem.NotFound("No border trade recorded for " + year);
            }
            return () -> copyOf(tradeMonths);
        });
        wiring.get("/api/v1/geography", request -> () -> copyOf(geographyAnswer));
        wiring.get("/api/v1/areas", request -> () -> area("VN", on(request)));
        wiring.get("/api/v1/areas/{code}", request -> {
            String code = request.pathParam("code");
            LocalDate on = on(request);
            return () -> area(code, on);
        });
        wiring.get("/api/v1/vaccination/districts", request -> () -> copyOf(list("districts", districts)));
        wiring.get("/api/v1/vaccination/stock", request -> () -> copyOf(vaccinationStock));
        wiring.get("/api/v1/border/summary", request -> () -> copyOf(borderSummary));
        wiring.get("/api/v1/border/gates", request -> () -> copyOf(list("gates", gates)));
        wiring.get("/api/v1/border/gates/{code}/throughput", request -> {
            ObjectNode hours = throughput.get(request.pathParam("code"));
            if (hours == null) {
                throw new ApiProblem.NotFound("No gate with code '" + request.pathParam("code") + "'");
            }
            return () -> {
                // Held answers keep the figures of when they were asked for, like a slow real one.
                ObjectNode asked = copyOf(hours);
                try {
                    throughputHeld.get(HOLD_AT_MOST.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException | ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("throughput held too long", e);
                }
                return asked;
            };
        });
        wiring.get("/api/v1/alerts", request -> () -> copyOf(alerts()));
        this.live = wiring.changes();
        publish("vaccination.summary", "province", vaccinationSummary);
        districts.forEach((code, d) -> publish("vaccination.district", code, d));
        vaccinationStock.get("stock").forEach(row -> publish("vaccination.stock",
                (row.get("scope").asText().equals("district") ? row.get("districtCode").asText() : row.get("scope").asText())
                        + "|" + row.get("vaccineProduct").asText(), (ObjectNode) row));
        publish("border.summary", borderSummary.get("year").asText(), borderSummary);
        gates.forEach((code, g) -> publish("border.gate", code, g));
    }

    private static LocalDate on(Request request) {
        String on = request.queryParam("on");
        return on == null ? TODAY : LocalDate.parse(on);
    }

    /** The read model as the fixture has it: loaded, as far behind as {@link #setLag} says. */
    private final class Freshness implements TopicReader {
        @Override
        public String topic() {
            return "command-center-fixture";
        }

        @Override
        public void start() {
        }

        @Override
        public boolean caughtUpOnce() {
            return true;
        }

        @Override
        public long lagRecords() {
            return lagRecords;
        }

        @Override
        public long lagMillis() {
            return lagMillis;
        }
    }

    private synchronized ObjectNode copyOf(ObjectNode body) {
        return body.deepCopy();
    }

    private synchronized ObjectNode list(String field, Map<String, ObjectNode> items) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray(field).addAll(items.values());
        return body;
    }

    private synchronized ObjectNode alerts() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode alerts = body.putArray("alerts");
        gates.values().forEach(g -> alerts.addAll((ArrayNode) g.get("openAlerts")));
        alerts.addAll(stockAlerts);
        return body;
    }

    /** Marks an item changed; the live feed sends a copy of it at its next flush. */
    private void publish(String type, String key, ObjectNode item) {
        Changes feed = live;
        if (feed != null) {
            feed.changed(type, key, () -> {
                synchronized (this) {
                    return item.deepCopy();
                }
            });
        }
    }

    // What the tests change.

    JsonNode vaccinationSummary() {
        return vaccinationSummary;
    }

    JsonNode district(String code) {
        return districts.get(code);
    }

    JsonNode vaccinationStock() {
        return vaccinationStock;
    }

    JsonNode stockAlerts() {
        return stockAlerts;
    }

    JsonNode borderSummary() {
        return borderSummary;
    }

    JsonNode gate(String code) {
        return gates.get(code);
    }

    Iterable<String> gateCodes() {
        return gates.keySet();
    }

    Iterable<String> districtCodes() {
        return districts.keySet();
    }

    /** From now on throughput answers wait for {@link #releaseThroughput()} (at most {@link #HOLD_AT_MOST}). */
    GeoDataSet geography() {
        return geography;
    }

    /** From now on {@code /vaccination/projections} answers 404 (no targets known). */
    void withoutProjections() {
        projectionsServed = false;
    }

    void holdThroughput() {
        throughputHeld = new CompletableFuture<>();
    }

    void releaseThroughput() {
        throughputHeld.complete(null);
    }

    /** The lag every answer reports from now on (live events carry none, like the real modules'). */
    synchronized void setLag(long records, long millis) {
        lagRecords = records;
        lagMillis = millis;
    }

    void changeVaccinationSummary(Consumer<ObjectNode> change) {
        synchronized (this) {
            change.accept(vaccinationSummary);
        }
        publish("vaccination.summary", "province", vaccinationSummary);
    }

    void changeDistrict(String code, Consumer<ObjectNode> change) {
        synchronized (this) {
            change.accept(districts.get(code));
        }
        publish("vaccination.district", code, districts.get(code));
    }

    void changeGate(String code, Consumer<ObjectNode> change) {
        synchronized (this) {
            change.accept(gates.get(code));
        }
        publish("border.gate", code, gates.get(code));
    }

    /** Raises (or, with {@code active=false}, clears) an alert: an {@code alert} event and the gate's update. */
    void alert(String gateCode, ObjectNode alert) {
        synchronized (this) {
            ArrayNode open = (ArrayNode) gates.get(gateCode).get("openAlerts");
            for (int i = open.size() - 1; i >= 0; i--) {
                if (open.get(i).get("id").asText().equals(alert.get("id").asText())) {
                    open.remove(i);
                }
            }
            if (alert.get("active").asBoolean()) {
                open.add(alert);
            }
        }
        publish("alert", gateCode, alert);
        publish("border.gate", gateCode, gates.get(gateCode));
    }
}
