package vn.pulse.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Where and how the in-process broker runs.
 *
 * @param dataDir        log directory root; kept across restarts (the broker resumes its data)
 * @param host           interface to bind and advertise, normally 127.0.0.1
 * @param port           client listener port
 * @param controllerPort KRaft controller listener port; it is recorded in the metadata log at
 *                       format time, so it must stay the same for a given data directory
 * @param partitions     default partition count for topics created without one
 * @param extraListeners client listeners besides the PLAINTEXT one on {@code port} (which the broker
 *                       itself and {@link #bootstrapServers()} keep using): a SASL_SSL listener for
 *                       tests of a secured deployment, for instance; none by default
 */
public record LocalKafkaConfig(Path dataDir, String host, int port, int controllerPort, int partitions, List<Listener> extraListeners) {

    /**
     * A further listener of the broker.
     *
     * @param name             the listener's name, e.g. {@code SECURE} (not PLAINTEXT or CONTROLLER)
     * @param port             its port on {@code host}
     * @param securityProtocol {@code SSL}, {@code SASL_PLAINTEXT}, {@code SASL_SSL} or {@code PLAINTEXT}
     * @param properties       broker properties for this listener only, without the {@code listener.name.<name>.}
     *                         prefix the broker gets them with: {@code ssl.keystore.location},
     *                         {@code sasl.enabled.mechanisms}, {@code plain.sasl.jaas.config}, ...
     */
    public record Listener(String name, int port, String securityProtocol, Map<String, String> properties) {

        public Listener {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(securityProtocol, "securityProtocol");
            name = name.toUpperCase(Locale.ROOT);
            if (name.equals("PLAINTEXT") || name.equals("CONTROLLER")) {
                throw new IllegalArgumentException("listener name " + name + " is taken by the broker's own listeners");
            }
            properties = Map.copyOf(properties);
        }

        @Override
        public String toString() {
            // The properties hold keystore passwords and JAAS configurations: names only.
            return "Listener[" + name + " " + securityProtocol + " on port " + port + ", properties " + new TreeSet<>(properties.keySet()) + "]";
        }
    }

    /** A broker with its PLAINTEXT listener only. */
    public LocalKafkaConfig(Path dataDir, String host, int port, int controllerPort, int partitions) {
        this(dataDir, host, port, controllerPort, partitions, List.of());
    }

    public LocalKafkaConfig {
        extraListeners = List.copyOf(extraListeners);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535 || controllerPort < 1 || controllerPort > 65_535) {
            throw new IllegalArgumentException("broker ports must be between 1 and 65535 (port=" + port
                    + ", controllerPort=" + controllerPort + ")");
        }
        if (port == controllerPort) {
            throw new IllegalArgumentException("broker port and controller port must differ (both " + port + ")");
        }
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    /** The address of listener {@code name} (one of {@link #extraListeners()}). */
    public String bootstrapServers(String name) {
        return extraListeners.stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst()
                .map(l -> host + ":" + l.port())
                .orElseThrow(() -> new IllegalArgumentException("no listener " + name + " (extra listeners: " + extraListeners + ")"));
    }

    /** This configuration with one more listener. */
    public LocalKafkaConfig withListener(Listener listener) {
        List<Listener> listeners = new ArrayList<>(extraListeners);
        listeners.add(listener);
        return new LocalKafkaConfig(dataDir, host, port, controllerPort, partitions, listeners);
    }
}
