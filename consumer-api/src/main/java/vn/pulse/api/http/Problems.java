package vn.pulse.api.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import vn.pulse.core.http.ProblemDetails;

/**
 * Error answers as RFC 9457 problem details ({@code application/problem+json}): a stable
 * {@code type}, a short {@code title}, the {@code status}, a {@code detail} for people and, where a
 * request parameter is at fault, {@code parameter} naming it.
 */
public final class Problems {

    public static final String CONTENT_TYPE = ProblemDetails.CONTENT_TYPE;

    private Problems() {
    }

    /** 400: a query or path parameter is invalid; {@code parameter} names it. */
    public static void badParameter(Context ctx, String parameter, String detail) {
        Map<String, Object> body =
                ProblemDetails.body("bad-parameter", "Invalid parameter", HttpStatus.BAD_REQUEST, detail);
        body.put("parameter", parameter);
        ProblemDetails.send(ctx, HttpStatus.BAD_REQUEST, body);
    }

    /** 404: the named resource (a district, a gate) does not exist. */
    public static void notFound(Context ctx, String detail) {
        ProblemDetails.send(ctx, HttpStatus.NOT_FOUND,
                ProblemDetails.body("not-found", "Not found", HttpStatus.NOT_FOUND, detail));
    }

    /** 503 with {@code Retry-After}: the instance cannot answer yet. */
    public static void unavailable(Context ctx, int retryAfterSeconds, String detail) {
        ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
        ProblemDetails.send(ctx, HttpStatus.SERVICE_UNAVAILABLE,
                ProblemDetails.body("not-ready", "Not ready", HttpStatus.SERVICE_UNAVAILABLE, detail));
    }

    /** 503 with {@code Retry-After}: the instance already serves as many live streams as it may. */
    public static void tooManyStreams(Context ctx, int retryAfterSeconds, String detail) {
        ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
        ProblemDetails.send(ctx, HttpStatus.SERVICE_UNAVAILABLE,
                ProblemDetails.body("too-many-streams", "Too many live streams", HttpStatus.SERVICE_UNAVAILABLE, detail));
    }
}
