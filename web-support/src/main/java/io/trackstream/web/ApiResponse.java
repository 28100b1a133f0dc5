package io.trackstream.web;

/** A successful answer in the Salesive envelope: the HTTP status echoed, {@code success} true, a message, the data. */
public record ApiResponse<T>(int status, boolean success, String message, T data) {

    public static <T> ApiResponse<T> ok(String message, T data) {
        return new ApiResponse<>(200, true, message, data);
    }

    public static <T> ApiResponse<T> of(int status, String message, T data) {
        return new ApiResponse<>(status, status < 400, message, data);
    }
}
