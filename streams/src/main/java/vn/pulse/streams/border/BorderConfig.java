package vn.pulse.streams.border;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;
import vn.pulse.core.reference.Gate;
import vn.pulse.core.reference.Gates;

/**
 * Settings of the border topology. Keys (with {@code PULSE_*} environment variables, see
 * {@link Settings}) and defaults are in {@link #DEFAULTS}; docs/border.md explains each.
 *
 * @param grace          how long after an hour ends its events are still accepted (in event time)
 * @param dedupRetention how long (in event time, behind the newest event accepted) a gate event id is remembered
 *                       to drop a re-sent copy; at least {@code grace} + 1 h, so it outlasts every event still accepted
 * @param emitInterval   how often changed aggregates are written out (wall clock); several changes
 *                       to one key in an interval give one output record
 * @param waitCapMinutes waits longer than this are counted at this value in the histograms
 * @param thresholds     congestion alert marks per gate code; gates not listed use {@code defaultThresholds}
 */
public record BorderConfig(Duration grace, Duration dedupRetention, Duration emitInterval, int waitCapMinutes,
                           AlertThresholds defaultThresholds, Map<String, AlertThresholds> thresholds) {

    private static final String GATE_PREFIX = "border.gate.";
    private static final String[] ALERT_KEYS = {"alert.backlog.raise", "alert.backlog.clear", "alert.wait-p90.raise",
        "alert.wait-p90.clear", "alert.wait-p90.min-samples"};

    /**
     * Every key with its default. Per-gate keys ({@code border.gate.<CODE>.alert.*}) left empty use the
     * province-wide {@code border.alert.*} value. The per-gate defaults are sized to each gate's
     * normal traffic (see docs/border.md).
     */
    public static final Map<String, String> DEFAULTS = defaults(Map.of(
            "HUU_NGHI", new String[] {"600", "300", "", "", ""},
            "TAN_THANH", new String[] {"450", "225", "", "", ""},
            "CHI_MA", new String[] {"250", "120", "", "", ""},
            "DONG_DANG", new String[] {"200", "100", "", "", ""},
            "COC_NAM", new String[] {"", "", "36h", "18h", ""}));

    public BorderConfig {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(defaultThresholds, "defaultThresholds");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        if (dedupRetention.isNegative() || dedupRetention.isZero()) {
            throw new IllegalArgumentException("dedupRetention must be positive, was " + dedupRetention);
        }
        // Gate events are de-duplicated by event time: the window must outlast the time an event is
        // still accepted (its hour plus the grace), or a late copy could find its first copy forgotten.
        if (dedupRetention.compareTo(grace.plusHours(1)) < 0) {
            throw new IllegalArgumentException("dedupRetention must be at least grace + 1h (" + grace.plusHours(1)
                    + "), was " + dedupRetention);
        }
        if (emitInterval.isNegative() || emitInterval.isZero()) {
            throw new IllegalArgumentException("emitInterval must be positive, was " + emitInterval);
        }
        if (waitCapMinutes < 1) {
            throw new IllegalArgumentException("waitCapMinutes must be at least 1, was " + waitCapMinutes);
        }
        thresholds = Map.copyOf(thresholds);
    }

    /** The defaults of {@link #DEFAULTS}. */
    public static BorderConfig defaults() {
        return from(Settings.of(DEFAULTS, Map.of()));
    }

    /** Defaults overridden by {@code PULSE_BORDER_*} variables of {@code env}. */
    public static BorderConfig fromEnvironment(Map<String, String> env) {
        return from(Settings.load(DEFAULTS, null, env, Map.of()));
    }

    public static BorderConfig from(Settings s) {
        long cap = s.duration("border.wait-cap").toMinutes();
        if (cap < 1 || cap > Integer.MAX_VALUE) {
            throw new ConfigException("invalid configuration border.wait-cap='" + s.string("border.wait-cap")
                    + "' (from " + s.source("border.wait-cap") + "): must be at least one minute");
        }
        Duration grace = s.duration("border.grace");
        Duration dedupRetention = s.duration("border.dedup-retention");
        if (dedupRetention.compareTo(grace.plusHours(1)) < 0) {
            throw new ConfigException("invalid configuration border.dedup-retention='" + s.string("border.dedup-retention")
                    + "' (from " + s.source("border.dedup-retention") + "): must be at least border.grace + 1h ("
                    + grace.plusHours(1) + "), or a late copy of a gate event could find its first copy forgotten");
        }
        AlertThresholds province = thresholds(s, "border.", null);
        Map<String, AlertThresholds> perGate = new LinkedHashMap<>();
        for (Gate gate : Gates.ALL) {
            perGate.put(gate.code(), thresholds(s, GATE_PREFIX + gate.code() + ".", province));
        }
        return new BorderConfig(grace, dedupRetention, s.duration("border.emit-interval"), (int) cap, province, perGate);
    }

    /** The alert marks of a gate. */
    public AlertThresholds thresholdsFor(String gateCode) {
        return thresholds.getOrDefault(gateCode, defaultThresholds);
    }

    /** A copy with other marks for one gate (tests and scaled-down scenarios). */
    public BorderConfig withThresholds(String gateCode, AlertThresholds marks) {
        Map<String, AlertThresholds> copy = new LinkedHashMap<>(thresholds);
        copy.put(gateCode, marks);
        return new BorderConfig(grace, dedupRetention, emitInterval, waitCapMinutes, defaultThresholds, copy);
    }

    /** A copy with another grace period. */
    public BorderConfig withGrace(Duration otherGrace) {
        return new BorderConfig(otherGrace, dedupRetention, emitInterval, waitCapMinutes, defaultThresholds, thresholds);
    }

    private static AlertThresholds thresholds(Settings s, String prefix, AlertThresholds inherited) {
        try {
            return new AlertThresholds(
                    count(s, prefix + ALERT_KEYS[0], inherited == null ? null : inherited.backlogRaise()),
                    count(s, prefix + ALERT_KEYS[1], inherited == null ? null : inherited.backlogClear()),
                    minutes(s, prefix + ALERT_KEYS[2], inherited == null ? null : inherited.waitP90RaiseMinutes()),
                    minutes(s, prefix + ALERT_KEYS[3], inherited == null ? null : inherited.waitP90ClearMinutes()),
                    (int) count(s, prefix + ALERT_KEYS[4], inherited == null ? null : (long) inherited.minWaitSamples()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration " + prefix + "alert.*: " + e.getMessage());
        }
    }

    private static long count(Settings s, String key, Long inherited) {
        if (inherited != null && s.string(key).isBlank()) {
            return inherited;
        }
        return s.integer(key, 0, Integer.MAX_VALUE);
    }

    private static long minutes(Settings s, String key, Long inherited) {
        if (inherited != null && s.string(key).isBlank()) {
            return inherited;
        }
        return s.duration(key).toMinutes();
    }

    private static Map<String, String> defaults(Map<String, String[]> gateMarks) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("border.grace", "1h");
        d.put("border.dedup-retention", "7d");
        d.put("border.emit-interval", "100ms");
        d.put("border.wait-cap", "14d");
        d.put("border.alert.backlog.raise", "150");
        d.put("border.alert.backlog.clear", "75");
        d.put("border.alert.wait-p90.raise", "24h");
        d.put("border.alert.wait-p90.clear", "12h");
        d.put("border.alert.wait-p90.min-samples", "10");
        for (Gate gate : Gates.ALL) {
            String[] marks = gateMarks.getOrDefault(gate.code(), new String[ALERT_KEYS.length]);
            for (int i = 0; i < ALERT_KEYS.length; i++) {
                d.put(GATE_PREFIX + gate.code() + "." + ALERT_KEYS[i], marks[i] == null ? "" : marks[i]);
            }
        }
        return Map.copyOf(d);
    }
}
