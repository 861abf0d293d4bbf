package vn.pulse.streams;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.streams.border.BorderConfig;
import vn.pulse.streams.border.BorderTopology;
import vn.pulse.streams.vaccination.VaccinationTopology;

/**
 * The one topology the Streams app runs: every domain's steps added to one builder. Pure: no I/O,
 * so the golden test, the integration tests, the bench and the app describe the same thing.
 */
public final class PulseTopology {

    private PulseTopology() {
    }

    /**
     * @param topics the topics' names in this deployment ({@link TopicNames#defaults()} in production)
     * @param serdes the Avro serdes over the deployment's registry
     * @param border the border topology's settings
     */
    public static Topology build(TopicNames topics, PulseSerdes serdes, BorderConfig border) {
        return build(topics, serdes, border, VaccinationTopology.Options.defaults());
    }

    /**
     * @param topics      the topics' names in this deployment ({@link TopicNames#defaults()} in production)
     * @param serdes      the Avro serdes over the deployment's registry
     * @param border      the border topology's settings
     * @param vaccination the vaccination topology's settings
     */
    public static Topology build(TopicNames topics, PulseSerdes serdes, BorderConfig border, VaccinationTopology.Options vaccination) {
        StreamsBuilder builder = new StreamsBuilder();
        VaccinationTopology.addTo(builder, topics, serdes, vaccination);
        BorderTopology.addTo(builder, topics, border, serdes);
        return builder.build();
    }
}
