package vn.pulse.streams.border;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Settings;
import vn.pulse.core.geography.GateAlertMarks;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.reference.Gate;

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
 * @param thresholds     congestion alert marks per gate code; gates not listed use {@code defaultThresholds}. A
 *                       gate's marks default to those of its data set ({@code gate-alerts.csv}, docs/geography.md)
 */
public record BorderConfig(Duration grace, Duration dedupRetention, Duration emitInterval, int waitCapMinutes,
                           AlertThresholds defaultThresholds, Map<String, AlertThresholds> thresholds) {

    private static final String GATE_PREFIX = "border.gate.";
    private static final String[] ALERT_KEYS = {"alert.backlog.raise", "alert.backlog.clear", "alert.wait-p90.raise",
        "alert.wait-p90.clear", "alert.wait-p90.min-samples"};

    /**
     * Every key with its default, for the {@linkplain Geography#selected() selected data set}: see
     * {@link #defaultSettings(GeoDataSet)}.
     */
    public static final Map<String, String> DEFAULTS = defaultSettings(Geography.selected());

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

    /** The defaults for the gates of {@code dataSet}, with their marks from its {@code gate-alerts.csv}. */
    public static BorderConfig defaults(GeoDataSet dataSet) {
        return from(Settings.of(defaultSettings(dataSet), Map.of()), dataSet);
    }

    /** Defaults overridden by {@code PULSE_BORDER_*} variables of {@code env}. */
    public static BorderConfig fromEnvironment(Map<String, String> env) {
        return from(Settings.load(DEFAULTS, null, env, Map.of()));
    }

    /** The settings of {@code s} for the gates of the {@linkplain Geography#selected() selected data set}. */
    public static BorderConfig from(Settings s) {
        return from(s, Geography.selected());
    }

    /** The settings of {@code s} (built on {@link #defaultSettings(GeoDataSet)} of {@code dataSet}) for the gates of {@code dataSet}. */
    public static BorderConfig from(Settings s, GeoDataSet dataSet) {
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
        for (Gate gate : dataSet.gates()) {
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
            StringBuilder sources = new StringBuilder();
            for (String key : ALERT_KEYS) {
                String value = s.string(prefix + key);
                if (value.isBlank() && inherited == null) {
                    continue;
                }
                sources.append(sources.length() == 0 ? " (" : ", ").append(prefix).append(key);
                if (!value.isBlank()) {
                    sources.append('=').append(value).append(" from ").append(s.source(prefix + key).equals("default")
                            && inherited != null ? "the data set's " + GeoDataSetLoader.GATE_ALERTS : s.source(prefix + key));
                } else {
                    // A gate's blank mark is the province-wide one: name where that value came from.
                    String provinceKey = "border." + key;
                    sources.append(" inherits ").append(provinceKey).append('=').append(s.string(provinceKey))
                            .append(" from ").append(s.source(provinceKey));
                }
            }
            throw new ConfigException("invalid configuration " + prefix + "alert.*: " + e.getMessage()
                    + (sources.length() == 0 ? "" : sources.append(')').toString()));
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

    /**
     * Every key with its default for the gates of {@code dataSet}: the province-wide marks
     * ({@code border.alert.*}), and each gate's ({@code border.gate.<CODE>.alert.*}) from the data
     * set's {@code gate-alerts.csv}, empty (the province-wide value) where it gives none. A properties
     * file or environment variable overrides either.
     */
    public static Map<String, String> defaultSettings(GeoDataSet dataSet) {
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
        for (Gate gate : dataSet.gates()) {
            GateAlertMarks marks = dataSet.gateAlerts(gate.code())
                    .orElse(new GateAlertMarks(gate.code(), null, null, null, null, null));
            String[] values = {text(marks.backlogRaise()), text(marks.backlogClear()), text(marks.waitP90Raise()),
                text(marks.waitP90Clear()), text(marks.waitP90MinSamples() == null ? null : (long) marks.waitP90MinSamples())};
            for (int i = 0; i < ALERT_KEYS.length; i++) {
                d.put(GATE_PREFIX + gate.code() + "." + ALERT_KEYS[i], values[i]);
            }
        }
        return Map.copyOf(d);
    }

    private static String text(Long count) {
        return count == null ? "" : Long.toString(count);
    }

    /** A duration as a setting: {@code 36h}, or {@code 90m} when not whole hours. */
    private static String text(Duration duration) {
        if (duration == null) {
            return "";
        }
        long minutes = duration.toMinutes();
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }
}
