package vn.pulse.api.alerts;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.api.ApiModule;
import vn.pulse.api.http.Problems;
import vn.pulse.api.http.Responses;
import vn.pulse.api.live.LiveUpdates;
import vn.pulse.api.readmodel.AggregateReader;
import vn.pulse.api.readmodel.ReadModel;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.schemas.border.CongestionAlert;

/** {@code GET /api/v1/alerts?active=true|false}: congestion alert episodes from {@code alerts.state.v1}. */
public final class AlertsApi implements ApiModule {

    private final Map<String, Object> kafkaConfig;
    private final String alertStatesTopic;
    private final Deserializer<CongestionAlert> alertStates;
    private final AlertsView view = new AlertsView();
    private ReadModel readModel;
    private volatile LiveUpdates live;

    public AlertsApi(String bootstrapServers, String alertStatesTopic, Deserializer<CongestionAlert> alertStates) {
        this(ClientProperties.NONE.kafkaConfig(bootstrapServers), alertStatesTopic, alertStates);
    }

    /** @param kafkaConfig {@code bootstrap.servers} and the {@code kafka.client.*} properties ({@link ClientProperties#kafkaConfig}) */
    public AlertsApi(Map<String, Object> kafkaConfig, String alertStatesTopic, Deserializer<CongestionAlert> alertStates) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.alertStatesTopic = alertStatesTopic;
        this.alertStates = alertStates;
    }

    /** The alerts as read so far (other modules show a gate's open alerts). */
    public AlertsView view() {
        return view;
    }

    @Override
    public void registerReaders(ReadModel readModel) {
        readModel.add(new AggregateReader<>(kafkaConfig, alertStatesTopic, alertStates, this::apply, Clock.systemUTC()));
    }

    @Override
    public void bindMetrics(MeterRegistry registry) {
        AlertsMetrics.bind(view, registry);
    }

    @Override
    public void publishTo(LiveUpdates live) {
        this.live = live;
    }

    private void apply(String alertId, CongestionAlert state) {
        view.apply(alertId, state);
        LiveUpdates feed = live;
        if (feed != null && alertId != null) {
            feed.changed("alert", alertId, () -> view.alerts(null).stream()
                    .filter(a -> a.id().equals(alertId)).findFirst().orElse(null));
        }
    }

    @Override
    public void routes(JavalinConfig config, ReadModel readModel) {
        this.readModel = readModel;
        config.routes.get("/api/v1/alerts", this::alerts);
    }

    private void alerts(Context ctx) {
        String active = ctx.queryParam("active");
        Boolean onlyActive = null;
        if (active != null) {
            if (!active.equals("true") && !active.equals("false")) {
                Problems.badParameter(ctx, "active", "active must be true or false, was '" + active + "'");
                return;
            }
            onlyActive = Boolean.valueOf(active);
        }
        if (!readModel.requireLoaded(ctx)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alerts", view.alerts(onlyActive));
        Responses.json(ctx, body, readModel);
    }
}
