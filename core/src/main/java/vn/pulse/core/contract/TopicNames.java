package vn.pulse.core.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;

/**
 * The name each topic of the {@linkplain Topics catalogue} has in one deployment. Every service takes
 * its topic names from one value of this type: production uses {@link #defaults()}, integration tests
 * and the bench give each topic a unique name with {@link #renamed(Function)} and pass the same value
 * to the topology, the writers and the readers, so they cannot be wired to different topics.
 */
public final class TopicNames {

    private static final TopicNames DEFAULTS = new TopicNames(names(TopicSpec::name));

    private final Map<String, String> byCatalogueName;

    private TopicNames(Map<String, String> byCatalogueName) {
        this.byCatalogueName = Map.copyOf(byCatalogueName);
    }

    /** Every topic under its catalogue name. */
    public static TopicNames defaults() {
        return DEFAULTS;
    }

    /** Every topic under the name {@code naming} gives it (for example a unique name per test). */
    public static TopicNames renamed(Function<TopicSpec, String> naming) {
        return new TopicNames(names(naming));
    }

    /** A copy in which {@code topic} has {@code name}. */
    public TopicNames with(TopicSpec topic, String name) {
        Map<String, String> copy = new LinkedHashMap<>(byCatalogueName);
        copy.put(known(topic).name(), requireName(topic, name));
        return new TopicNames(copy);
    }

    /** The name of {@code topic} in this deployment. */
    public String name(TopicSpec topic) {
        return byCatalogueName.get(known(topic).name());
    }

    /** The catalogue's topics under this deployment's names, for creating them. */
    public List<TopicSpec> specs() {
        return Topics.all().stream().map(this::spec).toList();
    }

    /** One catalogue topic under this deployment's name. */
    public TopicSpec spec(TopicSpec topic) {
        return new TopicSpec(name(topic), topic.partitions(), topic.role(), topic.retention());
    }

    private static Map<String, String> names(Function<TopicSpec, String> naming) {
        Map<String, String> names = new LinkedHashMap<>();
        for (TopicSpec topic : Topics.all()) {
            names.put(topic.name(), requireName(topic, naming.apply(topic)));
        }
        return names;
    }

    private static String requireName(TopicSpec topic, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("no name for topic " + topic.name());
        }
        return name;
    }

    private static TopicSpec known(TopicSpec topic) {
        Objects.requireNonNull(topic, "topic");
        if (!Topics.all().contains(topic)) {
            throw new IllegalArgumentException("topic " + topic.name() + " is not in the catalogue (vn.pulse.core.topics.Topics)");
        }
        return topic;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicNames other && other.byCatalogueName.equals(byCatalogueName);
    }

    @Override
    public int hashCode() {
        return byCatalogueName.hashCode();
    }

    @Override
    public String toString() {
        return "TopicNames" + byCatalogueName;
    }
}
