package vn.pulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What every Pulse image must be, checked on the tar that {@code jib:buildTar} wrote in this module's
 * {@code pre-integration-test} phase (see the parent POM): the service's main class run by a Java
 * runtime that sizes its heap from the container's memory limit, as a non-root user, with its ports.
 */
public final class PulseImages {

    /** The non-root user and group the images run as (the passwd entry of image-base). */
    public static final String USER = "10001:10001";

    private PulseImages() {
    }

    /** The image tar of the module under test; the test is skipped, saying why, under {@code -Dpulse.image.skip=true}. */
    public static ContainerImage readModuleImage() {
        Assumptions.assumeFalse(Boolean.getBoolean("pulse.image.skip"), "images not built (-Dpulse.image.skip=true)");
        Path tar = Path.of(System.getProperty("pulse.image.tar", "target/jib-image.tar"));
        assertThat(Files.isRegularFile(tar)).as("%s exists (jib:buildTar runs in pre-integration-test)", tar).isTrue();
        return ContainerImage.read(tar);
    }

    public static void assertServiceImage(ContainerImage image, String mainClass, String... tcpPorts) {
        assertThat(image.entrypoint()).as("entrypoint").startsWith("java").endsWith(mainClass)
                .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dlogback.configurationFile=/etc/pulse/logback.xml")
                .noneMatch(arg -> arg.startsWith("-Xmx"));
        assertThat(image.cmd()).as("arguments").isEmpty();
        assertThat(image.exposedPorts()).as("exposed ports")
                .containsExactlyInAnyOrder(java.util.Arrays.stream(tcpPorts).map(p -> p + "/tcp").toArray(String[]::new));
        assertThat(image.user()).as("user").isEqualTo(USER);
        assertThat(image.env()).containsEntry("JAVA_HOME", "/opt/java/openjdk");
        assertThat(image.env().get("PATH")).startsWith("/opt/java/openjdk/bin:");
        assertThat(image.files()).as("files of the image's layers")
                .containsKeys("opt/java/openjdk/bin/java", "etc/pulse/logback.xml", "var/lib/pulse/streams")
                .hasEntrySatisfying("opt/java/openjdk/bin/java", mode -> assertThat(mode & 0111).as("java executable").isEqualTo(0111))
                .hasEntrySatisfying("var/lib/pulse/streams", mode -> assertThat(mode & 0002).as("state dir writable by the user").isNotZero());
        assertThat(image.files().keySet()).as("the service's classes").anyMatch(f -> f.startsWith("app/classes/"));
    }
}
