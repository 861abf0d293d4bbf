package vn.pulse.testing.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.pulse.testing.property.Gen.weighted;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PropertyTest {

    private record Sample(long n, String word, BigDecimal amount, boolean flag) {
    }

    private static final Gen<Long> NUMBERS = Gen.longs(-5, 5);
    private static final Gen<String> WORDS = Gen.frequency(weighted(3, Gen.of("a", "b")), weighted(1, Gen.constant(null)));
    private static final Gen<BigDecimal> AMOUNTS = Gen.decimals(BigDecimal.ZERO, new BigDecimal("10000"), 3);
    private static final Gen<Sample> SAMPLES = r -> new Sample(NUMBERS.next(r), WORDS.next(r), AMOUNTS.next(r), Gen.booleans().next(r));

    @Test
    void theSameSeedDrawsTheSameSamples() {
        List<Sample> first = new ArrayList<>();
        List<Sample> second = new ArrayList<>();
        Property.check("first", 42, 100, SAMPLES, first::add);
        Property.check("second", 42, 100, SAMPLES, second::add);
        List<Sample> other = new ArrayList<>();
        Property.check("other", 43, 100, SAMPLES, other::add);

        assertThat(first).hasSize(100).isEqualTo(second).isNotEqualTo(other);
    }

    @Test
    void aFailureNamesTheSeedTheTryAndTheSampleAndKeepsTheCause() {
        IllegalStateException cause = new IllegalStateException("too big");
        Gen<Integer> counting = new Gen<>() {
            private int n;

            @Override
            public Integer next(java.util.random.RandomGenerator random) {
                return ++n;
            }
        };

        assertThatThrownBy(() -> Property.check("counting", 1234, 10, counting, n -> {
            if (n == 7) {
                throw cause;
            }
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("counting").hasMessageContaining("seed 1234").hasMessageContaining("-Dpulse.property.seed=1234")
                .hasMessageContaining("try 7 of 10").hasMessageContaining("sample: 7").hasMessageContaining("too big")
                .hasCause(cause);
    }

    @Test
    void coverageFailsWhenALabelIsTooRareAndPassesWhenEachMinimumIsMet() {
        Coverage rare = new Coverage("verdicts").atLeast("accepts", 5).atLeast("refuses", 5);
        assertThatThrownBy(() -> Property.check("rare", 7, 100, Gen.ints(0, 99), rare, n -> rare.count(n == 0 ? "accepts" : "refuses")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Property rare passed 100 tries but coverage verdicts")
                .hasMessageContaining("seed 7").hasMessageContaining("accepts is");
        Coverage fixed = new Coverage("verdicts").atLeast("accepts", 5).atLeast("refuses", 5);
        fixed.count("accepts");
        IntStream.range(0, 99).forEach(i -> fixed.count("refuses"));
        assertThatThrownBy(fixed::check).isInstanceOf(AssertionError.class)
                .hasMessageContaining("coverage verdicts").hasMessageContaining("accepts is 1.0 %").hasMessageContaining("at least 5.0 %")
                .hasMessageNotContaining("refuses is");
        assertThat(fixed.times("accepts")).isEqualTo(1);
        assertThat(fixed.percentage("refuses")).isEqualTo(99.0);

        Coverage fair = new Coverage("verdicts").atLeast("accepts", 5).atLeast("refuses", 5);
        Property.check("fair", 7, 200, Gen.booleans(), fair, ok -> fair.count(ok ? "accepts" : "refuses"));
        assertThat(fair.percentage("accepts") + fair.percentage("refuses")).isEqualTo(100.0);
    }

    @Test
    void aCoverageFailureInThePropertyNamesTheSeed() {
        Coverage never = new Coverage("verdicts").atLeast("accepts", 5);
        assertThatThrownBy(() -> Property.check("never", 99, 20, Gen.constant(1), never, n -> never.count("refuses")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("seed 99").hasMessageContaining("accepts is 0.0 %");
    }

    @Test
    void frequencyChoosesInProportionToTheWeights() {
        Gen<String> gen = Gen.frequency(weighted(3, Gen.constant("often")), weighted(1, Gen.constant("seldom")),
                weighted(0, Gen.constant("never")));
        Random random = new Random(5);
        long often = IntStream.range(0, 10_000).mapToObj(i -> gen.next(random)).filter("often"::equals).count();
        assertThat(often).isBetween(7_200L, 7_800L);
        assertThat(IntStream.range(0, 1000).mapToObj(i -> gen.next(random))).doesNotContain("never");
    }

    @Test
    void rangesIncludeBothBoundsAndNothingBeyond() {
        Random random = new Random(11);
        Set<Long> small = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> small.add(Gen.longs(-2, 2).next(random)));
        assertThat(small).containsExactlyInAnyOrder(-2L, -1L, 0L, 1L, 2L);
        assertThat(Gen.longs(Long.MAX_VALUE, Long.MAX_VALUE).next(random)).isEqualTo(Long.MAX_VALUE);
        assertThat(Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).next(random)).isNotNull();
        assertThat(Gen.ints(Integer.MAX_VALUE - 1, Integer.MAX_VALUE).next(random)).isGreaterThanOrEqualTo(Integer.MAX_VALUE - 1);

        Gen<BigDecimal> cents = Gen.decimals(new BigDecimal("-0.01"), new BigDecimal("0.02"), 2);
        Set<BigDecimal> seen = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> seen.add(cents.next(random)));
        assertThat(seen).containsExactlyInAnyOrder(new BigDecimal("-0.01"), new BigDecimal("0.00"), new BigDecimal("0.01"),
                new BigDecimal("0.02"));
        BigDecimal huge = Gen.decimals(BigDecimal.ZERO, new BigDecimal("9999999999999999999999.99"), 2).next(random);
        assertThat(huge.scale()).isEqualTo(2);
        assertThat(huge).isBetween(BigDecimal.ZERO, new BigDecimal("9999999999999999999999.99"));

        assertThatThrownBy(() -> Gen.longs(3, 2)).hasMessageContaining("min 3 is greater than max 2");
        assertThatThrownBy(() -> Gen.decimals(new BigDecimal("0.001"), new BigDecimal("0.009"), 2))
                .hasMessageContaining("no value of scale 2");
    }

    @Test
    void choicesKeepNullsAndCombinatorsCompose() {
        Random random = new Random(3);
        Set<String> seen = new HashSet<>();
        Gen<String> withNull = Gen.of(null, "x");
        IntStream.range(0, 200).forEach(i -> seen.add(withNull.next(random)));
        assertThat(seen).containsExactlyInAnyOrder(null, "x");

        Gen<String> lengths = Gen.ints(1, 3).flatMap(n -> Gen.of(Thread.State.class).map(s -> s.name().substring(0, n)));
        assertThat(IntStream.range(0, 200).mapToObj(i -> lengths.next(random))).allMatch(s -> s.length() >= 1 && s.length() <= 3);
        Gen<Integer> either = Gen.oneOf(Gen.constant(1), Gen.of(List.of(2, 3)));
        assertThat(IntStream.range(0, 200).mapToObj(i -> either.next(random)).distinct()).containsExactlyInAnyOrder(1, 2, 3);
        assertThatThrownBy(() -> Gen.of(List.of())).hasMessageContaining("at least one value");
    }

    @Test
    void theSeedComesFromTheSystemPropertyWhenItIsSet() {
        String before = System.getProperty(Property.SEED_PROPERTY);
        try {
            System.setProperty(Property.SEED_PROPERTY, " 987654321 ");
            assertThat(Property.seed()).isEqualTo(987654321L);
            System.setProperty(Property.SEED_PROPERTY, "soon");
            assertThatThrownBy(Property::seed).hasMessageContaining("pulse.property.seed").hasMessageContaining("'soon'");
            System.clearProperty(Property.SEED_PROPERTY);
            assertThat(new HashSet<>(List.of(Property.seed(), Property.seed(), Property.seed()))).hasSizeGreaterThan(1);
        } finally {
            if (before == null) {
                System.clearProperty(Property.SEED_PROPERTY);
            } else {
                System.setProperty(Property.SEED_PROPERTY, before);
            }
        }
    }
}
