package vn.pulse.api.projections;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.pulse.core.geography.CoverageTarget;
import vn.pulse.core.reference.AgeGroups;

/**
 * The coverage targets as read from {@code reference.coverage-targets.v1} (key {@code ageGroup|measure});
 * a target of an age group or measure the API does not know is ignored. Thread-safe.
 */
public final class CoverageTargets {

    private final Map<String, CoverageTarget> byKey = new ConcurrentHashMap<>();

    /** Applies one record of the topic; a {@code null} value deletes the key's target. */
    public void apply(String key, vn.pulse.schemas.reference.CoverageTarget value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            byKey.remove(key);
        } else if (AgeGroups.isKnown(value.getAgeGroup()) && CoverageTarget.MEASURES.contains(value.getMeasure())) {
            byKey.put(key, new CoverageTarget(value.getAgeGroup(), value.getMeasure(), value.getTargetPct()));
        }
    }

    /** Sets a target directly (tests). */
    public void put(CoverageTarget target) {
        byKey.put(target.ageGroup() + "|" + target.measure(), target);
    }

    /** Every target, youngest age group first, then by measure ({@code atLeastOneDose} before {@code twoDoses}). */
    public List<CoverageTarget> all() {
        return byKey.values().stream()
                .sorted(Comparator.<CoverageTarget>comparingInt(t -> AgeGroups.ALL.indexOf(t.ageGroup()))
                        .thenComparingInt(t -> CoverageTarget.MEASURES.indexOf(t.measure())))
                .toList();
    }
}
