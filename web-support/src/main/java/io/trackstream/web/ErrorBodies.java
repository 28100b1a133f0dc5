package io.trackstream.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/** The error envelope written by a servlet filter, which runs before Spring MVC and its message converters. */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    /** {@code message} must be a constant text: it is written as is, not escaped. */
    public static void write(HttpServletResponse response, int status, String type, String message) throws IOException {
        write(response, status, type, message, null);
    }

    /** {@code message} and {@code field} must be constant texts: they are written as is, not escaped. */
    public static void write(HttpServletResponse response, int status, String type, String message, String field) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(("{\"status\":" + status + ",\"success\":false,\"message\":\"" + message
                + "\",\"type\":\"" + type + "\"" + (field == null ? "" : ",\"field\":\"" + field + "\"")
                + ",\"data\":null}").getBytes(StandardCharsets.UTF_8));
    }
}
