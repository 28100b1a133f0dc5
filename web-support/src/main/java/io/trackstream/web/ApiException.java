package io.trackstream.web;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A request that cannot be served, with what the caller should be told. Thrown anywhere in a request, it becomes an
 * {@link ApiError} answer; nothing of its stack reaches the caller.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String field;
    private final Map<String, String> headers;

    public ApiException(HttpStatus status, String type, String message, String field, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.type = type;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    public ApiException(HttpStatus status, String type, String message) {
        this(status, type, message, null, Map.of());
    }

    public static ApiException badRequest(String type, String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, type, message, field, Map.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", message);
    }

    public static ApiException unauthorized(String type, String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, type, message, null, Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, "insufficient_scope", message);
    }

    public static ApiException unavailable(String type, String message, long retryAfterSeconds) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, type, message, null,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String field() {
        return field;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ApiError toError() {
        return ApiError.of(status.value(), type, getMessage(), field);
    }
}
