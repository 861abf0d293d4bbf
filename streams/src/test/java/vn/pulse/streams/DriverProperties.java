package vn.pulse.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import vn.pulse.core.contract.TopicNames;

/**
 * The Kafka Streams properties of a {@link TopologyTestDriver}: the app's own
 * ({@link StreamsApp#streamsProperties}, so the driver runs with the same exactly-once guarantee,
 * dead-letter topic and error handlers), with a fresh state directory.
 */
public final class DriverProperties {

    private DriverProperties() {
    }

    public static Properties of(String applicationId) {
        try {
            StreamsAppConfig config = new StreamsAppConfig("unused:9092", "mock://pulse", applicationId,
                    Files.createTempDirectory("pulse-driver-"), Duration.ofMillis(100), 1, "127.0.0.1", 0);
            return StreamsApp.streamsProperties(config, TopicNames.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dead-letter topic the app's error handlers write to. */
    public static String deadLetterTopic(Properties properties) {
        return properties.getProperty(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    }
}
