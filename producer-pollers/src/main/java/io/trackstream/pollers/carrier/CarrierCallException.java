package io.trackstream.pollers.carrier;

import java.time.Duration;

/**
 * A provider call that failed, with what the provider said: HTTP status, its own error message and type where its
 * error body has them (courier-sync's {@code {"error":{"message","type"}}}, Salesive's envelope), and Retry-After.
 */
public class CarrierCallException extends RuntimeException {

    private final String provider;
    private final CarrierFailure failure;
    private final int httpStatus;
    private final String carrierMessage;
    private final String carrierType;
    private final Duration retryAfter;

    public CarrierCallException(String provider, CarrierFailure failure, int httpStatus, String carrierMessage,
            String carrierType, Duration retryAfter, Throwable cause) {
        super(provider + " call failed: " + failure.outcome() + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "")
                + (carrierMessage != null ? ": " + carrierMessage : ""), cause, false, false);
        this.provider = provider;
        this.failure = failure;
        this.httpStatus = httpStatus;
        this.carrierMessage = carrierMessage;
        this.carrierType = carrierType;
        this.retryAfter = retryAfter;
    }

    public static CarrierCallException invalidResponse(String provider, String why) {
        return new CarrierCallException(provider, CarrierFailure.INVALID_RESPONSE, 0, why, null, null, null);
    }

    public String provider() {
        return provider;
    }

    public CarrierFailure failure() {
        return failure;
    }

    /** 0 when no HTTP answer was received. */
    public int httpStatus() {
        return httpStatus;
    }

    public String carrierMessage() {
        return carrierMessage;
    }

    public String carrierType() {
        return carrierType;
    }

    /** null when the provider did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
