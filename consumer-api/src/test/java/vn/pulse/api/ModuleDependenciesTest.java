package vn.pulse.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API's classes depend one way: the server on the modules, the modules on the shared HTTP and
 * read-model parts, never back. Read from the imports of the main sources.
 */
class ModuleDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile("^import (vn\\.pulse\\.api\\.[\\w.]+);", Pattern.MULTILINE);

    /** Class name to the {@code vn.pulse.api} classes it imports. */
    private static Map<String, Set<String>> imports() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("vn/pulse/api"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = SOURCES.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
                Set<String> targets = new TreeSet<>();
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    targets.add(m.group(1));
                }
                graph.put(name, targets);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    @Test
    void noClassImportsTheServer() {
        imports().forEach((name, targets) -> assertThat(targets).as(name).doesNotContain("vn.pulse.api.ApiServer"));
    }

    @Test
    void theSharedPartsImportNoDomainModule() {
        imports().forEach((name, targets) -> {
            if (name.matches("vn\\.pulse\\.api\\.(http|readmodel|live|table)\\..*")) {
                assertThat(targets).as(name).noneMatch(t -> t.matches("vn\\.pulse\\.api\\.(border|vaccination|alerts|report)\\..*"));
            }
        });
    }

    @Test
    void noImportCycle() {
        Map<String, Set<String>> graph = imports();
        List<String> cycles = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            walk(graph, start, new ArrayList<>(), done, cycles);
        }
        assertThat(graph).containsKey("vn.pulse.api.border.BorderApi");
        assertThat(cycles).isEmpty();
    }

    private static void walk(Map<String, Set<String>> graph, String node, List<String> path, Set<String> done, List<String> cycles) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            cycles.add(String.join(" -> ", path.subList(seen, path.size())) + " -> " + node);
            return;
        }
        if (done.contains(node)) {
            return;
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            walk(graph, next, path, done, cycles);
        }
        path.remove(path.size() - 1);
        done.add(node);
    }
}
