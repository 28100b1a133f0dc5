package io.trackstream.notifier.outcome;

/**
 * What an order system answered: the status, the body as text (empty when there was none) and its
 * {@code Retry-After} header (null when absent).
 */
public record HttpAnswer(int status, String body, String retryAfter) {

    public HttpAnswer(int status, String body) {
        this(status, body, null);
    }

    public boolean hasBody() {
        return body != null && !body.isBlank();
    }
}
