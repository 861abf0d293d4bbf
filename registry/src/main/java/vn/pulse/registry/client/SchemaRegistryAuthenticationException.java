package vn.pulse.registry.client;

/**
 * The schema registry refused this client's credentials (HTTP 401) or their role (HTTP 403) for the whole
 * retry time. A configuration problem, not a problem of any record: like an unreachable registry it is
 * retriable, so a Streams task or a producer waits for the credentials to be fixed instead of dead-lettering
 * records. Each refusal is counted in {@code pulse_registry_client_auth_failures_total{status}}.
 */
public class SchemaRegistryAuthenticationException extends SchemaRegistryUnavailableException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public SchemaRegistryAuthenticationException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the last refusal: 401 or 403. */
    public int status() {
        return status;
    }
}
