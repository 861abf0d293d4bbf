package vn.pulse.core.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error answers of every Pulse HTTP service as RFC 9457 problem details
 * ({@code application/problem+json}): a stable {@code type} URI, a short {@code title}, the
 * {@code status} and a {@code detail} for people. Services add their own members (the API's
 * {@code parameter}, the ingest gateway's {@code errors}) to the map before sending it.
 */
public final class ProblemDetails {

    public static final String CONTENT_TYPE = "application/problem+json";
    /** Every problem type URI starts here; the API's are {@code <base><type>}, the gateway's {@code <base>ingest/<type>}. */
    public static final String TYPE_BASE = "https://pulse.example/problems/";

    private ProblemDetails() {
    }

    /** A mutable body with the four standard members, in that order. */
    public static Map<String, Object> body(String type, String title, HttpStatus status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status.getCode());
        body.put("detail", detail);
        return body;
    }

    public static void send(Context ctx, HttpStatus status, Map<String, Object> body) {
        ctx.status(status).json(body).contentType(CONTENT_TYPE);
    }
}
