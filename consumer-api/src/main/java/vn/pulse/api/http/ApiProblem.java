package vn.pulse.api.http;

import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * Why the API answers a request with an RFC 9457 problem instead of data. Handlers throw one;
 * {@link Problems#send} alone turns it into the {@code application/problem+json} answer. Each kind
 * fixes its {@code type} URI (under {@link vn.pulse.core.http.ProblemDetails#TYPE_BASE}), title,
 * status and headers; the detail says, for people, what was wrong with this request.
 */
public abstract sealed class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final String title;
    private final HttpStatus status;

    private ApiProblem(String type, String title, HttpStatus status, String detail) {
        super(detail, null, false, false);
        this.type = type;
        this.title = title;
        this.status = status;
    }

    /** The problem's type, the last segment of its {@code type} URI (e.g. {@code not-found}). */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public HttpStatus status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    /** The request parameter at fault, or {@code null}. */
    public String parameter() {
        return null;
    }

    /** Headers the answer carries besides the body. */
    public Map<String, String> headers() {
        return Map.of();
    }

    /** 404: the named resource (a district, a gate, a year's figures) does not exist. */
    public static final class NotFound extends ApiProblem {
        private static final long serialVersionUID = 1L;

        public NotFound(String detail) {
            super("not-found", "Not found", HttpStatus.NOT_FOUND, detail);
        }
    }

    /** 400: a query or path parameter cannot be used; the body's {@code parameter} names it. */
    public static final class BadParameter extends ApiProblem {
        private static final long serialVersionUID = 1L;
        private final String parameter;

        public BadParameter(String parameter, String detail) {
            super("bad-parameter", "Invalid parameter", HttpStatus.BAD_REQUEST, detail);
            this.parameter = parameter;
        }

        @Override
        public String parameter() {
            return parameter;
        }
    }

    /** 406: the request's {@code Accept} admits none of the representations the resource has. */
    public static final class NotAcceptable extends ApiProblem {
        private static final long serialVersionUID = 1L;

        public NotAcceptable(String detail) {
            super("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE, detail);
        }
    }

    /** 401 with {@code WWW-Authenticate}: the request carries no known bearer token. */
    public static final class Unauthorized extends ApiProblem {
        private static final long serialVersionUID = 1L;

        public Unauthorized(String detail) {
            super("unauthorized", "Unauthorized", HttpStatus.UNAUTHORIZED, detail);
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("WWW-Authenticate", "Bearer realm=\"pulse\"");
        }
    }

    /** A 503 the client should retry after {@code Retry-After} seconds. */
    public abstract static sealed class Unavailable extends ApiProblem {
        private static final long serialVersionUID = 1L;
        private final int retryAfterSeconds;

        private Unavailable(String type, String title, int retryAfterSeconds, String detail) {
            super(type, title, HttpStatus.SERVICE_UNAVAILABLE, detail);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", Integer.toString(retryAfterSeconds));
        }
    }

    /** 503: the instance is still loading the aggregate topics. */
    public static final class NotReady extends Unavailable {
        private static final long serialVersionUID = 1L;

        public NotReady(int retryAfterSeconds, String detail) {
            super("not-ready", "Not ready", retryAfterSeconds, detail);
        }
    }

    /** 503: the instance already serves as many live streams as it may. */
    public static final class TooManyStreams extends Unavailable {
        private static final long serialVersionUID = 1L;

        public TooManyStreams(int retryAfterSeconds, String detail) {
            super("too-many-streams", "Too many live streams", retryAfterSeconds, detail);
        }
    }
}
