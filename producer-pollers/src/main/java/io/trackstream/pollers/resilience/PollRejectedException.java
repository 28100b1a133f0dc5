package io.trackstream.pollers.resilience;

import java.time.Duration;

/**
 * A poll that was not sent to the provider at all: its circuit is open, no rate-limit permit came in time, or the
 * provider or carrier account is not configured. {@link #reason()} is the metric tag.
 */
public class PollRejectedException extends RuntimeException {

    public static final String CIRCUIT_OPEN = "circuit_open";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String NOT_CONFIGURED = "not_configured";

    private final String provider;
    private final String reason;
    private final Duration retryAfter;

    public PollRejectedException(String provider, String reason, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.provider = provider;
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public String provider() {
        return provider;
    }

    public String reason() {
        return reason;
    }

    /** When it is worth asking again; null for a configuration problem. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
