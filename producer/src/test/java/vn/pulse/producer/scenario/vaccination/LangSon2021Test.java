package vn.pulse.producer.scenario.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.schemas.health.VaccineAllocation;

/** The checked calculation: the chosen integers give every figure of the report, exactly. */
class LangSon2021Test {

    private final List<LangSon2021.Cohort> cohorts = LangSon2021.cohorts();

    @Test
    void provinceTotalsGiveEveryPublishedFigure() {
        long doses = cohorts.stream().mapToLong(LangSon2021.Cohort::doses).sum();
        long allocated = LangSon2021.allocations().stream().mapToLong(VaccineAllocation::getDoses).sum();
        assertThat(doses).isEqualTo(1_155_156);
        assertThat(allocated).isEqualTo(1_182_158);
        assertThat(pct(doses, allocated)).isEqualTo("97.71");
        assertThat(sum(AgeGroups.ADULTS, LangSon2021.Cohort::booster)).isEqualTo(55_544);
        assertThat(sum(AgeGroups.ADOLESCENTS, LangSon2021.Cohort::booster)).isZero();

        long adults = sum(AgeGroups.ADULTS, LangSon2021.Cohort::population);
        assertThat(pct(sum(AgeGroups.ADULTS, LangSon2021.Cohort::first), adults)).isEqualTo("98.06");
        assertThat(pct(sum(AgeGroups.ADULTS, LangSon2021.Cohort::second), adults)).isEqualTo("94.34");
        long adolescents = sum(AgeGroups.ADOLESCENTS, LangSon2021.Cohort::population);
        assertThat(pct(sum(AgeGroups.ADOLESCENTS, LangSon2021.Cohort::first), adolescents)).isEqualTo("100.00");
        assertThat(pct(sum(AgeGroups.ADOLESCENTS, LangSon2021.Cohort::second), adolescents)).isEqualTo("95.48");
    }

    @Test
    void coveragePercentagesDoNotDependOnTheRoundingRuleButDosesUsedDoes() {
        // 98.06 %, 94.34 %, 100 % and 95.48 % come out the same truncated or rounded half-up;
        // 1,155,156 / 1,182,158 = 97.7159 % is 97.71 only truncated, as the report prints it.
        long adults = sum(AgeGroups.ADULTS, LangSon2021.Cohort::population);
        long adolescents = sum(AgeGroups.ADOLESCENTS, LangSon2021.Cohort::population);
        assertThat(halfUp(LangSon2021.ADULTS_FIRST, adults)).isEqualTo("98.06");
        assertThat(halfUp(LangSon2021.ADULTS_SECOND, adults)).isEqualTo("94.34");
        assertThat(halfUp(LangSon2021.ADOLESCENTS_FIRST, adolescents)).isEqualTo("100.00");
        assertThat(halfUp(LangSon2021.ADOLESCENTS_SECOND, adolescents)).isEqualTo("95.48");
        assertThat(halfUp(LangSon2021.DOSES_ADMINISTERED, LangSon2021.DOSES_ALLOCATED)).isEqualTo("97.72");
    }

    @Test
    void populationsArePlausibleForAProvinceOfAbout790Thousand() {
        long adults = sum(AgeGroups.ADULTS, LangSon2021.Cohort::population);
        long adolescents = sum(AgeGroups.ADOLESCENTS, LangSon2021.Cohort::population);
        assertThat(adults).isBetween(495_000L, 506_000L);
        assertThat(adolescents).isBetween(70_000L, 76_000L);
        assertThat(LangSon2021.UPTAKE.keySet()).containsExactlyElementsOf(
                LangSon2021.districts().stream().map(vn.pulse.core.reference.District::code).toList());
    }

    @Test
    void districtsDifferTheCityAboveTheProvinceTheRemoteDistrictsBelow() {
        BigDecimal province = new BigDecimal(LangSon2021.ADULTS_TWO_DOSES_PCT);
        BigDecimal city = adultsTwoDoses("178");
        BigDecimal dinhLap = adultsTwoDoses("189");
        BigDecimal binhGia = adultsTwoDoses("181");
        assertThat(city).isGreaterThan(province.add(BigDecimal.valueOf(3)));
        assertThat(dinhLap).isLessThan(province.subtract(BigDecimal.valueOf(3)));
        assertThat(binhGia).isLessThan(province);
        assertThat(pct(cohorts.stream().filter(c -> c.districtCode().equals("178") && c.ageGroup().equals(AgeGroups.ADULTS))
                .mapToLong(LangSon2021.Cohort::first).sum(), cohorts.stream().filter(c -> c.districtCode().equals("178")
                && c.ageGroup().equals(AgeGroups.ADULTS)).mapToLong(LangSon2021.Cohort::population).sum()))
                .as("first doses follow, less steeply").isNotEqualTo(LangSon2021.ADULTS_AT_LEAST_ONE_DOSE_PCT);
    }

    @Test
    void givesTheDistrictFiguresDocumentedInTheScenario() {
        // docs/scenario-langson-2021-vaccination.md, "Spreading over the 11 districts".
        assertThat(adultsTwoDoses("178")).isEqualByComparingTo("97.71");
        assertThat(adultsTwoDoses("189")).isEqualByComparingTo("90.11");
        assertThat(cohorts.stream().filter(c -> c.districtCode().equals("186")).mapToLong(LangSon2021.Cohort::doses).sum())
                .isEqualTo(180_017);
        assertThat(LangSon2021.allocations().stream().filter(a -> "178".equals(a.getDistrictCode()))
                .mapToLong(VaccineAllocation::getDoses).sum()).isEqualTo(156_430);
    }

    private BigDecimal adultsTwoDoses(String district) {
        LangSon2021.Cohort c = cohorts.stream().filter(x -> x.districtCode().equals(district) && x.ageGroup().equals(AgeGroups.ADULTS))
                .findFirst().orElseThrow();
        return new BigDecimal(pct(c.second(), c.population()));
    }

    @Test
    void everyDistrictIsCoherent() {
        assertThat(cohorts).hasSize(LangSon2021.districts().size() * AgeGroups.ALL.size());
        for (LangSon2021.Cohort c : cohorts) {
            assertThat(c.first()).as("%s|%s first <= population", c.districtCode(), c.ageGroup()).isLessThanOrEqualTo(c.population());
            assertThat(c.second()).as("%s|%s second <= first", c.districtCode(), c.ageGroup()).isLessThanOrEqualTo(c.first());
            assertThat(c.booster()).as("%s|%s booster <= second", c.districtCode(), c.ageGroup()).isLessThanOrEqualTo(c.second());
        }
        for (var district : LangSon2021.districts()) {
            long doses = cohorts.stream().filter(c -> c.districtCode().equals(district.code())).mapToLong(LangSon2021.Cohort::doses).sum();
            long allocated = LangSon2021.allocations().stream().filter(a -> district.code().equals(a.getDistrictCode()))
                    .mapToLong(VaccineAllocation::getDoses).sum();
            assertThat(doses).as("doses given in %s fit its deliveries", district.code()).isLessThanOrEqualTo(allocated);
        }
    }

    @Test
    void apportionSplitsExactlyInProportion() {
        assertThat(LangSon2021.apportion(10, new long[] {1, 1, 1})).containsExactly(4, 3, 3);
        assertThat(LangSon2021.apportion(100, new long[] {3, 1})).containsExactly(75, 25);
        assertThat(LangSon2021.apportion(0, new long[] {3, 1})).containsExactly(0, 0);
    }

    private long sum(String ageGroup, java.util.function.ToLongFunction<LangSon2021.Cohort> field) {
        return cohorts.stream().filter(c -> c.ageGroup().equals(ageGroup)).mapToLong(field).sum();
    }

    private static String pct(long part, long whole) {
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 2, RoundingMode.DOWN)
                .toPlainString();
    }

    private static String halfUp(long part, long whole) {
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP)
                .toPlainString();
    }
}
