package vn.pulse.producer.ingest;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.pulse.core.http.ProblemDetails;

/**
 * The gateway's error answers as RFC 9457 problem details ({@code application/problem+json}), in the
 * shape the consumer API uses ({@code type}, {@code title}, {@code status}, {@code detail}) plus
 * {@code errors}: every offending field as {@code {"path": "$[2].tons", "reason": "..."}}.
 */
final class IngestProblems {

    static final String CONTENT_TYPE = ProblemDetails.CONTENT_TYPE;

    private IngestProblems() {
    }

    static Map<String, Object> body(String type, String title, HttpStatus status, String detail) {
        return ProblemDetails.body("ingest/" + type, title, status, detail);
    }

    static Map<String, Object> withErrors(Map<String, Object> body, List<FieldError> errors) {
        body.put("errors", errors.stream().map(e -> {
            Map<String, String> error = new LinkedHashMap<>();
            error.put("path", e.path());
            error.put("reason", e.reason());
            return error;
        }).toList());
        return body;
    }

    static void send(Context ctx, HttpStatus status, Map<String, Object> body) {
        ProblemDetails.send(ctx, status, body);
    }
}
