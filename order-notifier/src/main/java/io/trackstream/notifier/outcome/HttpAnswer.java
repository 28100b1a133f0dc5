package io.trackstream.notifier.outcome;

/** What an order system answered with a 2xx: the status and the body as text (empty when there was none). */
public record HttpAnswer(int status, String body) {

    public boolean hasBody() {
        return body != null && !body.isBlank();
    }
}
