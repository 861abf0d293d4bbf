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

    public static Topology build(PulseSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        VaccinationTopology.addTo(builder, VaccinationTopology.Topics.defaults(), serdes, VaccinationTopology.Options.defaults());
        // Border settings come from PULSE_BORDER_* variables until StreamsAppConfig carries them (BorderConfig.DEFAULTS).
        BorderTopology.addTo(builder, BorderTopology.Topics.defaults(), BorderConfig.fromEnvironment(System.getenv()), serdes);
        return builder.build();
    }
}
