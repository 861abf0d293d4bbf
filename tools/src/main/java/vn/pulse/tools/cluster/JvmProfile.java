package vn.pulse.tools.cluster;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** How the JVMs of a {@link PulseCluster}'s services run; each service still gets its own maximum heap. */
public enum JvmProfile {

    /** Quick start and little CPU: serial GC, the C1 compiler only. For runs with many restarts (the crash harness). */
    SMALL(ServiceProcess.SMALL_JVM),

    /**
     * As a deployed service runs, like the images' {@code java} command: the full JIT (C1 then C2), the serial
     * collector (the JVM's own choice in a container under 1.75 GiB, as compose's are; G1's remembered sets and
     * mark bitmaps would add about 50 MiB to a 256 MiB heap), no per-thread cache of temporary direct buffers
     * above 256 KiB (socket reads of Kafka's large fetches), and glibc's free native memory handed back every
     * second where the JVM can (RocksDB's memtables come and go with every flush). For measuring (the bench's
     * scenario row); slower to start. docs/benchmarks.md, "Streams memory".
     */
    SERVICE(serviceFlags());

    /** How often a service JVM trims glibc's native heap ({@code -XX:TrimNativeHeapInterval}, JDK 17.0.9 and later). */
    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=1000";

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

    private static List<String> serviceFlags() {
        List<String> flags = new ArrayList<>(List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-Djdk.nio.maxCachedBufferSize=262144"));
        if (canTrimNativeHeap()) {
            flags.add(TRIM_NATIVE_HEAP);
        }
        flags.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData"));
        return List.copyOf(flags);
    }

    /** Whether this JVM (whose {@code java} the children run) knows the trim option: an older one would refuse to start. */
    static boolean canTrimNativeHeap() {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("TrimNativeHeapInterval");
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }
}
