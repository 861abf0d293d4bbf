package vn.pulse.api.alerts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.api.ApiModule;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.api.http.DataHandler;
import vn.pulse.api.http.Request;
import vn.pulse.api.readmodel.AggregateReader;
import vn.pulse.api.table.Table;
import vn.pulse.api.table.Tabular;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.schemas.border.CongestionAlert;

/**
 * {@code GET /api/v1/alerts?active=true|false}: congestion alert episodes from {@code alerts.state.v1},
 * and the alerts of the other {@link AlertsView.Source sources} included (vaccine stock-out alerts).
 */
public final class AlertsApi implements ApiModule {

    private final Map<String, Object> kafkaConfig;
    private final String alertStatesTopic;
    private final Deserializer<CongestionAlert> alertStates;
    private final AlertsView view;
    private final List<AlertsView.Source> others = new CopyOnWriteArrayList<>();

    public AlertsApi(String bootstrapServers, String alertStatesTopic, Deserializer<CongestionAlert> alertStates) {
        this(ClientProperties.NONE.kafkaConfig(bootstrapServers), alertStatesTopic, alertStates);
    }

    /** @param kafkaConfig {@code bootstrap.servers} and the {@code kafka.client.*} properties ({@link ClientProperties#kafkaConfig}) */
    public AlertsApi(Map<String, Object> kafkaConfig, String alertStatesTopic, Deserializer<CongestionAlert> alertStates) {
        this(Map.copyOf(kafkaConfig), alertStatesTopic, alertStates, new AlertsView());
    }

    /** Serves {@code view} as it is, reading no topic (HTTP tests fill the view themselves). */
    public static AlertsApi over(AlertsView view) {
        return new AlertsApi(Map.of(), null, null, view);
    }

    private AlertsApi(Map<String, Object> kafkaConfig, String alertStatesTopic, Deserializer<CongestionAlert> alertStates,
                      AlertsView view) {
        this.kafkaConfig = kafkaConfig;
        this.alertStatesTopic = alertStatesTopic;
        this.alertStates = alertStates;
        this.view = view;
    }

    /** Lists the alerts of {@code source} too, after the congestion alerts, most recently raised first among all. */
    public AlertsApi include(AlertsView.Source source) {
        others.add(source);
        return this;
    }

    /** The alerts as read so far (other modules show a gate's open alerts). */
    public AlertsView view() {
        return view;
    }

    @Override
    public void install(Wiring wiring) {
        if (alertStatesTopic != null) {
            Changes changes = wiring.changes();
            wiring.read(new AggregateReader<>(kafkaConfig, alertStatesTopic, alertStates, (alertId, state) -> {
                view.apply(alertId, state);
                if (alertId != null) {
                    changes.changed("alert", alertId, () -> view.alerts(null).stream()
                            .filter(a -> a.id().equals(alertId)).findFirst().orElse(null));
                }
            }, Clock.systemUTC()));
        }
        wiring.get("/api/v1/alerts", this::alerts);
        AlertsMetrics.bind(view, wiring.metrics());
    }

    private DataHandler.Answer alerts(Request request) {
        String active = request.queryParam("active");
        if (active != null && !active.equals("true") && !active.equals("false")) {
            throw new ApiProblem.BadParameter("active", "active must be true or false, was '" + active + "'");
        }
        Boolean onlyActive = active == null ? null : Boolean.valueOf(active);
        return () -> {
            if (others.isEmpty()) {
                return new AlertsAnswer(view.alerts(onlyActive));
            }
            List<AlertsView.Alert> all = new ArrayList<>(view.alerts(onlyActive));
            others.forEach(source -> all.addAll(source.alerts(onlyActive)));
            all.sort(Comparator.comparing(AlertsView.Alert::raisedAt).reversed().thenComparing(AlertsView.Alert::id));
            return new AlertsAnswer(List.copyOf(all));
        };
    }

    /** {@code /alerts}: the episodes asked for, most recently raised first. */
    public record AlertsAnswer(List<AlertsView.Alert> alerts) implements Tabular {

        @Override
        public Table table() {
            return Table.of("alerts", null, AlertsView.Alert.class, alerts);
        }
    }
}
