package vn.pulse.api.vaccination;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.api.ApiModule;
import vn.pulse.api.http.Responses;
import vn.pulse.api.live.LiveUpdates;
import vn.pulse.api.readmodel.AggregateReader;
import vn.pulse.api.readmodel.ReadModel;
import vn.pulse.schemas.health.DistrictDoses;

/** The health command center's endpoints under {@code /api/v1/vaccination}. */
public final class VaccinationApi implements ApiModule {

    private final String bootstrapServers;
    private final String districtDosesTopic;
    private final Deserializer<DistrictDoses> districtDoses;
    private final VaccinationView view = new VaccinationView();
    private ReadModel readModel;
    private volatile LiveUpdates live;

    public VaccinationApi(String bootstrapServers, String districtDosesTopic, Deserializer<DistrictDoses> districtDoses) {
        this.bootstrapServers = bootstrapServers;
        this.districtDosesTopic = districtDosesTopic;
        this.districtDoses = districtDoses;
    }

    @Override
    public void registerReaders(ReadModel readModel) {
        readModel.add(new AggregateReader<>(bootstrapServers, districtDosesTopic, districtDoses, this::apply, Clock.systemUTC()));
    }

    @Override
    public void publishTo(LiveUpdates live) {
        this.live = live;
    }

    private void apply(String districtCode, DistrictDoses value) {
        view.apply(districtCode, value);
        LiveUpdates feed = live;
        if (feed != null) {
            feed.changed("vaccination.summary", "province", this::summaryBody);
        }
    }

    @Override
    public void routes(JavalinConfig config, ReadModel readModel) {
        this.readModel = readModel;
        config.routes.get("/api/v1/vaccination/summary", this::summary);
    }

    private void summary(Context ctx) {
        if (!readModel.requireLoaded(ctx)) {
            return;
        }
        Responses.json(ctx, summaryBody(), readModel);
    }

    private Map<String, Object> summaryBody() {
        VaccinationView.Summary summary = view.summary();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", summary.asOf());
        body.put("dosesAdministered", summary.dosesAdministered());
        return body;
    }
}
