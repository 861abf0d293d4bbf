package vn.pulse.registry.model;

/**
 * Confluent Schema Registry error codes: the HTTP status followed by two digits that say which rule failed.
 * The HTTP status of an error is {@link #httpStatus(int)}.
 */
public final class ErrorCode {

    /** No credentials, or a wrong user or password (HTTP 401, with {@code WWW-Authenticate}). */
    public static final int UNAUTHORIZED = 40101;
    /** A known user whose role does not allow the request (HTTP 403). */
    public static final int FORBIDDEN = 40301;
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    public static final int VERSION_SOFT_DELETED = 40406;
    public static final int VERSION_NOT_SOFT_DELETED = 40407;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int SUBJECT_MODE_NOT_CONFIGURED = 40409;
    /** Incompatible schema. Confluent's servers answer plain 409 here; so do we (see docs/registry.md). */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int INVALID_MODE = 42204;
    public static final int OPERATION_NOT_PERMITTED = 42205;
    public static final int REFERENCE_EXISTS = 42206;
    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int METHOD_NOT_ALLOWED = 405;
    public static final int STORE_ERROR = 50001;
    public static final int OPERATION_TIMEOUT = 50002;
    public static final int INTERNAL_ERROR = 500;

    private ErrorCode() {
    }

    /** The HTTP status of an error code: {@code 40401 → 404}, {@code 409 → 409}. */
    public static int httpStatus(int errorCode) {
        return errorCode >= 1000 ? errorCode / 100 : errorCode;
    }
}
