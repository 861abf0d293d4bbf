package vn.pulse.api.http;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** What a data handler sees of a request: its path and query parameters, its headers, and nothing to answer with. */
public interface Request {

    /** The path parameter {@code name} (e.g. {@code code} of {@code /gates/{code}}). */
    String pathParam(String name);

    /** The query parameter {@code name}, or {@code null} when the request has none. */
    String queryParam(String name);

    /** The request header {@code name}, or {@code null} when the request has none. */
    default String header(String name) {
        return null;
    }

    /** The required query parameter {@code name} as a {@code YYYY-MM-DD} date; a 400 naming it when missing or malformed. */
    default LocalDate requiredDate(String name) {
        String value = queryParam(name);
        if (value == null || value.isBlank()) {
            throw new ApiProblem.BadParameter(name, "'" + name + "' is required, as YYYY-MM-DD.");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiProblem.BadParameter(name, "'" + name + "' must be a date as YYYY-MM-DD, was '" + value + "'.");
        }
    }

    static Request of(Context ctx) {
        return new Request() {
            @Override
            public String pathParam(String name) {
                return ctx.pathParam(name);
            }

            @Override
            public String queryParam(String name) {
                return ctx.queryParam(name);
            }

            @Override
            public String header(String name) {
                return ctx.header(name);
            }
        };
    }

    /** A request with the given parameters (tests call handlers directly). */
    static Request of(Map<String, String> pathParams, Map<String, String> queryParams) {
        return new Request() {
            @Override
            public String pathParam(String name) {
                String value = pathParams.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("no path parameter " + name);
                }
                return value;
            }

            @Override
            public String queryParam(String name) {
                return queryParams.get(name);
            }
        };
    }
}
