package io.trackstream.notifier.outcome;

/** How one HTTP call to an order system ended; the {@code outcome} tag of {@code trackstream.notifier.calls}. */
public enum CallOutcome {
    /** 2xx and the update was applied (Carriyo: 200 with the order). */
    OK("ok", false),
    /** Carriyo's empty 200: no order has that partner_order_reference. Recorded, never retried. */
    ORDER_NOT_FOUND("order_not_found", false),
    /** 400: the order system refused the body. Dead-lettered at once. */
    REJECTED("rejected", false),
    /** Another 4xx (401, 403, 404, 422 ...): retrying the same request cannot help. Dead-lettered at once. */
    CLIENT_ERROR("client_error", false),
    /** 429 (and 408): the order system asks us to slow down. Retried with back-off. */
    THROTTLED("throttled", true),
    /**
     * 409: by the Idempotency-Key convention (IETF httpapi draft), a request with the same key is still being
     * processed, typically the attempt whose answer we timed out on. Retried with back-off.
     */
    CONFLICT("conflict", true),
    /** 5xx. Retried with back-off. */
    SERVER_ERROR("server_error", true),
    /** No answer within the read (or connect) timeout. Retried: the call may or may not have been applied. */
    TIMEOUT("timeout", true),
    /** Connection refused, reset, DNS. Retried. */
    IO_ERROR("io_error", true);

    private final String tag;
    private final boolean retryable;

    CallOutcome(String tag, boolean retryable) {
        this.tag = tag;
        this.retryable = retryable;
    }

    public String tag() {
        return tag;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The outcome of an HTTP status that is not a success. */
    public static CallOutcome ofErrorStatus(int status) {
        if (status == 429 || status == 408) {
            return THROTTLED;
        }
        if (status == 409) {
            return CONFLICT;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        if (status == 400) {
            return REJECTED;
        }
        return CLIENT_ERROR;
    }
}
