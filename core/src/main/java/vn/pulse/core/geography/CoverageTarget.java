package vn.pulse.core.geography;

import java.math.BigDecimal;
import java.util.List;

/**
 * A vaccination coverage target: the share of an age group's population to reach with a measure of
 * coverage, the measures being those the API's coverage figures carry.
 *
 * @param ageGroup  an age group of {@link vn.pulse.core.reference.AgeGroups}
 * @param measure   {@link #AT_LEAST_ONE_DOSE} or {@link #TWO_DOSES}
 * @param targetPct the target, a percentage of the age group's population (0 &lt; target &le; 100, 2 decimals)
 */
public record CoverageTarget(String ageGroup, String measure, BigDecimal targetPct) {

    /** People with at least one dose (first doses), as the API's {@code atLeastOneDose}. */
    public static final String AT_LEAST_ONE_DOSE = "atLeastOneDose";
    /** People with two doses (second doses), as the API's {@code twoDoses}. */
    public static final String TWO_DOSES = "twoDoses";
    /** Every measure a target may name. */
    public static final List<String> MEASURES = List.of(AT_LEAST_ONE_DOSE, TWO_DOSES);
}
