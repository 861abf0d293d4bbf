package vn.pulse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * An image tar as {@code jib:buildTar} writes it ({@code docker load} format): its configuration
 * (entrypoint, ports, user, environment) and the files of its layers with their modes, read
 * without a Docker engine.
 *
 * @param files every regular file and directory of every layer, path without leading {@code /} → mode
 */
public record ContainerImage(List<String> entrypoint, List<String> cmd, Set<String> exposedPorts, String user,
                             String workingDir, Map<String, String> env, Map<String, Integer> files) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code tar} (the path Jib writes by default: {@code target/jib-image.tar}). */
    public static ContainerImage read(Path tar) {
        try {
            Map<String, byte[]> entries = new HashMap<>();
            try (InputStream in = Files.newInputStream(tar)) {
                Tar.read(in, (name, mode, content) -> entries.put(name, content));
            }
            JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
            JsonNode config = JSON.readTree(entries.get(manifest.get("Config").asText())).get("config");
            Map<String, Integer> files = new LinkedHashMap<>();
            for (JsonNode layer : manifest.get("Layers")) {
                byte[] bytes = entries.get(layer.asText());
                InputStream raw = new ByteArrayInputStream(bytes);
                InputStream layerStream = bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b
                        ? new GZIPInputStream(raw) : raw;
                Tar.read(layerStream, (name, mode, content) -> files.put(name.replaceFirst("^\\./", "").replaceFirst("/$", ""), mode));
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode e : config.path("Env")) {
                String[] kv = e.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            TreeSet<String> ports = new TreeSet<>();
            config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
            return new ContainerImage(strings(config.path("Entrypoint")), strings(config.path("Cmd")), ports,
                    config.path("User").asText(""), config.path("WorkingDir").asText(""), env, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image tar " + tar, e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Just enough of the POSIX tar format for image tars (ustar headers; PAX and GNU long-name records skipped). */
    private static final class Tar {

        interface Entry {
            void accept(String name, int mode, byte[] content);
        }

        static void read(InputStream in, Entry entry) throws IOException {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    return; // end-of-archive block
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                int mode = (int) octal(header, 100, 8);
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                byte[] content = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (type == '0' || type == '\0' || type == '5' || type == '2') {
                    entry.accept(prefix.isEmpty() ? name : prefix + "/" + name, mode & 07777, content);
                }
            }
        }

        private static String field(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) {
                end++;
            }
            return new String(header, offset, end - offset, StandardCharsets.UTF_8);
        }

        private static long octal(byte[] header, int offset, int length) {
            String s = field(header, offset, length).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        }
    }
}
