package io.trackstream.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error answer of every trackstream API, in the Salesive envelope: the HTTP status echoed, {@code success}
 * false, a human message, a machine-readable {@code type}, the offending {@code field} of a bad request where there
 * is one, and {@code data} null.
 */
public record ApiError(int status, boolean success, String message, String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) String field, Object data) {

    public static ApiError of(int status, String type, String message) {
        return new ApiError(status, false, message, type, null, null);
    }

    public static ApiError of(int status, String type, String message, String field) {
        return new ApiError(status, false, message, type, field, null);
    }
}
