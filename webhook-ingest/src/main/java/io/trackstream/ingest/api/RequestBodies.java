package io.trackstream.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.trackstream.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

/**
 * Reads a request body as the exact bytes sent, up to a limit. Webhook signatures are computed over these bytes, and
 * they are what the raw events keep, so the body is never decoded and re-encoded on the way. Also enforces the
 * content type: JSON in UTF-8, the only encoding the JSON standard allows between systems.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The request's content type if it is JSON in UTF-8, else 415 naming the Content-Type header. */
    public static String requireJson(HttpServletRequest request) {
        String header = request.getContentType();
        if (header == null || header.isBlank()) {
            throw unsupported("The request has no Content-Type; send application/json");
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            throw unsupported("Content-Type '" + header + "' is not a media type; send application/json");
        }
        boolean json = MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
        if (!json || type.isWildcardType() || type.isWildcardSubtype()) {
            throw unsupported("Content type " + header + " is not supported; send application/json");
        }
        Charset charset;
        try {
            charset = type.getCharset();
        } catch (IllegalArgumentException e) {
            throw unsupported("Charset of '" + header + "' is unknown; send UTF-8 JSON");
        }
        if (charset != null && !StandardCharsets.UTF_8.equals(charset)) {
            throw unsupported("Charset " + charset + " is not supported; send UTF-8 JSON");
        }
        return header;
    }

    /** The body's bytes; 413 as soon as it is known to exceed {@code limit}, without reading the rest. */
    public static byte[] read(HttpServletRequest request, DataSize limit) {
        long max = limit.toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable_body", "body", "The request body could not be read: " + e.getMessage());
        }
    }

    private static ApiException unsupported(String message) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", message, HttpHeaders.CONTENT_TYPE,
                Map.of(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE));
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                "The request body is larger than the limit of " + max + " bytes", "body", Map.of());
    }
}
