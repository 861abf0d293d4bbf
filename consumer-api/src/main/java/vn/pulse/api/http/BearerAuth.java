package vn.pulse.api.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Optional bearer-token authentication of reads under {@code /api/}: off when no token is
 * configured (the local run), on in a deployment. Tokens are compared in constant time and never
 * logged. Health and metrics endpoints stay open for probes and Prometheus. A {@code GET} or
 * {@code HEAD} without an {@code Authorization} header may present a session cookie instead
 * ({@link Sessions}): that is how the page's live feed authenticates.
 */
public final class BearerAuth {

    private final List<byte[]> tokens;
    private final Sessions sessions;

    public BearerAuth(List<String> tokens, Sessions sessions) {
        this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        this.sessions = sessions;
    }

    /** Bearer tokens only, no sessions. */
    public BearerAuth(List<String> tokens) {
        this(tokens, null);
    }

    /** The token of an {@code Authorization: Bearer <token>} header; null for another or no header. */
    static String bearer(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    public boolean enabled() {
        return !tokens.isEmpty();
    }

    /** Throws {@link ApiProblem.Unauthorized} (a 401 with {@code WWW-Authenticate}) unless the request carries a known token. */
    public void check(Context ctx) {
        if (!enabled() || !ctx.path().startsWith("/api/") || ctx.method() == HandlerType.OPTIONS) {
            return;
        }
        String header = ctx.header("Authorization");
        String token = bearer(header);
        if (token != null && known(token)) {
            return;
        }
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        if (header == null && read && sessions != null && sessions.admits(ctx)) {
            return;
        }
        String detail;
        if (header != null) {
            detail = "The bearer token is not valid.";
        } else if (read && ctx.cookie(Sessions.COOKIE) != null) {
            detail = "The session has expired or is not valid: open a new one (POST " + Sessions.PATH + " with the bearer token).";
        } else {
            detail = "This API needs a bearer token (Authorization: Bearer <token>); a browser may open a session (POST "
                    + Sessions.PATH + ").";
        }
        throw new ApiProblem.Unauthorized(detail);
    }

    private boolean known(String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] token : tokens) {
            found |= MessageDigest.isEqual(token, bytes);
        }
        return found;
    }
}
