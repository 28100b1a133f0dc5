package io.trackstream.pollers.api;

import java.time.Duration;
import java.util.Map;

import io.trackstream.pollers.carrier.CarrierCallException;
import io.trackstream.pollers.resilience.PollRejectedException;
import io.trackstream.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * How a failed carrier call is told to a sync caller. The caller did nothing wrong, so none of these is a 4xx,
 * except 429: the carrier (or our limit on its behalf) asks us to slow down, and so we ask the caller, with the
 * carrier's Retry-After.
 */
final class CarrierFailures {

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    private CarrierFailures() {
    }

    static ApiException toApiException(CarrierCallException e) {
        String said = e.carrierMessage() == null ? "" : ": " + e.carrierMessage();
        return switch (e.failure()) {
            case RATE_LIMITED -> tooManyRequests("carrier_rate_limited",
                    "The carrier is limiting our requests" + said, e.retryAfter() == null ? DEFAULT_RETRY_AFTER : e.retryAfter());
            case TIMEOUT -> new ApiException(HttpStatus.GATEWAY_TIMEOUT, "carrier_timeout", "The carrier did not answer in time");
            case SERVER_ERROR, IO_ERROR -> new ApiException(HttpStatus.BAD_GATEWAY, "carrier_unavailable",
                    "The carrier is not answering properly" + said);
            case CLIENT_ERROR -> new ApiException(HttpStatus.BAD_GATEWAY, "carrier_rejected",
                    "The carrier refused the tracking request (HTTP " + e.httpStatus() + ")" + said);
            case INVALID_RESPONSE -> new ApiException(HttpStatus.BAD_GATEWAY, "carrier_invalid_response",
                    "The carrier's answer could not be read" + said);
        };
    }

    static ApiException toApiException(PollRejectedException e) {
        return switch (e.reason()) {
            case PollRejectedException.RATE_LIMITED -> tooManyRequests("rate_limited",
                    "Too many requests to this carrier right now", e.retryAfter());
            case PollRejectedException.CIRCUIT_OPEN -> ApiException.unavailable("carrier_unavailable",
                    "The carrier is failing; we are not calling it for a while", seconds(e.retryAfter()));
            default -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "provider_not_configured",
                    "This shipment's carrier API is not configured here");
        };
    }

    private static ApiException tooManyRequests(String type, String message, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, type, message, null,
                Map.of("Retry-After", Long.toString(seconds(retryAfter))));
    }

    private static long seconds(Duration d) {
        if (d == null) {
            return DEFAULT_RETRY_AFTER.toSeconds();
        }
        long s = d.toSeconds() + (d.toMillisPart() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
