package io.trackstream.web;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of a request into the JSON error envelope. Mistakes of the caller are 4xx with a type and,
 * where there is one, the field; only our own failures are 500, and those show an incident id, never a stack.
 * Ordered last, so a module's own advice for its own exceptions wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<ApiError> api(ApiException e) {
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::add);
        return ResponseEntity.status(e.status()).headers(headers).contentType(MediaType.APPLICATION_JSON).body(e.toError());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        String field = JsonFailures.fieldPath(e);
        String message = field == null
                ? "The request body is not valid JSON: " + JsonFailures.summary(e)
                : "Field '" + field + "' has the wrong type or format: " + JsonFailures.summary(e);
        return answer(HttpStatus.BAD_REQUEST, field == null ? "malformed_json" : "invalid_field", message, field);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    public ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
        FieldError first = e.getBindingResult().getFieldError();
        String field = first == null ? null : first.getField();
        String message = first == null ? "The request is invalid" : "Field '" + field + "' " + first.getDefaultMessage();
        return answer(HttpStatus.BAD_REQUEST, "invalid_field", message, field);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return answer(HttpStatus.BAD_REQUEST, "missing_parameter",
                "Query parameter '" + e.getParameterName() + "' is required", e.getParameterName());
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    public ResponseEntity<ApiError> missingHeader(MissingRequestHeaderException e) {
        return answer(HttpStatus.BAD_REQUEST, "missing_header", "Header '" + e.getHeaderName() + "' is required", e.getHeaderName());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return answer(HttpStatus.BAD_REQUEST, "invalid_parameter",
                "Parameter '" + e.getName() + "' has an invalid value", e.getName());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        // names the header at fault, like the 415 of a filter (ContentTypeFilter)
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "Content type " + e.getContentType() + " is not supported; send " + e.getSupportedMediaTypes(), HttpHeaders.CONTENT_TYPE);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return answer(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "This endpoint answers application/json", null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return answer(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                "Method " + e.getMethod() + " is not allowed here; use " + e.getSupportedHttpMethods(), null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<ApiError> noRoute(NoResourceFoundException e) {
        return answer(HttpStatus.NOT_FOUND, "not_found", "No endpoint " + e.getResourcePath(), null);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public ResponseEntity<ApiError> tooLarge(MaxUploadSizeExceededException e) {
        return answer(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "The request body is too large", null);
    }

    /** A multipart Content-Type on a body that is no multipart (no boundary, broken parts): the caller's 400. */
    @ExceptionHandler(MultipartException.class)
    public ResponseEntity<ApiError> brokenMultipart(MultipartException e) {
        return answer(HttpStatus.BAD_REQUEST, "malformed_body", "The request body is not the multipart its Content-Type says", null);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ApiError> unexpected(Exception e) {
        String incident = UUID.randomUUID().toString();
        log.error("Request failed unexpectedly (incident {})", incident, e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Something went wrong on our side; incident " + incident, null);
    }

    /**
     * Always JSON, whatever the request's Accept says: a Content-Type set here is taken as is, so an error for a caller
     * who accepts only image/png is still its 4xx, not a failure to write the error (a 500).
     */
    private static ResponseEntity<ApiError> answer(HttpStatus status, String type, String message, String field) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiError.of(status.value(), type, message, field));
    }
}
