package vn.pulse.streams;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.streams.border.BorderTopology;
import vn.pulse.streams.vaccination.VaccinationTopology;

/**
 * The one topology the Streams app runs: every domain's steps added to one builder. Pure: no I/O,
 * so the golden test and the app describe the same thing.
 */
public final class PulseTopology {

    private PulseTopology() {
    }

    /** With the border topology's default settings. */
    public static Topology build(PulseSerdes serdes) {
        return build(serdes, BorderConfig.defaults());
    }

    public static Topology build(PulseSerdes serdes, BorderConfig border) {
        StreamsBuilder builder = new StreamsBuilder();
        VaccinationTopology.addTo(builder, VaccinationTopology.Topics.defaults(), serdes, VaccinationTopology.Options.defaults());
        BorderTopology.addTo(builder, BorderTopology.Topics.defaults(), border, serdes);
        return builder.build();
    }
}
