package io.trackstream.notifier.outcome;

import java.time.Duration;
import java.util.Optional;

/**
 * 429, 5xx, timeout, I/O: the same request may succeed later, so the record waits and is tried again. A
 * {@code Retry-After} the order system sent says how long to leave it alone.
 */
public final class RetryableFailure extends NotificationFailure {

    private final Duration retryAfter;

    public RetryableFailure(Target target, CallOutcome outcome, int httpStatus, String message, Throwable cause) {
        this(target, outcome, httpStatus, null, message, cause);
    }

    public RetryableFailure(Target target, CallOutcome outcome, int httpStatus, Duration retryAfter, String message,
            Throwable cause) {
        super(target, outcome, httpStatus, message, cause);
        this.retryAfter = retryAfter;
    }

    /** The order system's {@code Retry-After}, when it sent a usable one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public FailureReason deadLetterReason() {
        return FailureReason.RETRIES_EXHAUSTED;
    }
}
