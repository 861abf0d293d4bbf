package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The CLI's runtime class path as packaged ({@code target/pulse-cli.jar} and the jars its manifest's
 * {@code Class-Path} names in {@code target/lib}; the same dependencies its image copies, which
 * {@link CliImageIT} checks on the image): none of the tools module's classes, and none of the libraries
 * only the tools need (the bench's PostgreSQL driver).
 */
class CliRuntimeClasspathIT {

    /** Jar names (without the version) that only the tools module needs. */
    static final List<String> TOOLS_ONLY_JARS = List.of("postgresql", "pulse-tools");

    /** Class-file prefixes that only the tools module needs. */
    static final List<String> TOOLS_ONLY_CLASSES = List.of("vn/pulse/tools/", "org/postgresql/");

    /** Whether {@code path} (a file name or a path in a jar or an image) belongs to the tools alone. */
    static boolean isToolsOnly(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return TOOLS_ONLY_JARS.stream().anyMatch(jar -> name.startsWith(jar + "-") && name.endsWith(".jar"))
                || TOOLS_ONLY_CLASSES.stream().anyMatch(path::contains);
    }

    private final Path target = Path.of("target");

    @Test
    void theRuntimeClassPathHasTheCliDependenciesAndNothingOnlyTheToolsNeed() throws IOException {
        Path jar = target.resolve("pulse-cli.jar");
        assertThat(jar).as("%s (package)", jar).isRegularFile();
        List<String> classPath;
        try (JarFile file = new JarFile(jar.toFile())) {
            String attribute = file.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(attribute).as("manifest Class-Path").isNotBlank();
            classPath = Arrays.asList(attribute.trim().split("\\s+"));
        }
        // What the CLI does need is there, so an empty or wrong class path cannot pass.
        assertThat(classPath).as("manifest Class-Path")
                .anyMatch(j -> j.startsWith("lib/picocli-")).anyMatch(j -> j.startsWith("lib/pulse-streams-"))
                .anyMatch(j -> j.startsWith("lib/pulse-producer-")).anyMatch(j -> j.startsWith("lib/kafka-streams-"));
        assertThat(classPath).as("jars only the tools need").noneMatch(CliRuntimeClasspathIT::isToolsOnly);
        assertThat(entries(jar)).contains("vn/pulse/cli/PulseCli.class").noneMatch(CliRuntimeClasspathIT::isToolsOnly);
        for (String entry : classPath) {
            Path library = target.resolve(entry);
            assertThat(library).as("%s (copy-dependencies runs in package)", library).isRegularFile();
            assertThat(entries(library)).as("classes only the tools need, in " + entry)
                    .noneMatch(CliRuntimeClasspathIT::isToolsOnly);
        }
    }

    @Test
    void theCheckRecognisesWhatOnlyTheToolsNeed() {
        assertThat(isToolsOnly("postgresql-42.7.14.jar")).isTrue();
        assertThat(isToolsOnly("app/libs/pulse-tools-0.1.0-SNAPSHOT.jar")).isTrue();
        assertThat(isToolsOnly("app/classes/vn/pulse/tools/bench/Bench.class")).isTrue();
        assertThat(isToolsOnly("org/postgresql/Driver.class")).isTrue();
        assertThat(isToolsOnly("app/libs/pulse-streams-0.1.0-SNAPSHOT.jar")).isFalse();
        assertThat(isToolsOnly("vn/pulse/cli/PulseCli.class")).isFalse();
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = new ArrayList<>();
            Collections.list(file.entries()).forEach(e -> names.add(e.getName()));
            return names;
        }
    }
}
