package vn.pulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the list of tests that start brokers of their own honest. Every other broker-using test gets
 * its broker from {@link KafkaBrokerExtension} and so honours {@code -Dpulse.kafka}; those listed in
 * docs/operations.md ("Tests that start their own broker") run their own in-process broker in either
 * mode, each for the reason given there. A test that starts a broker and is not listed, or a listed
 * test that no longer does, fails here. Read from the test sources of every module.
 */
class OwnBrokerTestsTest {

    /** The ways a test starts a broker of its own: the in-process broker, the local run, the crash harness, the cluster, the bench. */
    private static final Pattern STARTS_A_BROKER = Pattern.compile(
            "LocalKafka\\.start\\(|LocalRun\\.start\\(|new CrashHarness\\(|PulseCluster\\.create\\(|new KafkaClusterNode\\(|execute\\(\"bench\"");
    private static final Pattern LISTED = Pattern.compile("^\\| `(\\w+)` \\|", Pattern.MULTILINE);
    private static final String SECTION = "## Tests that start their own broker";

    private static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/operations.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (with docs/operations.md) above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    private static TreeSet<String> testsStartingABroker(Path root) throws IOException {
        TreeSet<String> found = new TreeSet<>();
        List<Path> testSources;
        try (Stream<Path> modules = Files.list(root)) {
            testSources = modules.map(module -> module.resolve("src/test/java")).filter(Files::isDirectory).toList();
        }
        assertThat(testSources).as("modules with tests").hasSizeGreaterThan(5);
        for (Path sources : testSources) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    if (STARTS_A_BROKER.matcher(Files.readString(file)).find()) {
                        found.add(file.getFileName().toString().replaceAll("\\.java$", ""));
                    }
                }
            }
        }
        return found;
    }

    private static TreeSet<String> documented(Path root) throws IOException {
        String doc = Files.readString(root.resolve("docs/operations.md"));
        int start = doc.indexOf(SECTION);
        assertThat(start).as("docs/operations.md has the section \"" + SECTION + "\"").isNotNegative();
        int end = doc.indexOf("\n## ", start + SECTION.length());
        String section = doc.substring(start, end < 0 ? doc.length() : end);
        TreeSet<String> listed = new TreeSet<>();
        Matcher row = LISTED.matcher(section);
        while (row.find()) {
            listed.add(row.group(1));
        }
        return listed;
    }

    @Test
    void everyTestThatStartsItsOwnBrokerIsListedWithItsReasonAndNoOther() throws IOException {
        Path root = repository();
        TreeSet<String> found = testsStartingABroker(root);
        assertThat(found).as("sanity: the local run's own test is found").contains("LocalRunIT");
        assertThat(documented(root)).as("the tests docs/operations.md lists against those that start a broker of their own")
                .isEqualTo(found);
    }
}
