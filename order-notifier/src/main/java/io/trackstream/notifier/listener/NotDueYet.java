package io.trackstream.notifier.listener;

import java.time.Duration;

/**
 * A record of the retry topic that is not due yet. The error handler answers it by pausing the retry consumer for
 * {@link #remaining()} (no sleep, no call) and delivering the record again; it is never dead-lettered.
 */
public final class NotDueYet extends RuntimeException {

    private final Duration remaining;

    public NotDueYet(Duration remaining) {
        super("Not due for another " + remaining, null, false, false);
        this.remaining = remaining;
    }

    public Duration remaining() {
        return remaining;
    }
}
