package io.trackstream.ingest.payload;

import java.util.Map;

import io.trackstream.avro.RejectionReason;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The 400 answer for a payload we could not use, with the same error types web-support uses for JSON bodies; 413 for
 * one over a bound of the contract (a field too long, too many entries).
 */
public final class BadRequests {

    private BadRequests() {
    }

    public static ApiException of(InvalidPayloadException invalid) {
        if (invalid.reason() == RejectionReason.TOO_LARGE) {
            return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too_large", invalid.getMessage(), invalid.field(), Map.of());
        }
        String type = switch (invalid.reason()) {
            case MALFORMED_PAYLOAD -> "malformed_json";
            case MISSING_FIELD -> "missing_field";
            default -> "invalid_field";
        };
        return new ApiException(HttpStatus.BAD_REQUEST, type, invalid.getMessage(), invalid.field(), Map.of());
    }
}
