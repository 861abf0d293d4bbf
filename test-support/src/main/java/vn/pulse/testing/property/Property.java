package vn.pulse.testing.property;

import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Runs a property: an assertion that must hold for every sample of a {@link Gen}, tried on many
 * samples drawn from a {@link Random} with a known seed.
 * <pre>{@code
 * Property.check("doses", Property.seed(), 250, doses, dose -> assertThat(...));
 * }</pre>
 * The seed is printed before the tries. The first failing try stops the property with an
 * {@link AssertionError} naming the seed, the try and the sample, caused by the original failure;
 * {@code -Dpulse.property.seed=<seed>} draws the same samples again.
 */
public final class Property {

    /** The system property that fixes the seed of {@link #seed()}. */
    public static final String SEED_PROPERTY = "pulse.property.seed";

    private Property() {
    }

    /** The seed from the system property {@value #SEED_PROPERTY} if it is set, else a fresh random one. */
    public static long seed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed == null || fixed.isBlank()) {
            return ThreadLocalRandom.current().nextLong();
        }
        try {
            return Long.parseLong(fixed.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + ": must be a whole number (a long), is '" + fixed + "'", e);
        }
    }

    /** Checks {@code assertion} on {@code tries} samples of {@code gen}, with the seed from {@link #seed()}. */
    public static <T> void check(String name, int tries, Gen<T> gen, Consumer<? super T> assertion) {
        check(name, seed(), tries, gen, null, assertion);
    }

    /** Checks {@code assertion} on {@code tries} samples of {@code gen} drawn with {@code seed}. */
    public static <T> void check(String name, long seed, int tries, Gen<T> gen, Consumer<? super T> assertion) {
        check(name, seed, tries, gen, null, assertion);
    }

    /**
     * Checks {@code assertion} on {@code tries} samples of {@code gen} drawn with {@code seed}; when
     * all pass, checks the minimums of {@code coverage} (which the assertion counts into; may be null).
     */
    public static <T> void check(String name, long seed, int tries, Gen<T> gen, Coverage coverage, Consumer<? super T> assertion) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gen, "gen");
        Objects.requireNonNull(assertion, "assertion");
        if (tries < 1) {
            throw new IllegalArgumentException("tries: must be at least 1, is " + tries);
        }
        String replay = "seed " + seed + " (-D" + SEED_PROPERTY + "=" + seed + " draws the same samples)";
        System.out.printf("Property %s: %d tries, %s%n", name, tries, replay);
        Random random = new Random(seed);
        for (int t = 1; t <= tries; t++) {
            T sample;
            try {
                sample = gen.next(random);
            } catch (RuntimeException e) {
                throw new AssertionError("Property " + name + " could not generate the sample of try " + t + " of " + tries
                        + ", " + replay + ": " + e, e);
            }
            try {
                assertion.accept(sample);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("Property " + name + " failed on try " + t + " of " + tries + ", " + replay
                        + "\nsample: " + sample + "\nfailure: " + e.getMessage(), e);
            }
        }
        if (coverage != null) {
            try {
                coverage.check();
            } catch (AssertionError e) {
                throw new AssertionError("Property " + name + " passed " + tries + " tries but " + e.getMessage() + ", " + replay, e);
            }
            System.out.printf("Property %s: coverage %s%n", name, coverage);
        }
    }
}
