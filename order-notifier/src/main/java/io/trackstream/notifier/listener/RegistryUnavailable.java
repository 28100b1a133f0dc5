package io.trackstream.notifier.listener;

/**
 * The writer schema of a record could not be fetched because the Schema Registry cannot be reached (or answered 5xx).
 * The record is fine: the consumer waits and tries it again until the registry is back; it is never dead-lettered.
 */
public final class RegistryUnavailable extends RuntimeException {

    public RegistryUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
