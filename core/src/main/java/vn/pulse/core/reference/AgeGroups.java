package vn.pulse.core.reference;

import java.util.List;

/**
 * The age groups vaccination is counted and measured in: those of the province's 2021 report.
 * Boosters in 2021 were for 18+ only, but a booster reported for 12-17 is still counted.
 */
public final class AgeGroups {

    public static final String ADOLESCENTS = "12-17";
    public static final String ADULTS = "18+";

    /** Every age group, youngest first. */
    public static final List<String> ALL = List.of(ADOLESCENTS, ADULTS);

    private AgeGroups() {
    }

    public static boolean isKnown(String ageGroup) {
        return ageGroup != null && ALL.contains(ageGroup);
    }
}
