package vn.pulse.api.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error answers as RFC 9457 problem details ({@code application/problem+json}): a stable
 * {@code type}, a short {@code title}, the {@code status}, a {@code detail} for people and, where a
 * request parameter is at fault, {@code parameter} naming it.
 */
public final class Problems {

    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://pulse.example/problems/";

    private Problems() {
    }

    /** 400: a query or path parameter is invalid; {@code parameter} names it. */
    public static void badParameter(Context ctx, String parameter, String detail) {
        Map<String, Object> body = body("bad-parameter", "Invalid parameter", HttpStatus.BAD_REQUEST, detail);
        body.put("parameter", parameter);
        send(ctx, HttpStatus.BAD_REQUEST, body);
    }

    /** 404: the named resource (a district, a gate) does not exist. */
    public static void notFound(Context ctx, String detail) {
        send(ctx, HttpStatus.NOT_FOUND, body("not-found", "Not found", HttpStatus.NOT_FOUND, detail));
    }

    /** 503 with {@code Retry-After}: the instance cannot answer yet. */
    public static void unavailable(Context ctx, int retryAfterSeconds, String detail) {
        ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
        send(ctx, HttpStatus.SERVICE_UNAVAILABLE, body("not-ready", "Not ready", HttpStatus.SERVICE_UNAVAILABLE, detail));
    }

    private static Map<String, Object> body(String type, String title, HttpStatus status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status.getCode());
        body.put("detail", detail);
        return body;
    }

    private static void send(Context ctx, HttpStatus status, Map<String, Object> body) {
        ctx.status(status).json(body).contentType(CONTENT_TYPE);
    }
}
