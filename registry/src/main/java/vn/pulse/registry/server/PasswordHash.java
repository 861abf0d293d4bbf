package vn.pulse.registry.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password stored as a PBKDF2-HMAC-SHA256 hash: {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}, salt and
 * hash in base64. Verification recomputes the hash and compares in constant time.
 *
 * @param iterations PBKDF2 iterations (at least 1,000)
 * @param salt       the random salt (at least 8 bytes)
 * @param hash       the derived key (32 bytes)
 */
record PasswordHash(int iterations, byte[] salt, byte[] hash) {

    static final String SCHEME = "pbkdf2-sha256";
    /** Iterations of hashes this registry creates. */
    static final int DEFAULT_ITERATIONS = 100_000;
    private static final int MIN_ITERATIONS = 1_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    PasswordHash {
        salt = salt.clone();
        hash = hash.clone();
    }

    /** A new hash of {@code password} with a random salt. */
    static PasswordHash of(String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * Parses {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}.
     *
     * @throws IllegalArgumentException saying which part is wrong (never echoing the hash)
     */
    static PasswordHash parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("the password hash must look like " + SCHEME + ":<iterations>:<base64 salt>:<base64 hash>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iterations of the password hash must be a whole number");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("the iterations of the password hash must be between " + MIN_ITERATIONS + " and " + MAX_ITERATIONS);
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the salt and hash of the password hash must be base64");
        }
        if (salt.length < 8 || hash.length != KEY_BYTES) {
            throw new IllegalArgumentException("the password hash needs a salt of at least 8 bytes and a hash of " + KEY_BYTES + " bytes");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether {@code password} is the one hashed (constant-time comparison of the derived keys). */
    boolean matches(String password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** The text form, as written in a credentials file. */
    String encoded() {
        return SCHEME + ":" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(hash);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return SCHEME + ":" + iterations + ":***";
    }

    // Records compare arrays by identity; these are never used as keys, but keep equals meaningful.
    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash p && p.iterations == iterations && MessageDigest.isEqual(p.salt, salt)
                && MessageDigest.isEqual(p.hash, hash);
    }

    @Override
    public int hashCode() {
        return iterations * 31 + Arrays.hashCode(salt);
    }
}
