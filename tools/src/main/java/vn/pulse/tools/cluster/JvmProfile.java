package vn.pulse.tools.cluster;

import java.util.ArrayList;
import java.util.List;

/** How the JVMs of a {@link PulseCluster}'s services run; each service still gets its own maximum heap. */
public enum JvmProfile {

    /** Quick start and little CPU: serial GC, the C1 compiler only. For runs with many restarts (the crash harness). */
    SMALL(ServiceProcess.SMALL_JVM),

    /**
     * As a deployed service runs: the full JIT (C1 then C2) and the JVM's default collector, like the
     * images' {@code java} command. For measuring (the bench's scenario row); slower to start.
     */
    SERVICE(List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-Djdk.nio.maxCachedBufferSize=262144", "-XX:TrimNativeHeapInterval=1000", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData"));

    private final List<String> flags;

    JvmProfile(List<String> flags) {
        this.flags = flags;
    }

    /** The profile's flags with {@code -Xmx} set to {@code maxHeap} (e.g. {@code 384m}). */
    public List<String> flags(String maxHeap) {
        List<String> withHeap = new ArrayList<>(flags);
        withHeap.replaceAll(f -> f.startsWith("-Xmx") ? "-Xmx" + maxHeap : f);
        return List.copyOf(withHeap);
    }
}
