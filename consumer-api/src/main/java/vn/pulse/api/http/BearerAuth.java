package vn.pulse.api.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Optional bearer-token authentication of reads under {@code /api/}: off when no token is
 * configured (the local run), on in a deployment. Tokens are compared in constant time and never
 * logged. Health and metrics endpoints stay open for probes and Prometheus.
 */
public final class BearerAuth {

    private final List<byte[]> tokens;

    public BearerAuth(List<String> tokens) {
        this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
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
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && known(header.substring(7).trim())) {
            return;
        }
        throw new ApiProblem.Unauthorized(header == null
                ? "This API needs a bearer token (Authorization: Bearer <token>)."
                : "The bearer token is not valid.");
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
