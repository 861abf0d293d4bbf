package vn.pulse.api.vaccination;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.api.ApiModule;
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

    public VaccinationApi(String bootstrapServers, String districtDosesTopic, Deserializer<DistrictDoses> districtDoses) {
        this.bootstrapServers = bootstrapServers;
        this.districtDosesTopic = districtDosesTopic;
        this.districtDoses = districtDoses;
    }

    @Override
    public void registerReaders(ReadModel readModel) {
        readModel.add(new AggregateReader<>(bootstrapServers, districtDosesTopic, districtDoses, view::apply, Clock.systemUTC()));
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
        VaccinationView.Summary summary = view.summary();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", summary.asOf());
        body.put("dosesAdministered", summary.dosesAdministered());
        body.put("lag", readModel.lag());
        ctx.json(body);
    }
}
