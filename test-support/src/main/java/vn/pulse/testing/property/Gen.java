package vn.pulse.testing.property;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A generator of test values: given a source of randomness, the next sample. Generators are plain
 * functions, so a generator of a record is a lambda over the generators of its fields:
 * <pre>{@code
 * Gen<Point> points = r -> new Point(xs.next(r), ys.next(r));
 * }</pre>
 * The same seeded {@link RandomGenerator} always gives the same samples, as long as a generator
 * draws nothing but from it. Run generators with {@link Property#check}.
 *
 * @param <T> what is generated
 */
@FunctionalInterface
public interface Gen<T> {

    /** The next sample, drawn from {@code random}. */
    T next(RandomGenerator random);

    /** Each sample of this generator passed through {@code f}. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return r -> f.apply(next(r));
    }

    /** A sample of the generator that {@code f} chooses for each sample of this one. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        Objects.requireNonNull(f, "f");
        return r -> f.apply(next(r)).next(r);
    }

    /** Always {@code value} (which may be null). */
    static <T> Gen<T> constant(T value) {
        return r -> value;
    }

    /** One of {@code values} (nulls allowed), each equally likely. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> choices = new ArrayList<>(values.length);
        for (T value : values) { // element by element: the varargs array itself never escapes
            choices.add(value);
        }
        return of(choices);
    }

    /** One of {@code values} (nulls allowed), each equally likely. */
    static <T> Gen<T> of(Collection<? extends T> values) {
        List<T> choices = new ArrayList<>(values); // a copy that, unlike List.copyOf, keeps nulls
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("values: at least one value is needed");
        }
        return r -> choices.get(r.nextInt(choices.size()));
    }

    /** One of the constants of {@code type}, each equally likely. */
    static <E extends Enum<E>> Gen<E> of(Class<E> type) {
        return of(type.getEnumConstants());
    }

    /** True or false, equally likely. */
    static Gen<Boolean> booleans() {
        return RandomGenerator::nextBoolean;
    }

    /** A long from {@code min} to {@code max}, both included, each equally likely. */
    static Gen<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("longs: min " + min + " is greater than max " + max);
        }
        if (max < Long.MAX_VALUE) {
            return r -> r.nextLong(min, max + 1);
        }
        if (min > Long.MIN_VALUE) {
            return r -> r.nextLong(min - 1, max) + 1;
        }
        return RandomGenerator::nextLong;
    }

    /** An int from {@code min} to {@code max}, both included, each equally likely. */
    static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    /**
     * A decimal of exactly {@code scale} from {@code min} to {@code max} (both included, as far as
     * they have a value at that scale), each value at that scale equally likely.
     */
    static Gen<BigDecimal> decimals(BigDecimal min, BigDecimal max, int scale) {
        BigInteger low = min.setScale(scale, RoundingMode.CEILING).unscaledValue();
        BigInteger high = max.setScale(scale, RoundingMode.FLOOR).unscaledValue();
        if (low.compareTo(high) > 0) {
            throw new IllegalArgumentException("decimals: no value of scale " + scale + " from " + min + " to " + max);
        }
        BigInteger range = high.subtract(low);
        int bits = range.bitLength();
        int bytes = (bits + 7) / 8;
        return r -> {
            BigInteger offset;
            do { // rejection sampling: uniform over 0..range
                byte[] b = new byte[bytes];
                r.nextBytes(b);
                offset = new BigInteger(1, b).shiftRight(bytes * 8 - bits);
            } while (offset.compareTo(range) > 0);
            return new BigDecimal(low.add(offset), scale);
        };
    }

    /** A sample of one of {@code gens}, each equally likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> choices = new ArrayList<>(gens.length);
        for (Gen<? extends T> gen : gens) {
            choices.add(Objects.requireNonNull(gen, "gen"));
        }
        Gen<Gen<? extends T>> choice = of(choices);
        return r -> choice.next(r).next(r);
    }

    /** {@code gen}, chosen {@code weight} times as often as a choice of weight 1 in {@link #frequency}. */
    static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /**
     * A sample of one of the {@code choices}, each chosen in proportion to its weight:
     * {@code frequency(weighted(3, a), weighted(1, b))} draws from {@code a} three times in four.
     */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> all = new ArrayList<>(choices.length);
        for (Weighted<? extends T> choice : choices) {
            all.add(Objects.requireNonNull(choice, "choice"));
        }
        int total = all.stream().mapToInt(Weighted::weight).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("frequency: the weights add up to " + total + ", not more than 0");
        }
        return r -> {
            int pick = r.nextInt(total);
            for (Weighted<? extends T> choice : all) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.gen().next(r);
                }
            }
            throw new IllegalStateException("frequency: no choice for the weights " + all);
        };
    }

    /** A generator and how often {@link #frequency} chooses it, relative to the others. */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
        public Weighted {
            if (weight < 0) {
                throw new IllegalArgumentException("weight: must not be negative, is " + weight);
            }
            Objects.requireNonNull(gen, "gen");
        }
    }
}
