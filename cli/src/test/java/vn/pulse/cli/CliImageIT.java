package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.testing.ContainerImage;
import vn.pulse.testing.PulseImages;

/** The container image built by Jib in this module's pre-integration-test phase (target/jib-image.tar). */
@Timeout(60)
class CliImageIT {

    @Test
    void runsTheMainClassAsNonRootWithContainerAwareHeap() {
        PulseImages.assertServiceImage(PulseImages.readModuleImage(), "vn.pulse.cli.PulseCli");
    }

    @Test
    void carriesNothingOnlyTheToolsNeed() {
        ContainerImage image = PulseImages.readModuleImage();
        assertThat(image.files().keySet()).as("files of the image's layers")
                .anyMatch(f -> f.startsWith("app/libs/picocli-"))
                .anyMatch(f -> f.startsWith("app/classes/vn/pulse/cli/"))
                .noneMatch(CliRuntimeClasspathIT::isToolsOnly);
    }
}
