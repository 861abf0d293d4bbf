package vn.pulse.streams.vaccination;

import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import vn.pulse.schemas.health.DistrictDoses;
import vn.pulse.schemas.health.DoseAdministered;

/**
 * The vaccination topology: dose events in, per-district dose counts out.
 *
 * <p>A pure factory: it builds a {@link Topology} from topic names and serdes and does no I/O, so
 * {@code TopologyTestDriver} tests and the running app share it. Every stateful step is named; the
 * names below are the app's state (store, changelog and repartition topics) and must not change
 * without a migration.
 */
public final class VaccinationTopology {

    /** Repartition step: raw doses are keyed by event id, counts are kept per district. */
    public static final String DOSES_BY_DISTRICT = "vaccination-doses-by-district";
    /** Store (and changelog) of the per-district counts. */
    public static final String DISTRICT_DOSES_STORE = "vaccination-district-doses-store";

    private VaccinationTopology() {
    }

    /** Topic names this topology reads and writes; tests pass unique ones. */
    public record Topics(String doses, String districtDoses) {

        public static Topics defaults() {
            return new Topics(vn.pulse.core.topics.Topics.VACCINATION_DOSES.name(),
                    vn.pulse.core.topics.Topics.DISTRICT_DOSES.name());
        }
    }

    /** The vaccination topology alone (for tests). */
    public static Topology build(Topics topics, Serde<DoseAdministered> doseSerde, Serde<DistrictDoses> districtDosesSerde) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, topics, doseSerde, districtDosesSerde);
        return builder.build();
    }

    /** Adds the vaccination steps to {@code builder}, which the app shares with the other domains. */
    public static void addTo(StreamsBuilder builder, Topics topics, Serde<DoseAdministered> doseSerde,
                             Serde<DistrictDoses> districtDosesSerde) {
        builder.stream(topics.doses(), Consumed.with(Serdes.String(), doseSerde).withName("vaccination-doses-source"))
                .groupBy((eventId, dose) -> dose.getDistrictCode(),
                        Grouped.with(DOSES_BY_DISTRICT, Serdes.String(), doseSerde))
                .aggregate(VaccinationTopology::emptyDistrict,
                        (district, dose, total) -> add(district, dose, total),
                        Named.as("vaccination-district-doses-aggregate"),
                        Materialized.<String, DistrictDoses, KeyValueStore<Bytes, byte[]>>as(DISTRICT_DOSES_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(districtDosesSerde))
                .toStream(Named.as("vaccination-district-doses-changes"))
                .to(topics.districtDoses(), Produced.with(Serdes.String(), districtDosesSerde)
                        .withName("vaccination-district-doses-sink"));
    }

    private static DistrictDoses emptyDistrict() {
        return DistrictDoses.newBuilder()
                .setDistrictCode("")
                .setDosesAdministered(0)
                .setFirstDoses(0)
                .setSecondDoses(0)
                .setBoosterDoses(0)
                .setAsOf(Instant.EPOCH)
                .build();
    }

    static DistrictDoses add(String district, DoseAdministered dose, DistrictDoses total) {
        DistrictDoses.Builder next = DistrictDoses.newBuilder(total)
                .setDistrictCode(district)
                .setDosesAdministered(total.getDosesAdministered() + 1);
        switch (dose.getDoseKind()) {
            case FIRST -> next.setFirstDoses(total.getFirstDoses() + 1);
            case SECOND -> next.setSecondDoses(total.getSecondDoses() + 1);
            case BOOSTER -> next.setBoosterDoses(total.getBoosterDoses() + 1);
            default -> throw new IllegalArgumentException("unknown dose kind " + dose.getDoseKind());
        }
        if (dose.getAdministeredAt().isAfter(total.getAsOf())) {
            next.setAsOf(dose.getAdministeredAt());
        }
        return next.build();
    }
}
