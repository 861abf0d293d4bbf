package vn.pulse.api.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Browser sessions of the read API, for what cannot send an {@code Authorization} header (the
 * page's {@code EventSource} on {@code /api/v1/stream}).
 *
 * <p>{@code POST /api/v1/session} with a valid bearer token answers {@code 204} and sets the cookie
 * {@value #COOKIE}: {@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} over HTTPS, with a
 * {@code Max-Age} of the configured lifetime and no {@code Path}: the browser scopes it to the path
 * it was set from, {@code /api/v1}, and so does behind a proxy that serves the API under a prefix. Its value is
 * {@code <expiry epoch seconds>.<HMAC-SHA256 of the expiry, keyed by the token>}: no server state, any
 * instance configured with the same token accepts it, and removing a token from the configuration
 * ends every session opened with it. The cookie admits {@code GET} and {@code HEAD} only (never a
 * change), until its expiry; one that claims to live longer than the configured lifetime is refused.
 */
public final class Sessions {

    public static final String COOKIE = "pulse_session";
    public static final String PATH = "/api/v1/session";
    private static final String MAC = "HmacSHA256";
    private static final byte[] PURPOSE = "pulse-api-session-v1|".getBytes(StandardCharsets.UTF_8);

    private final List<byte[]> tokens;
    private final Duration ttl;
    private final Clock clock;

    public Sessions(List<String> tokens, Duration ttl, Clock clock) {
        if (ttl == null || ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("session lifetime must be at least 1s, was " + ttl);
        }
        this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        this.ttl = ttl;
        this.clock = clock;
    }

    public Sessions(List<String> tokens, Duration ttl) {
        this(tokens, ttl, Clock.systemUTC());
    }

    /** The cookie value for a session opened with {@code token}, valid until {@code expiry}. */
    public static String value(String token, Instant expiry) {
        long seconds = expiry.getEpochSecond();
        return seconds + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(token.getBytes(StandardCharsets.UTF_8), seconds));
    }

    /** True when the request carries a session cookie signed with a configured token and not expired. */
    public boolean admits(Context ctx) {
        String value = ctx.cookie(COOKIE);
        return value != null && valid(value);
    }

    boolean valid(String value) {
        int dot = value.indexOf('.');
        if (dot < 1 || dot > 19) {
            return false;
        }
        long expiry;
        byte[] presented;
        try {
            expiry = Long.parseLong(value.substring(0, dot));
            presented = Base64.getUrlDecoder().decode(value.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        if (expiry <= now || expiry > now + ttl.toSeconds()) {
            return false;
        }
        boolean found = false;
        for (byte[] token : tokens) {
            found |= MessageDigest.isEqual(mac(token, expiry), presented);
        }
        return found;
    }

    /**
     * {@code POST /api/v1/session}: reached only with a valid bearer token ({@link BearerAuth} runs
     * before); sets the session cookie. Without configured tokens there is nothing to open: 204, no cookie.
     */
    public void open(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        if (!tokens.isEmpty()) {
            String token = BearerAuth.bearer(ctx.header("Authorization"));
            Instant expiry = clock.instant().plus(ttl);
            StringBuilder cookie = new StringBuilder(COOKIE).append('=').append(value(token, expiry))
                    .append("; Max-Age=").append(ttl.toSeconds()).append("; HttpOnly; SameSite=Strict");
            if (secure(ctx)) {
                cookie.append("; Secure");
            }
            ctx.header("Set-Cookie", cookie.toString());
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private static byte[] mac(byte[] key, long expiry) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key, MAC));
            mac.update(PURPOSE);
            return mac.doFinal(Long.toString(expiry).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(MAC + " unavailable", e);
        }
    }
}
