package vn.pulse.registry.model;

/**
 * A request the registry refused or could not carry out, with the Confluent error code that says why
 * (see {@link ErrorCode}). The server answers it as {@code {"error_code": N, "message": "..."}}; the
 * HTTP client turns such an answer back into this exception.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int errorCode;

    public SchemaRegistryException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The Confluent error code, such as 40403. */
    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status that carries this error. */
    public int httpStatus() {
        return ErrorCode.httpStatus(errorCode);
    }

    /** Whether the subject, version or schema asked for does not exist. */
    public boolean isNotFound() {
        return httpStatus() == 404;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " (error code " + errorCode + ")";
    }

    /** The message without the error code, as sent in the response body. */
    public String detail() {
        return super.getMessage();
    }
}
