package vn.pulse.core.geography;

/**
 * The people of one unit and age group that coverage is measured against.
 *
 * @param unitCode   the unit (one without children: its parents' figures are sums)
 * @param ageGroup   one of {@link vn.pulse.core.reference.AgeGroups#ALL}
 * @param population people, not negative
 */
public record UnitPopulation(String unitCode, String ageGroup, long population) {
}
