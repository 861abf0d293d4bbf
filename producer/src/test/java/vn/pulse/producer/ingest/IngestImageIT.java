package vn.pulse.producer.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.pulse.testing.PulseImages;

/** The container image built by Jib in this module's pre-integration-test phase (target/jib-image.tar). */
@Timeout(60)
class IngestImageIT {

    @Test
    void runsTheMainClassAsNonRootWithContainerAwareHeap() {
        PulseImages.assertServiceImage(PulseImages.readModuleImage(), "vn.pulse.producer.ingest.IngestServer", "8082");
    }
}
