package io.trackstream.ingest.payload;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.trackstream.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The content type a body must have: JSON in UTF-8, the only encoding the JSON standard allows between systems. The
 * body is kept as the exact bytes sent (the signature covers them, the raw events carry them), so it is never decoded
 * and re-encoded from another charset.
 */
public final class JsonContentType {

    private JsonContentType() {
    }

    /** The Content-Type header if it is JSON in UTF-8, else 415 naming the Content-Type header. */
    public static String require(String header) {
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

    private static ApiException unsupported(String message) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", message, HttpHeaders.CONTENT_TYPE,
                Map.of(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE));
    }
}
