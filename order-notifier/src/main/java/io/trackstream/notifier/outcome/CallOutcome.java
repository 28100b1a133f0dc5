package io.trackstream.notifier.outcome;

/** How one HTTP call to an order system ended; the {@code outcome} tag of {@code trackstream.notifier.calls}. */
public enum CallOutcome {
    /** Shop platform: 2xx, the update was applied. */
    OK("ok", false),
    /** Carriyo: 200 with the order, and the order is closed. */
    CLOSED("closed", false),
    /**
     * Carriyo: 200 with the order, which it left open (not eligible for auto-close, a Shopify order). Recorded, never
     * retried: the same request would get the same answer.
     */
    NOT_CLOSED("not_closed", false),
    /** Carriyo's empty 200: no order has that partner_order_reference. Recorded, never retried. */
    ORDER_NOT_FOUND("order_not_found", false),
    /**
     * Carriyo: a 2xx that is neither the order nor empty (202, 204, a body that is no order). Whether the order was
     * closed is unknown: dead-lettered at once for a person to look at.
     */
    UNEXPECTED_ANSWER("unexpected_answer", false),
    /** 400: the order system refused the body. Dead-lettered at once. */
    REJECTED("rejected", false),
    /**
     * 401: the credentials were refused. Carriyo: the access token is fetched again and the call made once more
     * before it is dead-lettered; shop platform: dead-lettered at once.
     */
    UNAUTHORIZED("unauthorized", false),
    /** Another 4xx (403, 404, 422 ...): retrying the same request cannot help. Dead-lettered at once. */
    CLIENT_ERROR("client_error", false),
    /** Carriyo's token endpoint refused the client credentials (a 4xx such as invalid_client). Dead-lettered at once. */
    TOKEN_REFUSED("token_refused", false),
    /** Carriyo's token endpoint failed (5xx, 429, timeout, I/O, an unreadable answer). Retried with back-off. */
    TOKEN_UNAVAILABLE("token_unavailable", true),
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
        if (status == 401) {
            return UNAUTHORIZED;
        }
        return CLIENT_ERROR;
    }
}
