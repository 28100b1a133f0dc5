package io.trackstream.pollers.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trackstream.web.ApiException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the courier-sync-shaped endpoint: the trackstream envelope (docs/conventions.md) plus the seed's
 * {@code "error": {"message", "type"}} object with its types (authentication_error, not_found_error,
 * rate_limit_error), so a client written against either reads them.
 */
@RestControllerAdvice(assignableTypes = CourierSyncController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CourierSyncErrors {

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Body> api(ApiException e) {
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::add);
        int status = e.status().value();
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(new Body(status, false, e.getMessage(), e.type(), e.field(), null, new Error(e.getMessage(), seedType(status))));
    }

    static String seedType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> "api_error";
        };
    }

    public record Body(int status, boolean success, String message, String type,
            @JsonInclude(JsonInclude.Include.NON_NULL) String field, Object data, Error error) {
    }

    public record Error(String message, String type) {
    }
}
