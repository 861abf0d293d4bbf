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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import vn.pulse.api.ApiModule;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.api.live.LiveUpdates;
import vn.pulse.api.readmodel.TopicReader;

/**
 * The command-center page's endpoints with fixed figures (the Lạng Sơn 2021 report's; the districts'
 * as the 2021 scenario ends, docs/scenario-langson-2021-vaccination.md; gates made up around them;
 * see command-center-fixture.json), in the JSON shapes of the
 * vaccination, border and alerts APIs, and their live events. Tests change a figure and the
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

    CommandCenterFixture() {
        JsonNode data = read("command-center-fixture.json");
        vaccinationSummary = (ObjectNode) data.get("vaccinationSummary");
        data.get("districts").forEach(d -> districts.put(d.get("code").asText(), (ObjectNode) d));
        borderSummary = (ObjectNode) data.get("borderSummary");
        vaccinationStock = (ObjectNode) data.get("vaccinationStock");
        stockAlerts = (ArrayNode) data.get("stockAlerts");
        data.get("gates").forEach(g -> {
            gates.put(g.get("code").asText(), (ObjectNode) g);
            throughput.put(g.get("code").asText(), hours(g));
        });
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
        wiring.get("/api/v1/vaccination/summary", request -> () -> copyOf(vaccinationSummary));
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
