package vn.pulse.producer.ingest;

import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;

/**
 * Why the gateway refuses a request, thrown by the check that finds it and answered in one place
 * ({@link IngestServer}): the HTTP status, the RFC 9457 {@code type} (after {@code .../problems/ingest/}),
 * {@code title} and {@code detail}, the offending fields, the {@code reason} label of
 * {@code pulse.ingest.rejections} and how many events the request loses (counted as rejected). One
 * subclass per status; each carries the headers its status calls for.
 */
abstract sealed class IngestProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient HttpStatus status;
    private final String type;
    private final String title;
    private final transient List<FieldError> errors;
    private final String reason;
    private final int events;

    private IngestProblem(HttpStatus status, String type, String title, String detail, List<FieldError> errors, String reason, int events) {
        // A refusal, not a failure: no stack trace to fill.
        super(detail, null, false, false);
        assert IngestServer.REJECTION_REASONS.contains(reason) : reason;
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.reason = reason;
        this.events = events;
    }

    HttpStatus status() {
        return status;
    }

    /** The problem type, e.g. {@code invalid-events}. */
    String type() {
        return type;
    }

    String detail() {
        return getMessage();
    }

    List<FieldError> errors() {
        return errors;
    }

    /** The {@code reason} label of {@code pulse.ingest.rejections}. */
    String reason() {
        return reason;
    }

    /** How many events the request carried that are not written (at least 1). */
    int events() {
        return events;
    }

    /** Headers sent with the answer. */
    Map<String, String> headers() {
        return Map.of();
    }

    /** The problem+json body: type, title, status, detail, and {@code errors} when fields are named. */
    Map<String, Object> body() {
        Map<String, Object> body = IngestProblems.body(type, title, status, getMessage());
        return errors.isEmpty() ? body : IngestProblems.withErrors(body, errors);
    }

    /** 400: a body that cannot be read, is not JSON, or holds invalid events. */
    static final class BadRequest extends IngestProblem {
        private static final long serialVersionUID = 1L;

        private BadRequest(String type, String title, String detail, List<FieldError> errors, int events) {
            super(HttpStatus.BAD_REQUEST, type, title, detail, errors, "validation", events);
        }

        static BadRequest unreadableBody(String why) {
            return new BadRequest("unreadable-body", "Unreadable body", "the request body could not be read: " + why, List.of(), 1);
        }

        static BadRequest malformedJson(String detail, FieldError error) {
            return new BadRequest("malformed-json", "Malformed JSON", detail, List.of(error), 1);
        }

        static BadRequest invalidEvents(String detail, List<FieldError> errors, int events) {
            return new BadRequest("invalid-events", "Invalid events", detail, errors, events);
        }
    }

    /** 401: no key, or not a valid one. */
    static final class Unauthorized extends IngestProblem {
        private static final long serialVersionUID = 1L;

        Unauthorized(String detail) {
            super(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, List.of(), "auth", 1);
        }

        @Override
        Map<String, String> headers() {
            return Map.of("WWW-Authenticate", "Bearer realm=\"pulse-ingest\"");
        }
    }

    /** 403: the key may not write this kind, or these gates or districts. */
    static final class Forbidden extends IngestProblem {
        private static final long serialVersionUID = 1L;

        Forbidden(String detail, List<FieldError> errors, int events) {
            super(HttpStatus.FORBIDDEN, "forbidden", "Outside the key's scope", detail, errors, "scope", events);
        }
    }

    /** 413: the body or the batch is larger than allowed. */
    static final class TooLarge extends IngestProblem {
        private static final long serialVersionUID = 1L;

        private TooLarge(String type, String title, String detail, int events) {
            super(HttpStatus.CONTENT_TOO_LARGE, type, title, detail, List.of(), "too-large", events);
        }

        static TooLarge body(int maxBytes) {
            return new TooLarge("too-large", "Request too large", "the body exceeds " + maxBytes + " bytes; split the batch", 1);
        }

        static TooLarge batch(int events, int maxEvents) {
            return new TooLarge("too-many-events", "Too many events", events + " events in one request; at most " + maxEvents, events);
        }
    }

    /** 415: not sent as JSON. */
    static final class UnsupportedMediaType extends IngestProblem {
        private static final long serialVersionUID = 1L;

        UnsupportedMediaType(String contentType) {
            super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                    "send Content-Type: application/json (was " + (contentType == null ? "none" : "'" + contentType + "'") + ")",
                    List.of(), "validation", 1);
        }
    }

    /** 429: the key wrote more events than its rate allows; retry after {@code retryAfterSeconds}. */
    static final class RateLimited extends IngestProblem {
        private static final long serialVersionUID = 1L;
        private final long retryAfterSeconds;

        RateLimited(String detail, long retryAfterSeconds, int events) {
            super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many events", detail, List.of(), "rate-limit", events);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        Map<String, String> headers() {
            return Map.of("Retry-After", Long.toString(retryAfterSeconds));
        }
    }

    /** 503: Kafka did not acknowledge every event; the body says which were written. */
    static final class Unavailable extends IngestProblem {
        private static final long serialVersionUID = 1L;
        private final long written;
        private final transient List<Map<String, Object>> results;

        Unavailable(String detail, long written, List<Map<String, Object>> results, int notWritten) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Kafka unavailable", detail, List.of(), "unavailable", notWritten);
            this.written = written;
            this.results = List.copyOf(results);
        }

        @Override
        Map<String, String> headers() {
            return Map.of("Retry-After", Integer.toString(IngestServer.RETRY_AFTER_UNAVAILABLE_SECONDS));
        }

        @Override
        Map<String, Object> body() {
            Map<String, Object> body = super.body();
            body.put("count", written);
            body.put("events", results);
            return body;
        }
    }
}
