package vn.pulse.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import vn.pulse.core.http.ProblemDetails;

/**
 * Writes every error answer of the API, as RFC 9457 problem details ({@code application/problem+json}):
 * a stable {@code type} URI, a short {@code title}, the {@code status}, a {@code detail} for people,
 * the {@code instance} (the request's path) and, where a request parameter is at fault,
 * {@code parameter} naming it. The server registers {@link #send} as the handler of every
 * {@link ApiProblem}.
 */
public final class Problems {

    public static final String CONTENT_TYPE = ProblemDetails.CONTENT_TYPE;

    private Problems() {
    }

    /** Answers {@code problem}: its status, its headers and its body. */
    public static void send(ApiProblem problem, Context ctx) {
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status()).json(body(problem, ctx.path())).contentType(CONTENT_TYPE);
    }

    /** 503 with {@code Retry-After}: the instance already serves as many live streams as it may. */
    public static void tooManyStreams(Context ctx, int retryAfterSeconds, String detail) {
        send(new ApiProblem.TooManyStreams(retryAfterSeconds, detail), ctx);
    }

    /** The body of {@code problem} answered to a request for {@code path}. */
    private static Body body(ApiProblem problem, String path) {
        return new Body(ProblemDetails.TYPE_BASE + problem.type(), problem.title(), problem.status().getCode(),
                problem.detail(), path, problem.parameter());
    }

    /** An {@code application/problem+json} body; {@code parameter} only where a parameter is at fault. */
    record Body(String type, String title, int status, String detail, String instance,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String parameter) {
    }
}
