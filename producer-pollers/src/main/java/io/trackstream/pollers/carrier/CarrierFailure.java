package io.trackstream.pollers.carrier;

/** Why a call to a provider did not give a usable answer; {@link #outcome()} is the metric tag. */
public enum CarrierFailure {
    CLIENT_ERROR("4xx", false),
    RATE_LIMITED("429", true),
    SERVER_ERROR("5xx", true),
    TIMEOUT("timeout", true),
    IO_ERROR("io_error", true),
    INVALID_RESPONSE("invalid_response", false);

    private final String outcome;
    private final boolean transient_;

    CarrierFailure(String outcome, boolean transient_) {
        this.outcome = outcome;
        this.transient_ = transient_;
    }

    public String outcome() {
        return outcome;
    }

    /** Whether asking again later may succeed. */
    public boolean isTransient() {
        return transient_;
    }

    /** Whether it says the provider is unhealthy (and so counts against its circuit breaker); 429 and 4xx do not. */
    public boolean isProviderFault() {
        return this == SERVER_ERROR || this == TIMEOUT || this == IO_ERROR;
    }
}
