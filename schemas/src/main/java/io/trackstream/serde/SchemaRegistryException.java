package io.trackstream.serde;

/**
 * A Schema Registry call that did not succeed. {@link #httpStatus()} and {@link #errorCode()} are the registry's own
 * (for example 409, or 404 with 40403), or -1 where no answer came.
 */
public class SchemaRegistryException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    /** The registry refused a schema because it is not compatible with the subject's earlier versions (HTTP 409). */
    public static final class IncompatibleSchema extends SchemaRegistryException {
        public IncompatibleSchema(String message, int httpStatus, int errorCode) {
            super(message, httpStatus, errorCode, null);
        }
    }

    /** No schema with the requested id (HTTP 404, error code 40403). */
    public static final class SchemaNotFound extends SchemaRegistryException {
        public SchemaNotFound(String message, int httpStatus, int errorCode) {
            super(message, httpStatus, errorCode, null);
        }
    }

    /** The registry could not be reached, timed out, or answered with a server error. Worth retrying later. */
    public static final class Unavailable extends SchemaRegistryException {
        public Unavailable(String message, int httpStatus, Throwable cause) {
            super(message, httpStatus, -1, cause);
        }
    }
}
