package vn.pulse.registry.client;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The schema registry could not be reached, or kept answering with server errors, for the whole retry
 * time. Retriable: the same call may succeed later. Kafka clients treat it as a retriable error.
 */
public class SchemaRegistryUnavailableException extends RetriableException {

    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
