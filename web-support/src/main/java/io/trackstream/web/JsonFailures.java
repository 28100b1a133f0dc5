package io.trackstream.web;

import java.util.stream.Collectors;

import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/** Reads, from a JSON parsing failure, which field was wrong and a one-line reason fit to show the caller. */
final class JsonFailures {

    private JsonFailures() {
    }

    /** The dotted path of the offending field (items[2].status_date), or null when the JSON itself is broken. */
    static String fieldPath(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            return databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining())
                    .replaceFirst("^\\.", "");
        }
        return null;
    }

    static String summary(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JacksonException jackson) {
            String message = jackson.getOriginalMessage();
            return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
        }
        return e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
    }
}
