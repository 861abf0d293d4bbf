package vn.pulse.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.testing.PulseImages;

/** The container image built by Jib in this module's pre-integration-test phase (target/jib-image.tar). */
@Timeout(60)
class ApiImageIT {

    @Test
    void runsTheMainClassAsNonRootWithContainerAwareHeap() {
        PulseImages.assertServiceImage(PulseImages.readModuleImage(), "vn.pulse.api.ApiServer", "8080");
    }
}
