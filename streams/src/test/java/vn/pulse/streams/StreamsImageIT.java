package vn.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.testing.ContainerImage;
import vn.pulse.testing.PulseImages;

/** The container image built by Jib in this module's pre-integration-test phase (target/jib-image.tar). */
@Timeout(60)
class StreamsImageIT {

    @Test
    void runsTheMainClassAsNonRootWithContainerAwareHeap() {
        PulseImages.assertServiceImage(PulseImages.readModuleImage(), "vn.pulse.streams.StreamsApp", "8083");
    }

    @Test
    void runsWithTheStreamsMemorySettings() {
        ContainerImage image = PulseImages.readModuleImage();

        assertThat(image.entrypoint()).contains("-XX:+UseSerialGC", "-Djdk.nio.maxCachedBufferSize=262144", "-XX:MaxRAMPercentage=75");
        assertThat(image.env()).containsEntry("MALLOC_ARENA_MAX", "2").containsEntry("JAVA_HOME", "/opt/java/openjdk");
    }
}
