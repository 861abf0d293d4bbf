package vn.pulse.api.http;

import java.util.function.Function;

/**
 * Answers one data route ({@code GET /api/v1/...}) with a value, never by writing to the response:
 * the server serializes the value as JSON with the instance's {@code lag} and an {@code ETag}, and
 * answers an {@link ApiProblem} thrown at any step as its problem details.
 *
 * <p>Answering has two steps. {@link #handle} checks what needs no data (a malformed parameter, an
 * unknown district) and returns the {@link Answer}; the server computes it only once the read model
 * has loaded the aggregate topics, and answers {@code 503} until then.
 */
@FunctionalInterface
public interface DataHandler {

    Answer handle(Request request);

    /** A handler that checks nothing before the read model has loaded: {@code answer} runs only then. */
    static DataHandler afterLoading(Function<Request, Object> answer) {
        return request -> () -> answer.apply(request);
    }

    /** The body of a data answer, computed from the read model; it may throw {@link ApiProblem.NotFound}. */
    @FunctionalInterface
    interface Answer {
        Object body();
    }
}
