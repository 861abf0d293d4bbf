package vn.pulse.api.vaccination;

import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.api.ApiModule;
import vn.pulse.api.alerts.AlertsView;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.api.http.DataHandler;
import vn.pulse.api.http.Request;
import vn.pulse.api.readmodel.AggregateReader;
import vn.pulse.api.table.Table;
import vn.pulse.api.table.Tabular;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.health.VaccineStock;

/**
 * {@code GET /api/v1/vaccination/stock}: the vaccine stock of the province, its own store and each
 * district, per product (doses allocated, administered, on hand, the 7-day average, days of stock,
 * the stock-out alert), from {@code health.vaccine-stock.v1}. Its stock-out alerts are listed by
 * {@code /api/v1/alerts} too ({@link #alertSource()}). On the live feed: each changed row as a
 * {@code vaccination.stock} event (key {@link StockView#liveKey}), each stock-out alert as an {@code alert} event.
 */
public final class StockApi implements ApiModule {

    private final Map<String, Object> kafkaConfig;
    private final TopicNames topics;
    private final Deserializer<VaccineStock> deserializer;
    private final StockView view;

    /** @param kafkaConfig {@code bootstrap.servers} and the {@code kafka.client.*} properties ({@link ClientProperties#kafkaConfig}) */
    public StockApi(Map<String, Object> kafkaConfig, TopicNames topics, Deserializer<VaccineStock> deserializer) {
        this(Map.copyOf(kafkaConfig), topics, deserializer, new StockView());
    }

    /** Serves {@code view} as it is, reading no topic (HTTP tests fill the view themselves). */
    static StockApi over(StockView view) {
        return new StockApi(Map.of(), null, null, view);
    }

    private StockApi(Map<String, Object> kafkaConfig, TopicNames topics, Deserializer<VaccineStock> deserializer, StockView view) {
        this.kafkaConfig = kafkaConfig;
        this.topics = topics;
        this.deserializer = deserializer;
        this.view = view;
    }

    public StockView view() {
        return view;
    }

    /** The stock-out alerts, for {@code /api/v1/alerts}. */
    public AlertsView.Source alertSource() {
        return view::alerts;
    }

    @Override
    public void install(Wiring wiring) {
        if (topics != null) {
            Changes changes = wiring.changes();
            wiring.read(new AggregateReader<>(kafkaConfig, topics.name(Topics.VACCINE_STOCK), deserializer, (key, value) -> {
                AlertsView.Alert before = view.alertOf(key);
                VaccineStock old = view.stock(key);
                view.apply(key, value);
                VaccineStock stock = value != null ? value : old;
                if (stock != null) {
                    String holder = stock.getDistrictCode() == null ? StockView.PROVINCE_STORE : stock.getDistrictCode();
                    for (String row : List.of(holder + "|" + stock.getVaccineProduct(), StockView.PROVINCE + "|" + stock.getVaccineProduct())) {
                        changes.changed("vaccination.stock", row, () -> view.row(row));
                    }
                }
                AlertsView.Alert now = view.alertOf(key);
                if (before != null && (now == null || !now.id().equals(before.id()))) {
                    // The episode the page knew is gone from this stock's state: it was cleared (or replaced).
                    AlertsView.Alert gone = before;
                    changes.changed("alert", gone.id(), () -> new AlertsView.Alert(gone.id(), null, gone.kind(), "CLEARED", false,
                            gone.raisedAt(), null, gone.value(), gone.peakValue(), gone.raiseThreshold(), gone.clearThreshold(),
                            gone.unit(), gone.message(), gone.stockHolder(), gone.vaccineProduct()));
                }
                if (now != null) {
                    String id = now.id();
                    changes.changed("alert", id, () -> {
                        AlertsView.Alert current = view.alertOf(key);
                        return current != null && current.id().equals(id) ? current : null;
                    });
                }
            }, Clock.systemUTC()));
        }
        wiring.get("/api/v1/vaccination/stock", this::stock);
        Gauge.builder("pulse.vaccination.stock.alerts.open", view, StockView::openAlerts)
                .description("Vaccine stock-out alerts open (districts and the province's own stock, every product)")
                .strongReference(true).register(wiring.metrics());
    }

    private DataHandler.Answer stock(Request request) {
        if (request.queryParam("asOf") != null) {
            throw new ApiProblem.BadParameter("asOf", "The stock is served as it stands now; 'asOf' is not supported here "
                    + "(the stock aggregate keeps no history by day).");
        }
        return () -> new StockAnswer(view.rows());
    }

    /** {@code /stock}: the province's rows, its own store's, then each district's, products in name order. */
    public record StockAnswer(List<StockView.Row> stock) implements Tabular {

        @Override
        public Table table() {
            return Table.of("vaccination-stock", null, StockView.Row.class, stock);
        }
    }
}
