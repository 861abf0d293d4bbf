package vn.pulse.producer.ingest;

import java.util.Arrays;
import java.util.Optional;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;

/**
 * The five kinds of event the gateway takes. {@link #path()} is both the URL segment
 * ({@code POST /ingest/v1/<path>}) and the {@code kind} tag of the ingest metrics: both persist.
 */
public enum IngestKind {
    GATE_EVENTS("gate-events", Topics.GATE_EVENTS),
    CHECKPOINT_SCREENINGS("checkpoint-screenings", Topics.CHECKPOINT_SCREENINGS),
    VACCINATION_DOSES("vaccination-doses", Topics.VACCINATION_DOSES),
    DOSE_CORRECTIONS("dose-corrections", Topics.DOSE_CORRECTIONS),
    VACCINE_ALLOCATIONS("vaccine-allocations", Topics.VACCINE_ALLOCATIONS);

    private final String path;
    private final TopicSpec topic;

    IngestKind(String path, TopicSpec topic) {
        this.path = path;
        this.topic = topic;
    }

    /** URL segment and metric tag, e.g. {@code gate-events}. */
    public String path() {
        return path;
    }

    /** The raw topic this kind is written to (in a deployment; tests pass their own names). */
    public TopicSpec topic() {
        return topic;
    }

    public static Optional<IngestKind> byPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
    }
}
